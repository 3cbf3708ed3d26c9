package dev.safesqlite;

import static dev.safesqlite.SafeSqliteDriverTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.config.Setting;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

@ExtendWith(AwaitBackgroundWork.class)
class SafeSqliteDataSourceTest {

    @TempDir
    Path dir;

    @Test
    void everySettingIsABeanPropertyNamedAfterIt() throws Exception {
        Map<String, PropertyDescriptor> properties = new HashMap<>();
        for (PropertyDescriptor p : Introspector.getBeanInfo(SafeSqliteDataSource.class).getPropertyDescriptors()) {
            properties.put(p.getName(), p);
        }
        List<String> missing = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting == Setting.AGENT_ON_ERROR || setting == Setting.ENABLED) {
                continue; // read by the agent only, by the Spring Boot starter only
            }
            PropertyDescriptor p = properties.get(beanName(setting));
            if (p == null || p.getReadMethod() == null || p.getWriteMethod() == null || p.getPropertyType() != String.class) {
                missing.add(setting.key() + " as " + beanName(setting));
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(properties.containsKey("url"));
    }

    @Test
    void opensProtectedConnectionsWithItsSettings() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 5);
        SafeSqliteDataSource ds = new SafeSqliteDataSource();
        ds.setUrl("jdbc:safesqlite:" + db.file());
        ds.setBackupDir(db.backupDir().toString());
        ds.setSetting("backup.on.startup", "false");
        assertEquals(db.backupDir().toString(), ds.getSetting("safesqlite.backup.dir"));

        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertTrue(c.isWrapperFor(SQLiteConnection.class));
            assertEquals("5", query(st, "SELECT count(*) FROM orders"));
            st.execute("DROP TABLE orders");
        }
        assertEquals(1, db.preOperationBackups().size(), "the backup belongs in the backupDir set on the DataSource");
    }

    @Test
    void takesAJdbcSqliteUrlAsTheSameDatabaseProtected() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 5);
        SafeSqliteDataSource ds = new SafeSqliteDataSource();
        ds.setUrl("jdbc:sqlite:" + db.file());
        ds.setBackupDir(db.backupDir().toString());
        ds.setBackupOnStartup("false");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE orders");
        }
        assertEquals(1, db.preOperationBackups().size());
    }

    @Test
    void aBadSettingFailsGetConnectionNamingKeyValueAndSource() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 1);
        SafeSqliteDataSource ds = new SafeSqliteDataSource();
        ds.setUrl("jdbc:safesqlite:" + db.file());
        ds.setRetainLast("ten");
        SQLException e = assertThrows(SQLException.class, ds::getConnection);
        assertTrue(e.getMessage().contains("safesqlite.retain.last") && e.getMessage().contains("ten")
                && e.getMessage().contains("connection properties"), e.getMessage());

        ds.setRetainLast(null);
        assertNull(ds.getRetainLast());
        ds.setSetting("retian.last", "5");
        SQLException unknown = assertThrows(SQLException.class, ds::getConnection);
        assertTrue(unknown.getMessage().contains("safesqlite.retian.last"), unknown.getMessage());
        assertEquals(0, db.openHandles());
    }

    @Test
    void withoutAUsableUrlGetConnectionSaysWhatToSet() {
        SafeSqliteDataSource ds = new SafeSqliteDataSource();
        SQLException none = assertThrows(SQLException.class, ds::getConnection);
        assertTrue(none.getMessage().contains("url"), none.getMessage());
        ds.setUrl("jdbc:postgresql://localhost/app");
        SQLException foreign = assertThrows(SQLException.class, ds::getConnection);
        assertTrue(foreign.getMessage().contains("jdbc:safesqlite:"), foreign.getMessage());
    }

    /** {@code backup.on.startup} is {@code backupOnStartup}. */
    private static String beanName(Setting setting) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char ch : setting.shortName().toCharArray()) {
            if (ch == '.') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return name.toString();
    }
}
