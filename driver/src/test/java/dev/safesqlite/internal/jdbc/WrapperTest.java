package dev.safesqlite.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteConnection;

/**
 * Every method of every JDBC interface a wrapper implements is implemented by SafeSQLite itself:
 * not left to an interface default (how {@code executeLargeUpdate} slipped past wrappers), not
 * inherited from sqlite-jdbc (whose SQLiteConnection methods keep their own state). A JDK that
 * adds a JDBC method makes this fail until the wrapper handles it. (The idea of OpenTelemetry's
 * JDBC WrapperTest.)
 */
class WrapperTest {

    static Stream<Arguments> wrappers() {
        return Stream.of(
                Arguments.of(Connection.class, SafeConnection.class),
                Arguments.of(Statement.class, SafeStatement.class),
                Arguments.of(PreparedStatement.class, SafePreparedStatement.class),
                Arguments.of(CallableStatement.class, SafeCallableStatement.class),
                Arguments.of(ResultSet.class, SafeResultSet.class),
                Arguments.of(DatabaseMetaData.class, SafeDatabaseMetaData.class),
                Arguments.of(ResultSetMetaData.class, SafeResultSetMetaData.class),
                Arguments.of(ParameterMetaData.class, SafeParameterMetaData.class));
    }

    @ParameterizedTest(name = "{1} implements every method of {0}")
    @MethodSource("wrappers")
    void everyInterfaceMethodIsImplementedByTheWrapper(Class<?> jdbcInterface, Class<?> wrapper) throws Exception {
        List<String> notOurs = new ArrayList<>();
        for (Method m : jdbcInterface.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?> implementer = wrapper.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass();
            if (implementer.isInterface() || !implementer.getPackageName().equals(SafeConnection.class.getPackageName())) {
                notOurs.add(m.getName() + " from " + implementer.getName());
            }
        }
        assertEquals(List.of(), notOurs, wrapper.getSimpleName() + " leaves these to someone else");
    }

    @Test
    void everyPublicMethodOfSqliteConnectionIsOverriddenByTheProtectedConnection() {
        List<String> inherited = new ArrayList<>();
        for (Method m : SafeConnection.class.getMethods()) {
            Class<?> declarer = m.getDeclaringClass();
            if (declarer != SafeConnection.class && declarer != Object.class && !Modifier.isStatic(m.getModifiers())) {
                inherited.add(m.getName() + " from " + declarer.getName());
            }
        }
        assertEquals(List.of(), inherited, "these would run on the wrapper's own, diverging SQLiteConnection state");
        assertTrue(SQLiteConnection.class.isAssignableFrom(SafeConnection.class), "casts to SQLiteConnection must work");
    }
}
