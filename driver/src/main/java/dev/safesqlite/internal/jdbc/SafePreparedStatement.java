package dev.safesqlite.internal.jdbc;

import dev.safesqlite.internal.classify.BoundValues;
import dev.safesqlite.internal.classify.StatementClassifier;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;

/**
 * A prepared statement that shows the engine its SQL together with the values bound to it
 * before it runs, so a DELETE or UPDATE is judged by the rows it would really touch. Preparing
 * runs nothing and takes no backup; executing does. Every setter records its value after
 * sqlite-jdbc accepted it, in the form sqlite-jdbc bound it ({@code setByte}, {@code setShort} and
 * {@code setBoolean} bind an integer, {@code setBigDecimal} text; see
 * {@link BoundValues#asBound} for what {@code setObject} binds); values from streams, readers and LOBs are recorded as
 * {@link BoundValues#UNKNOWN}, and so are dates given with a Calendar, whose stored form the
 * engine cannot reproduce.
 *
 * <p>Public only for code that reaches methods by reflection on {@code getClass()}; not API.
 */
public class SafePreparedStatement extends SafeStatement implements PreparedStatement {

    private final String sql;
    /** What the engine needs of {@link #sql}, decided when it was prepared (null: never protected). */
    private final StatementClassifier.Prepared judged;
    private final PreparedStatement prepared;
    private final BoundParameters parameters;
    /** One copy of the bound values per addBatch(), in order. */
    private final List<Object[]> batch = new ArrayList<>();

    SafePreparedStatement(SafeConnection connection, PreparedStatement prepared, String sql) throws SQLException {
        super(connection, prepared);
        this.prepared = prepared;
        this.sql = sql;
        StatementClassifier.Prepared judged;
        try {
            judged = connection.prepared(sql);
        } catch (SQLException e) {
            closeAfterFailure(prepared, e);
            throw e;
        }
        this.judged = judged;
        // a SELECT's values are never read: its setters record nothing (no boxing, no copy)
        this.parameters = new BoundParameters(judged != null && judged.readsBoundValues());
    }

    private static void closeAfterFailure(PreparedStatement prepared, SQLException failure) {
        try {
            prepared.close();
        } catch (SQLException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    /**
     * Before the prepared SQL runs once; only its first statement runs (sqlite-jdbc compiles one).
     * True when a backup covers it (then {@link #ran} after it).
     */
    private boolean protect() throws SQLException {
        // No cache look-up (the parse was taken when it was prepared), and no copy of the bound
        // values unless the engine reads them: not for a SELECT, an INSERT or a change by key.
        return connection.mayNeedBackup(judged) && connection.beforeExecute(judged, boundValues());
    }

    /** The values the engine sees for the next run; a CallableStatement adds its named parameters. */
    Object[] boundValues() throws SQLException {
        return parameters.snapshot();
    }

    /** Streams, readers and LOBs given to setObject cannot be read twice or compared. */
    static Object captured(Object x) {
        if (x instanceof InputStream || x instanceof Reader || x instanceof Blob || x instanceof Clob
                || x instanceof SQLXML || x instanceof Ref || x instanceof Array || x instanceof RowId) {
            return BoundValues.UNKNOWN;
        }
        return x;
    }

    // ---- SQL that runs ----

    @Override
    public ResultSet executeQuery() throws SQLException {
        boolean covered = protect();
        return ran(covered, wrap(prepared.executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        boolean covered = protect();
        return ran(covered, prepared.executeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        boolean covered = protect();
        return ran(covered, prepared.executeLargeUpdate());
    }

    @Override
    public boolean execute() throws SQLException {
        boolean covered = protect();
        return ran(covered, prepared.execute());
    }

    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
        batch.add(boundValues());
    }

    @Override
    public void clearBatch() throws SQLException {
        prepared.clearBatch();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        boolean covered = connection.beforeBatch(sql, Collections.unmodifiableList(batch));
        try {
            return ran(covered, prepared.executeBatch());
        } finally {
            batch.clear(); // sqlite-jdbc empties its batch whether or not it succeeded
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        boolean covered = connection.beforeBatch(sql, Collections.unmodifiableList(batch));
        try {
            return ran(covered, prepared.executeLargeBatch());
        } finally {
            batch.clear();
        }
    }

    // JDBC forbids the SQL-string methods on a PreparedStatement and sqlite-jdbc refuses them; refusing
    // here as well means no SQL string can slip past the engine should a later version accept them.

    private static SQLException notOnPreparedStatement() {
        return new SQLException("method cannot be called on a PreparedStatement");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPreparedStatement();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPreparedStatement();
    }

    // ---- metadata: sqlite-jdbc answers with the raw statement and result set themselves ----

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSetMetaData metaData = prepared.getMetaData();
        return metaData == null ? null : new SafeResultSetMetaData(metaData);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        ParameterMetaData metaData = prepared.getParameterMetaData();
        return metaData == null ? null : new SafeParameterMetaData(metaData);
    }

    // ---- parameters: each setter records what it bound ----

    @Override
    public void clearParameters() throws SQLException {
        prepared.clearParameters();
        parameters.clear();
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        prepared.setNull(parameterIndex, sqlType);
        parameters.set(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        prepared.setBoolean(parameterIndex, x);
        parameters.set(parameterIndex, x ? 1 : 0);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        prepared.setByte(parameterIndex, x);
        parameters.set(parameterIndex, (int) x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        prepared.setShort(parameterIndex, x);
        parameters.set(parameterIndex, (int) x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        prepared.setInt(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        prepared.setLong(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        prepared.setFloat(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        prepared.setDouble(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        prepared.setBigDecimal(parameterIndex, x);
        parameters.set(parameterIndex, x == null ? null : x.toString());
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        prepared.setString(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        prepared.setBytes(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        prepared.setDate(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        prepared.setTime(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        prepared.setTimestamp(parameterIndex, x);
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        prepared.setAsciiStream(parameterIndex, x, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        prepared.setUnicodeStream(parameterIndex, x, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        prepared.setBinaryStream(parameterIndex, x, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        prepared.setObject(parameterIndex, x, targetSqlType);
        parameters.set(parameterIndex, captured(x));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        prepared.setObject(parameterIndex, x);
        parameters.set(parameterIndex, captured(x));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        prepared.setCharacterStream(parameterIndex, reader, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        prepared.setRef(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        prepared.setBlob(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        prepared.setClob(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        prepared.setArray(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        prepared.setDate(parameterIndex, x, cal);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        prepared.setTime(parameterIndex, x, cal);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        prepared.setTimestamp(parameterIndex, x, cal);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        prepared.setNull(parameterIndex, sqlType, typeName);
        parameters.set(parameterIndex, null);
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        prepared.setURL(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        prepared.setRowId(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        prepared.setNString(parameterIndex, value);
        parameters.set(parameterIndex, value);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        prepared.setNCharacterStream(parameterIndex, value, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        prepared.setNClob(parameterIndex, value);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        prepared.setClob(parameterIndex, reader, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        prepared.setBlob(parameterIndex, inputStream, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        prepared.setNClob(parameterIndex, reader, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        prepared.setSQLXML(parameterIndex, xmlObject);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        prepared.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        parameters.set(parameterIndex, captured(x));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        prepared.setAsciiStream(parameterIndex, x, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        prepared.setBinaryStream(parameterIndex, x, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        prepared.setCharacterStream(parameterIndex, reader, length);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        prepared.setAsciiStream(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        prepared.setBinaryStream(parameterIndex, x);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        prepared.setCharacterStream(parameterIndex, reader);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        prepared.setNCharacterStream(parameterIndex, value);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        prepared.setClob(parameterIndex, reader);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        prepared.setBlob(parameterIndex, inputStream);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        prepared.setNClob(parameterIndex, reader);
        parameters.setUnknown(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        prepared.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        parameters.set(parameterIndex, captured(x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        prepared.setObject(parameterIndex, x, targetSqlType);
        parameters.set(parameterIndex, captured(x));
    }
}
