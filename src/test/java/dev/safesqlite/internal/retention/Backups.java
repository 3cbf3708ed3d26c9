package dev.safesqlite.internal.retention;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds candidates and reads decisions, so that the tests read as what they check. */
final class Backups {

    private Backups() {
    }

    /** An automatic backup whose id is its creation time, so failures print readably. */
    static BackupCandidate auto(Instant created) {
        return new BackupCandidate(created.toString(), created, false);
    }

    static BackupCandidate auto(String id, Instant created) {
        return new BackupCandidate(id, created, false);
    }

    static BackupCandidate manual(String id, Instant created) {
        return new BackupCandidate(id, created, true);
    }

    /** A wall-clock time in {@code zone}; for a time that occurs twice, the earlier one. */
    static Instant local(String localDateTime, ZoneId zone) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone).toInstant();
    }

    static List<String> keptIds(RetentionDecision decision) {
        return decision.kept().stream().map(k -> k.backup().id()).toList();
    }

    static List<String> deletedIds(RetentionDecision decision) {
        return decision.deleted().stream().map(BackupCandidate::id).toList();
    }

    /** Kept ids with their reasons, newest first. */
    static Map<String, Set<KeepReason>> reasonsById(RetentionDecision decision) {
        Map<String, Set<KeepReason>> reasons = new LinkedHashMap<>();
        decision.kept().forEach(k -> reasons.put(k.backup().id(), k.reasons()));
        return reasons;
    }
}
