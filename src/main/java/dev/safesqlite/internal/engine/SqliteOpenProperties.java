package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.config.Settings;
import java.util.Locale;
import java.util.Properties;

/**
 * What sqlite-jdbc is opened with: the application's URL and Properties, without SafeSQLite's
 * {@code safesqlite.*} keys, plus {@code busy_timeout} from {@code safesqlite.busy.timeout} when
 * neither the URL nor the properties set one (sqlite-jdbc's own default of 3 s is shorter
 * than the time a pre-operation backup may hold readers' attention).
 *
 * <p>While WAL is forced ({@code safesqlite.wal}, the default), a {@code journal_mode} the
 * application asks for is taken out and kept under {@link #ASKED_JOURNAL_MODE} for the warning
 * ({@link WalMode}): sqlite-jdbc would set it while opening, and leaving WAL needs the database
 * to itself, so every connection but the first of a pool failed with SQLITE_BUSY (the first had
 * already been switched to WAL, and kept the file open).
 */
public final class SqliteOpenProperties {

    /** The journal mode the application asked for, taken out of what sqlite-jdbc sees. */
    static final String ASKED_JOURNAL_MODE = "safesqlite.journal_mode.asked";
    private static final String JOURNAL_MODE = "journal_mode";

    /** The URL and Properties to give sqlite-jdbc. */
    public record Open(String url, Properties properties) {
    }

    private SqliteOpenProperties() {
    }

    public static Open of(String sqliteUrl, Properties info, Settings settings) {
        Properties out = new Properties();
        boolean propertySet = false; // run per connection: one pass, no stream
        String asked = null;
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (name.startsWith(Setting.PREFIX)) continue;
                if (settings.wal() && name.equalsIgnoreCase(JOURNAL_MODE)) {
                    asked = info.getProperty(name);
                    continue;
                }
                out.setProperty(name, info.getProperty(name));
                propertySet |= name.equalsIgnoreCase("busy_timeout");
            }
        }
        String url = sqliteUrl;
        int q = sqliteUrl.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder();
            for (String pair : sqliteUrl.substring(q + 1).split("&", -1)) {
                // sqlite-jdbc reads URL parameters case-insensitively; the URL's value wins over a property's
                if (settings.wal() && startsWithName(pair, JOURNAL_MODE)) {
                    asked = pair.substring(JOURNAL_MODE.length() + 1);
                    continue;
                }
                propertySet |= startsWithName(pair, "busy_timeout");
                if (kept.length() > 0) kept.append('&');
                kept.append(pair);
            }
            url = kept.length() == 0 ? sqliteUrl.substring(0, q) : sqliteUrl.substring(0, q + 1) + kept;
        }
        if (!propertySet) {
            out.setProperty("busy_timeout", Long.toString(settings.busyTimeout().toMillis()));
        }
        if (asked != null && !asked.isBlank()) {
            out.setProperty(ASKED_JOURNAL_MODE, asked.trim().toLowerCase(Locale.ROOT));
        }
        return new Open(url, out);
    }

    private static boolean startsWithName(String pair, String name) {
        return pair.length() > name.length() && pair.charAt(name.length()) == '='
                && pair.regionMatches(true, 0, name, 0, name.length());
    }
}
