package dev.safesqlite.internal.retention;

/** Why a backup survives a retention run; a kept backup has one or more, for a dry-run listing. */
public enum KeepReason {

    /** One of the {@code retain.last} newest backups. */
    LAST("last"),
    /** The newest backup of one of the last {@code retain.daily} local days that have backups. */
    DAILY("daily"),
    /** The newest backup of one of the last {@code retain.weekly} ISO weeks that have backups. */
    WEEKLY("weekly"),
    /** The newest backup of one of the last {@code retain.monthly} months that have backups. */
    MONTHLY("monthly"),
    /**
     * The oldest backup, kept because there were fewer days with backups than {@code retain.daily}
     * asks for. restic does the same, so that a young history is kept as long as the count allows.
     */
    OLDEST_DAILY("oldest daily"),
    /** As {@link #OLDEST_DAILY}, for weeks. */
    OLDEST_WEEKLY("oldest weekly"),
    /** As {@link #OLDEST_DAILY}, for months. */
    OLDEST_MONTHLY("oldest monthly"),
    /** Younger than {@code retain.within}, counted from the newest backup. */
    WITHIN("within"),
    /** A {@code manual} or pinned backup, which retention never deletes. */
    ALWAYS_KEPT("manual or pinned"),
    /** The rules kept none of the backups they govern, and deleting them all is refused. */
    DELETE_ALL_REFUSED("the policy would delete every backup");

    private final String label;

    KeepReason(String label) {
        this.label = label;
    }

    /** A few words for a dry-run listing, in the words restic's {@code forget} uses. */
    public String label() {
        return label;
    }
}
