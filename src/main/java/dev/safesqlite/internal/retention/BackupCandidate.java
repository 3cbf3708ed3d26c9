package dev.safesqlite.internal.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * One backup as retention sees it: no file, only what the rules need.
 *
 * @param id         names the backup to whoever acts on the decision (its file name); unique
 *                   within one decision
 * @param created    when the backup was taken
 * @param alwaysKept true for {@code manual} and pinned backups: never deleted, and invisible to
 *                   the rules, so that a user's own backups do not push automatic ones out
 */
public record BackupCandidate(String id, Instant created, boolean alwaysKept) {

    public BackupCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
    }
}
