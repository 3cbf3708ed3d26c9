package dev.safesqlite.internal.retention;

import java.util.List;

/**
 * What a retention run keeps and deletes. Together, {@code kept} and {@code deleted} hold every
 * candidate exactly once; both are newest first.
 *
 * @param deleteAllRefused true when the rules would have deleted every backup they govern, so
 *                         this decision deletes nothing instead (and says so)
 */
public record RetentionDecision(List<KeptBackup> kept, List<BackupCandidate> deleted,
                                boolean deleteAllRefused) {

    public RetentionDecision {
        kept = List.copyOf(kept);
        deleted = List.copyOf(deleted);
    }
}
