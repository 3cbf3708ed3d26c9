package dev.safesqlite.fuzz;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One call an application makes: the JDBC path it takes and the statements it sends (one, or
 * several for a batch or a several-statement string), each with its bound values.
 */
record Call(String shape, JdbcPath path, List<Step> steps, Set<Tag> tags, String target) {

    /** What the generator knows about a call that SQLite's effect alone does not show. */
    enum Tag {
        /** VACUUM or REINDEX: DDL by SPEC 4 although the schema reads the same afterwards. */
        DDL_WITHOUT_SCHEMA_CHANGE,
        /** The call changes rows only through {@code WHERE id = value} on the target's primary key. */
        BY_UNIQUE_KEY
    }

    /** One statement and its bound values. */
    record Step(String sql, List<BoundValue> values) {
        Step(String sql) {
            this(sql, List.of());
        }
    }

    /** The string a several-statement {@code executeUpdate} sends. */
    String joinedSql() {
        return steps.stream().map(Step::sql).collect(Collectors.joining("; "));
    }

    String describe() {
        StringBuilder sb = new StringBuilder("  shape: ").append(shape).append("\n  path:  ").append(path).append('\n');
        for (Step step : steps) {
            sb.append("  sql:   ").append(visible(step.sql()));
            if (!step.values().isEmpty()) sb.append("\n         values ").append(step.values());
            sb.append('\n');
        }
        return sb.toString();
    }

    /** SQL as a Java string literal would show it, so a NUL or a line break is seen. */
    static String visible(String sql) {
        return sql.replace("\\", "\\\\").replace("\u0000", "\\u0000").replace("\n", "\\n");
    }
}
