package dev.safesqlite.internal.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * Parameter descriptions of a prepared statement. sqlite-jdbc's own object is the raw prepared
 * statement itself (cast it to PreparedStatement and it runs SQL unprotected), so it is wrapped.
 *
 * <p>Public only for code that reaches methods by reflection on {@code getClass()}; not API.
 */
public final class SafeParameterMetaData implements ParameterMetaData {

    private final ParameterMetaData delegate;

    SafeParameterMetaData(ParameterMetaData delegate) {
        this.delegate = delegate;
    }

    @Override
    public int getParameterCount() throws SQLException {
        return delegate.getParameterCount();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        return delegate.isNullable(param);
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return delegate.isSigned(param);
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return delegate.getPrecision(param);
    }

    @Override
    public int getScale(int param) throws SQLException {
        return delegate.getScale(param);
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return delegate.getParameterType(param);
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return delegate.getParameterTypeName(param);
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return delegate.getParameterClassName(param);
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        return delegate.getParameterMode(param);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, delegate, iface, "Use it through java.sql.ParameterMetaData.");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Unwrapping.isWrapperFor(this, iface);
    }
}
