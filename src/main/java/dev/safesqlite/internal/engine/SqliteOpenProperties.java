package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.config.Settings;
import java.util.Properties;

/**
 * The Properties sqlite-jdbc is opened with: the application's own, without SafeSQLite's
 * {@code safesqlite.*} keys, plus {@code busy_timeout} from {@code safesqlite.busy.timeout} when
 * neither the URL nor the properties set one (sqlite-jdbc's own default of 3 s is shorter
 * than the time a pre-operation backup may hold readers' attention).
 */
public final class SqliteOpenProperties {

    private SqliteOpenProperties() {
    }

    public static Properties of(String sqliteUrl, Properties info, Settings settings) {
        Properties out = new Properties();
        boolean propertySet = false; // run per connection: one pass, no stream
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (!name.startsWith(Setting.PREFIX)) {
                    out.setProperty(name, info.getProperty(name));
                    propertySet |= name.equalsIgnoreCase("busy_timeout");
                }
            }
        }
        if (!propertySet && !urlSetsBusyTimeout(sqliteUrl)) {
            out.setProperty("busy_timeout", Long.toString(settings.busyTimeout().toMillis()));
        }
        return out;
    }

    private static boolean urlSetsBusyTimeout(String url) {
        int q = url.indexOf('?');
        if (q < 0) return false;
        for (String pair : url.substring(q + 1).split("&")) {
            // sqlite-jdbc reads URL parameters case-insensitively
            if (pair.regionMatches(true, 0, "busy_timeout=", 0, "busy_timeout=".length())) return true;
        }
        return false;
    }
}
