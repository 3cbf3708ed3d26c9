package dev.safesqlite;

import java.nio.file.Path;

/**
 * The outcome of checking the audit log's hash chain.
 *
 * @param file            the active audit log file
 * @param intact          no line was edited, deleted, inserted or reordered
 * @param lines           how many lines were checked (rolled files included)
 * @param fromFirstLine   the oldest line kept is the first ever written (else the caps deleted older files)
 * @param firstBreak      where and why the chain breaks, or null when intact
 */
public record AuditVerification(Path file, boolean intact, long lines, boolean fromFirstLine, String firstBreak) {
}
