package dev.safesqlite.internal.jdbc;

import dev.safesqlite.internal.classify.StatementClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.jdbc4.JDBC4PreparedStatement;
import org.sqlite.jdbc4.JDBC4Statement;

/**
 * Issue 17's design alternative, prototyped only far enough to measure it with OltpHarness:
 * statements that extend sqlite-jdbc's own JDBC4Statement/JDBC4PreparedStatement and protect in
 * the execute methods the harness calls, instead of delegating wrappers. Not a front to use:
 * every other execute path, batch and setter is left as sqlite-jdbc's, unprotected.
 */
public final class SubclassPrototype {

    private SubclassPrototype() {
    }

    public static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return new Prepared((SafeConnection) c, sql);
    }

    public static Statement statement(Connection c) {
        return new Plain((SafeConnection) c);
    }

    static final class Plain extends JDBC4Statement {
        private final SafeConnection safe;

        Plain(SafeConnection safe) {
            super(safe);
            this.safe = safe;
        }

        @Override
        public int executeUpdate(String sql) throws SQLException {
            boolean covered = safe.beforeExecute(sql, true, null);
            int n = super.executeUpdate(sql);
            safe.coveredStatementFinished(covered);
            return n;
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            boolean covered = safe.beforeExecute(sql, false, null);
            ResultSet rs = super.executeQuery(sql);
            safe.coveredStatementFinished(covered);
            return rs;
        }
    }

    static final class Prepared extends JDBC4PreparedStatement {
        private final SafeConnection safe;
        private final StatementClassifier.Prepared judged;
        private final BoundParameters parameters;

        Prepared(SafeConnection safe, String sql) throws SQLException {
            super(safe, sql);
            this.safe = safe;
            this.judged = safe.prepared(sql);
            this.parameters = new BoundParameters(judged != null && judged.readsBoundValues());
        }

        private boolean protect() throws SQLException {
            return safe.mayNeedBackup(judged) && safe.beforeExecute(judged, parameters.snapshot());
        }

        @Override
        public void setInt(int index, int x) throws SQLException {
            super.setInt(index, x);
            parameters.set(index, x);
        }

        @Override
        public void setLong(int index, long x) throws SQLException {
            super.setLong(index, x);
            parameters.set(index, x);
        }

        @Override
        public void setString(int index, String x) throws SQLException {
            super.setString(index, x);
            parameters.set(index, x);
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            boolean covered = protect();
            ResultSet rs = super.executeQuery();
            safe.coveredStatementFinished(covered);
            return rs;
        }

        @Override
        public int executeUpdate() throws SQLException {
            boolean covered = protect();
            int n = super.executeUpdate();
            safe.coveredStatementFinished(covered);
            return n;
        }
    }
}
