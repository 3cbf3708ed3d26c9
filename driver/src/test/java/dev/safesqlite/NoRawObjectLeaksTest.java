package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every object reachable from a protected connection leads back to protected objects: a raw
 * sqlite-jdbc statement or connection would run SQL without the backup (HikariCP #1444,
 * OpenTelemetry #10550 were this bug).
 */
@ExtendWith(AwaitBackgroundWork.class)
class NoRawObjectLeaksTest {

    @TempDir
    Path dir;
    private TestDatabase db;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.withOrders(dir, 3);
    }

    @Test
    void statementsAndTheirResultSetsLeadBackToTheProtectedConnection() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            assertSame(c, st.getConnection());
            try (ResultSet rs = st.executeQuery("SELECT id FROM orders")) {
                assertSame(st, rs.getStatement());
                assertProtected(rs.getMetaData());
            }
            assertTrue(st.execute("SELECT id FROM orders"));
            try (ResultSet rs = st.getResultSet()) {
                assertSame(st, rs.getStatement());
            }
            st.executeUpdate("INSERT INTO orders(item, qty) VALUES ('new', 1)");
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(4, keys.getLong(1));
                assertSame(c, keys.getStatement().getConnection());
            }
        }
    }

    @Test
    void preparedStatementsAndTheirMetadataLeadBackToTheProtectedConnection() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url());
             PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id > ?")) {
            assertSame(c, ps.getConnection());
            ps.setInt(1, 0);
            try (ResultSet rs = ps.executeQuery()) {
                assertSame(ps, rs.getStatement());
            }
            // sqlite-jdbc's answers here are the raw result set and the raw statement themselves.
            assertProtected(ps.getMetaData());
            assertFalse(ps.getMetaData() instanceof ResultSet);
            assertProtected(ps.getParameterMetaData());
            assertFalse(ps.getParameterMetaData() instanceof PreparedStatement);
            assertEquals(1, ps.getParameterMetaData().getParameterCount());
        }
    }

    @Test
    void databaseMetadataAndItsResultSetsLeadBackToTheProtectedConnection() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url())) {
            DatabaseMetaData meta = c.getMetaData();
            assertProtected(meta);
            assertSame(c, meta.getConnection());
            try (ResultSet tables = meta.getTables(null, null, "orders", null)) {
                assertTrue(tables.next());
                assertEquals("orders", tables.getString("TABLE_NAME"));
                assertProtected(tables);
                Statement behind = tables.getStatement();
                assertNotNull(behind, "sqlite-jdbc gives metadata results a statement; so do we");
                assertProtected(behind);
                assertSame(c, behind.getConnection());
            }
        }
    }

    /** Not an sqlite-jdbc implementation class: those lead to the raw connection. */
    private static void assertProtected(Object o) {
        assertNotNull(o);
        assertFalse(o.getClass().getName().startsWith("org.sqlite."), "a raw sqlite-jdbc object: " + o.getClass());
    }
}
