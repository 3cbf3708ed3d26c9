package dev.safesqlite.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections opened alike share one resolution (issue 17), and any change of a source a
 * resolution read is seen by the next connection. These use the real process environment: a
 * test's own environment map is never cached.
 */
class ResolvedSettingsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("safesqlite.config");
        System.clearProperty("safesqlite.retain.daily");
    }

    private static Settings resolve(String retainLast) throws Exception {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        return SettingsResolver.builder().connectionProperties(p)
                .urlParameters(Map.of("safesqlite.retain.last", retainLast)).resolve();
    }

    /** An old file: the stamp rule caches it (a file modified in the last seconds is read every time). */
    private static Path settingsFile(Path file, String text, Instant modified) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void theSameInputsGiveTheSameResolutionAndOthersTheirOwn() throws Exception {
        Settings first = resolve("3");
        assertSame(first, resolve("3"), "resolved once, not per connection");
        Settings other = resolve("4");
        assertEquals(4, other.retainLast());
        assertEquals(3, resolve("3").retainLast());
    }

    @Test
    void aSystemPropertySetBetweenTwoConnectionsIsSeen() throws Exception {
        Settings before = resolve("3");
        System.setProperty("safesqlite.retain.daily", "2");
        Settings after = resolve("3");
        assertEquals(2, after.retainDaily());
        assertEquals(Source.SYSTEM_PROPERTY, after.sourceOf(Setting.RETAIN_DAILY));
        System.clearProperty("safesqlite.retain.daily");
        assertEquals(before.retainDaily(), resolve("3").retainDaily());
    }

    @Test
    void aSettingsFileRewrittenOrReplacedIsReadAgain() throws Exception {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        Path file = settingsFile(tmp.resolve("safesqlite.properties"), "retain.weekly=2\n", hourAgo);
        System.setProperty("safesqlite.config", file.toString());
        assertEquals(2, resolve("3").retainWeekly());
        assertSame(resolve("3"), resolve("3"));

        Files.writeString(file, "retain.weekly=5\n"); // in place, same size, modified now
        assertEquals(5, resolve("3").retainWeekly());

        // replaced by another file (another inode) of the same size and the same old time
        Instant later = hourAgo.plusSeconds(10);
        Files.setLastModifiedTime(file, FileTime.from(later));
        assertEquals(5, resolve("3").retainWeekly());
        assertSame(resolve("3"), resolve("3"));
        Path replacement = settingsFile(tmp.resolve("next.properties"), "retain.weekly=7\n", later);
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(7, resolve("3").retainWeekly());
    }

    @Test
    void aSettingsFileThatBecomesInvalidFailsTheNextConnection() throws Exception {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        Path file = settingsFile(tmp.resolve("s.properties"), "retain.weekly=2\n", hourAgo);
        System.setProperty("safesqlite.config", file.toString());
        assertEquals(2, resolve("3").retainWeekly());
        settingsFile(file, "retain.weekly=x\n", hourAgo.plusSeconds(1));
        assertThrows(InvalidSettingException.class, () -> resolve("3"));
        Files.delete(file);
        assertThrows(InvalidSettingException.class, () -> resolve("3"));
    }

    @Test
    void aTestsOwnEnvironmentIsNeverCached() throws Exception {
        SettingsResolver r = SettingsResolver.builder().environment(Map.of("SAFESQLITE_RETAIN_LAST", "6"));
        assertNotSame(r.resolve(), r.resolve());
    }
}
