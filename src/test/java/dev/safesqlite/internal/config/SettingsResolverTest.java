package dev.safesqlite.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("safesqlite.retain.last");
        System.clearProperty("safesqlite.config");
        System.clearProperty("safesqlite.bogus");
    }

    private static SettingsResolver resolver() {
        return SettingsResolver.builder().environment(Map.of());
    }

    @Test
    void defaultsAreTheSpecsDefaults() throws Exception {
        Settings s = resolver().resolve();
        assertTrue(s.wal());
        assertEquals(Duration.ofMillis(5000), s.busyTimeout());
        assertEquals(EnumSet.allOf(Protect.class), s.protect());
        assertEquals(1000, s.bulkRows());
        assertEquals(Duration.ofSeconds(60), s.coalesce());
        assertTrue(s.blockOnFailure());
        assertEquals(Path.of("/data/backups"), s.backupDir(Path.of("/data/app.db")));
        assertEquals("quick", s.backupVerify());
        assertEquals("none", s.backupCompress());
        assertTrue(s.backupOnStartup());
        assertEquals(false, s.backupOnShutdown());
        assertNull(s.backupDaily());
        assertEquals(10, s.retainLast());
        assertEquals(7, s.retainDaily());
        assertEquals(4, s.retainWeekly());
        assertEquals(12, s.retainMonthly());
        assertEquals(Duration.ofDays(1), s.retainWithin());
        assertEquals(Duration.ofHours(1), s.checkpointInterval());
        assertEquals(Path.of("/data/backups/audit.log"), s.auditFile(Path.of("/data/app.db")));
        assertEquals(10L << 20, s.auditMaxSize());
        assertEquals(30, s.auditMaxHistory());
        assertEquals(1L << 30, s.auditTotalCap());
        assertEquals(Source.DEFAULT, s.sourceOf(Setting.RETAIN_LAST));
    }

    @Test
    void eachSourceOverridesTheOnesBelowIt() throws Exception {
        Path file = tmp.resolve("s.properties");
        Files.writeString(file, "retain.last=1\nretain.daily=1\nretain.weekly=1\nretain.monthly=1\nbulk.rows=1\nsafesqlite.coalesce=1s\n");
        System.setProperty("safesqlite.config", file.toString());
        System.setProperty("safesqlite.retain.last", "4");
        Properties props = new Properties();
        props.setProperty("safesqlite.retain.last", "2");
        props.setProperty("journal_mode", "WAL"); // sqlite-jdbc's own key: left alone
        Settings s = resolver()
                .environment(Map.of("SAFESQLITE_RETAIN_LAST", "5", "SAFESQLITE_RETAIN_DAILY", "5"))
                .agentArguments(Map.of("retain.last", "6", "retain.weekly", "6"))
                .urlParameters(Map.of("safesqlite.retain.last", "3", "safesqlite.retain.monthly", "3"))
                .connectionProperties(props)
                .resolve();
        assertEquals(2, s.retainLast());
        assertEquals(Source.CONNECTION_PROPERTIES, s.sourceOf(Setting.RETAIN_LAST));
        assertEquals(3, s.retainMonthly());
        assertEquals(Source.URL, s.sourceOf(Setting.RETAIN_MONTHLY));
        assertEquals(6, s.retainWeekly());
        assertEquals(Source.AGENT_ARGUMENTS, s.sourceOf(Setting.RETAIN_WEEKLY));
        assertEquals(5, s.retainDaily());
        assertEquals(Source.ENVIRONMENT, s.sourceOf(Setting.RETAIN_DAILY));
        assertEquals(1, s.bulkRows());
        assertEquals(Source.FILE, s.sourceOf(Setting.BULK_ROWS));
        assertEquals(Duration.ofSeconds(1), s.coalesce());
        System.clearProperty("safesqlite.retain.last");
        System.setProperty("safesqlite.retain.weekly", "9");
        try {
            Settings t = resolver().agentArguments(Map.of("retain.weekly", "6")).resolve();
            assertEquals(6, t.retainWeekly(), "agent arguments outrank system properties");
        } finally {
            System.clearProperty("safesqlite.retain.weekly");
        }
    }

    @Test
    void parsesDurationsSizesAndTimes() throws Exception {
        Settings s = resolver().urlParameters(Map.of(
                "safesqlite.coalesce", "PT5M",
                "safesqlite.retain.within", "7d",
                "safesqlite.checkpoint.interval", "0",
                "safesqlite.busy.timeout", "250ms",
                "safesqlite.audit.max.size", "16KB",
                "safesqlite.backup.daily", "02:00",
                "safesqlite.protect", "none")).resolve();
        assertEquals(Duration.ofMinutes(5), s.coalesce());
        assertEquals(Duration.ofDays(7), s.retainWithin());
        assertEquals(Duration.ZERO, s.checkpointInterval());
        assertEquals(Duration.ofMillis(250), s.busyTimeout());
        assertEquals(16384, s.auditMaxSize());
        assertEquals(LocalTime.of(2, 0), s.backupDaily());
        assertTrue(s.protect().isEmpty());
    }

    @Test
    void anUnparsableValueNamesKeyValueAndSource() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> resolver()
                .urlParameters(Map.of("safesqlite.bulk.rows", "lots")).resolve());
        assertEquals("SS002", e.getSQLState());
        assertTrue(e.getMessage().contains("safesqlite.bulk.rows='lots'"), e.getMessage());
        assertTrue(e.getMessage().contains("URL query parameter"), e.getMessage());

        e = assertThrows(InvalidSettingException.class, () -> resolver()
                .agentArguments(Map.of("coalesce", "60 seconds")).resolve());
        assertTrue(e.getMessage().contains("safesqlite.coalesce='60 seconds'") && e.getMessage().contains("agent arguments"),
                e.getMessage());

        e = assertThrows(InvalidSettingException.class, () -> resolver()
                .urlParameters(Map.of("safesqlite.protect", "ddl,bulk-delet")).resolve());
        assertTrue(e.getMessage().contains("bulk-delet"), e.getMessage());
    }

    @Test
    void anUnknownKeyFailsInEverySource() throws Exception {
        Properties props = new Properties();
        props.setProperty("safesqlite.retain.lst", "3");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> resolver().connectionProperties(props).resolve());
        assertTrue(e.getMessage().contains("safesqlite.retain.lst") && e.getMessage().contains("connection properties"),
                e.getMessage());

        e = assertThrows(InvalidSettingException.class,
                () -> resolver().environment(Map.of("SAFESQLITE_BACKUPDIR", "/x")).resolve());
        assertTrue(e.getMessage().contains("SAFESQLITE_BACKUPDIR='/x'"), e.getMessage());
        // The launcher's own variable is not a setting.
        assertEquals(10, resolver().environment(Map.of("SAFESQLITE_CLI_JAR", "/opt/x.jar")).resolve().retainLast());

        System.setProperty("safesqlite.bogus", "1");
        e = assertThrows(InvalidSettingException.class, () -> resolver().resolve());
        assertTrue(e.getMessage().contains("safesqlite.bogus") && e.getMessage().contains("system property"),
                e.getMessage());
    }

    @Test
    void aNamedSettingsFileThatCannotBeReadIsAnError() {
        System.setProperty("safesqlite.config", tmp.resolve("missing.properties").toString());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> resolver().resolve());
        assertTrue(e.getMessage().contains("missing.properties"), e.getMessage());
    }

    @Test
    void urlParametersOfOursAreRemovedAndOthersKeptInOrder() {
        SqliteUrl u = SqliteUrl.parse("jdbc:sqlite:/d/app.db?journal_mode=WAL&safesqlite.backup.dir=/b%20x&busy_timeout=10");
        assertEquals("jdbc:sqlite:/d/app.db?journal_mode=WAL&busy_timeout=10", u.sqliteUrl());
        assertEquals(Map.of("safesqlite.backup.dir", "/b x"), u.settings());
        assertEquals("jdbc:sqlite:/d/app.db", SqliteUrl.parse("jdbc:sqlite:/d/app.db?safesqlite.wal=false").sqliteUrl());
        assertEquals("jdbc:sqlite::memory:", SqliteUrl.parse("jdbc:sqlite::memory:").sqliteUrl());
        assertEquals("jdbc:sqlite:file:a.db?mode=ro", SqliteUrl.parse("jdbc:sqlite:file:a.db?mode=ro").sqliteUrl());
    }
}
