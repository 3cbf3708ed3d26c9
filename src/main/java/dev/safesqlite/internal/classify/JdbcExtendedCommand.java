package dev.safesqlite.internal.classify;

import java.util.regex.Pattern;

/**
 * sqlite-jdbc's own commands, which {@code Statement.execute} and {@code executeUpdate} take
 * before SQLite sees the text ({@code org.sqlite.ExtendedCommand}): a string whose first six
 * characters are {@code backup} or first seven {@code restore}, in any case, is one of them or
 * an error, never SQL. {@code restore [db] from FILE} replaces the database with the file: DDL.
 * {@code backup [db] to FILE} only reads it.
 */
final class JdbcExtendedCommand {

    /** sqlite-jdbc's own pattern, matched against the whole string as it does. */
    private static final Pattern RESTORE = Pattern.compile(
            "restore(\\s+(\"[^\"]*\"|'[^']*'|\\S+))?\\s+from\\s+(\"[^\"]*\"|'[^']*'|\\S+)",
            Pattern.CASE_INSENSITIVE);

    private JdbcExtendedCommand() {
    }

    static boolean isExtendedCommand(String sql) {
        return (sql.length() > 5 && sql.regionMatches(true, 0, "backup", 0, 6))
                || (sql.length() > 6 && sql.regionMatches(true, 0, "restore", 0, 7));
    }

    /** @return the restore as DDL, or null for a backup or a string sqlite-jdbc rejects */
    static Candidate candidate(String sql) {
        return sql.regionMatches(true, 0, "restore", 0, 7) && RESTORE.matcher(sql).matches()
                ? UnconditionalDdl.of(sql)
                : null;
    }
}
