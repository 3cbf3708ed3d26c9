package dev.safesqlite.fuzz;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The ways JDBC sends SQL (SPEC 4: "every way SQL reaches SQLite"). {@link #run} sends a whole
 * call; {@link #runAlone} sends one of its statements the way the raw side replays it, one
 * statement at a time, so the state between the statements of a batch can be read.
 */
enum JdbcPath {
    STATEMENT_EXECUTE(Shape.ONE), STATEMENT_EXECUTE_UPDATE(Shape.ONE), STATEMENT_EXECUTE_LARGE_UPDATE(Shape.ONE),
    STATEMENT_EXECUTE_QUERY(Shape.ROWS),
    STATEMENT_BATCH(Shape.SEVERAL), STATEMENT_SEVERAL_IN_ONE_STRING(Shape.SEVERAL),
    PREPARED_EXECUTE(Shape.ONE), PREPARED_EXECUTE_UPDATE(Shape.ONE), PREPARED_EXECUTE_LARGE_UPDATE(Shape.ONE),
    PREPARED_EXECUTE_QUERY(Shape.ROWS), PREPARED_BATCH(Shape.SAME_SQL_SEVERAL_VALUES),
    /** sqlite-jdbc 3.54 refuses {@code prepareCall}: both sides must refuse it alike, and no SQL runs. */
    CALLABLE_EXECUTE(Shape.ONE),
    POOL_STATEMENT_EXECUTE(Shape.ONE), POOL_PREPARED_EXECUTE_UPDATE(Shape.ONE), POOL_STATEMENT_BATCH(Shape.SEVERAL),
    POOL_PREPARED_BATCH(Shape.SAME_SQL_SEVERAL_VALUES),
    /** auto-commit off, the call, then commit (what a pool with auto-commit off or Spring's @Transactional does) */
    PREPARED_EXECUTE_UPDATE_IN_TRANSACTION(Shape.ONE), STATEMENT_BATCH_IN_TRANSACTION(Shape.SEVERAL);

    /** Which calls a path can send. */
    enum Shape {
        /** one statement that returns no rows (or whose rows are not asked for) */
        ONE,
        /** one statement whose rows are read: SELECT, RETURNING */
        ROWS,
        /** several statements without bound values */
        SEVERAL,
        /** one statement, several sets of bound values */
        SAME_SQL_SEVERAL_VALUES
    }

    final Shape shape;

    JdbcPath(Shape shape) {
        this.shape = shape;
    }

    boolean pooled() {
        return name().startsWith("POOL_");
    }

    /** Paths without a statement object of their own bind no values. */
    boolean bindsValues() {
        return name().startsWith("PREPARED") || name().startsWith("CALLABLE") || this == POOL_PREPARED_EXECUTE_UPDATE
                || this == POOL_PREPARED_BATCH;
    }

    /** The path that sends the same call with auto-commit on. */
    private JdbcPath autoCommitted() {
        return switch (this) {
            case PREPARED_EXECUTE_UPDATE_IN_TRANSACTION -> PREPARED_EXECUTE_UPDATE;
            case STATEMENT_BATCH_IN_TRANSACTION -> STATEMENT_BATCH;
            default -> this;
        };
    }

    void run(Connection c, Call call) throws SQLException {
        List<Call.Step> steps = call.steps();
        if (autoCommitted() != this) {
            c.setAutoCommit(false);
            try {
                autoCommitted().run(c, call);
            } finally {
                // a failed statement undoes only itself: committing keeps what ran before it, as
                // auto-commit (and the raw side's replay) does
                c.commit();
                c.setAutoCommit(true);
            }
            return;
        }
        switch (this) {
            case STATEMENT_BATCH, POOL_STATEMENT_BATCH -> {
                try (Statement st = c.createStatement()) {
                    for (Call.Step step : steps) st.addBatch(step.sql());
                    st.executeBatch();
                }
            }
            case STATEMENT_SEVERAL_IN_ONE_STRING -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(call.joinedSql());
                }
            }
            case PREPARED_BATCH, POOL_PREPARED_BATCH -> {
                try (PreparedStatement ps = c.prepareStatement(steps.get(0).sql())) {
                    for (Call.Step step : steps) {
                        bind(ps, step);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            default -> runAlone(c, steps.get(0));
        }
    }

    /** Sends one statement with this path's own method (a batch path replays with a single execute). */
    void runAlone(Connection c, Call.Step step) throws SQLException {
        if (autoCommitted() != this) {
            autoCommitted().runAlone(c, step);
            return;
        }
        switch (this) {
            case STATEMENT_EXECUTE, POOL_STATEMENT_EXECUTE -> {
                try (Statement st = c.createStatement()) {
                    st.execute(step.sql());
                }
            }
            case STATEMENT_EXECUTE_UPDATE -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(step.sql());
                }
            }
            case STATEMENT_EXECUTE_LARGE_UPDATE -> {
                try (Statement st = c.createStatement()) {
                    st.executeLargeUpdate(step.sql());
                }
            }
            case STATEMENT_EXECUTE_QUERY -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(step.sql())) {
                    drain(rs);
                }
            }
            case STATEMENT_BATCH, STATEMENT_SEVERAL_IN_ONE_STRING, POOL_STATEMENT_BATCH -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(step.sql());
                }
            }
            case PREPARED_EXECUTE, PREPARED_EXECUTE_UPDATE, PREPARED_EXECUTE_LARGE_UPDATE, PREPARED_EXECUTE_QUERY,
                    PREPARED_BATCH, POOL_PREPARED_EXECUTE_UPDATE, POOL_PREPARED_BATCH -> {
                try (PreparedStatement ps = c.prepareStatement(step.sql())) {
                    bind(ps, step);
                    switch (this) {
                        case PREPARED_EXECUTE -> ps.execute();
                        case PREPARED_EXECUTE_LARGE_UPDATE -> ps.executeLargeUpdate();
                        case PREPARED_EXECUTE_QUERY -> {
                            try (ResultSet rs = ps.executeQuery()) {
                                drain(rs);
                            }
                        }
                        default -> ps.executeUpdate();
                    }
                }
            }
            case PREPARED_EXECUTE_UPDATE_IN_TRANSACTION, STATEMENT_BATCH_IN_TRANSACTION ->
                    throw new IllegalStateException("sent with auto-commit on");
            case CALLABLE_EXECUTE -> {
                try (CallableStatement cs = c.prepareCall(step.sql())) {
                    bind(cs, step);
                    cs.execute();
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Call.Step step) throws SQLException {
        for (int i = 0; i < step.values().size(); i++) step.values().get(i).bind(ps, i + 1);
    }

    private static void drain(ResultSet rs) throws SQLException {
        while (rs.next()) {
            rs.getObject(1);
        }
    }
}
