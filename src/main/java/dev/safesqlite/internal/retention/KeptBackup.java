package dev.safesqlite.internal.retention;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A backup that survives a retention run, and every reason it does.
 *
 * @param reasons never empty; iterates in {@link KeepReason} declaration order
 */
public record KeptBackup(BackupCandidate backup, Set<KeepReason> reasons) {

    public KeptBackup {
        Objects.requireNonNull(backup, "backup");
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a kept backup needs a reason: " + backup.id());
        }
        reasons = Collections.unmodifiableSet(EnumSet.copyOf(reasons));
    }
}
