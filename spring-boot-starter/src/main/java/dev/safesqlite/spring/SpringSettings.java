package dev.safesqlite.spring;

import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.config.SettingsResolver;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The {@code safesqlite.*} keys of the Spring environment (application.properties or yaml,
 * {@code SAFESQLITE_BACKUP_DIR}, {@code -Dsafesqlite.backup.dir}, ... with Spring's relaxed
 * binding), checked by the engine's own settings resolver so that a typo or a bad value fails
 * the application's start with the driver's message, and the place Spring read it from.
 */
final class SpringSettings {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("safesqlite");

    /** Full keys ({@code safesqlite.backup.dir}) to their text, highest Spring precedence first. */
    private final Map<String, String> values;
    private final Map<String, String> origins;

    private SpringSettings(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    static SpringSettings from(Environment environment) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) continue;
            iterable.stream().filter(PREFIX::isAncestorOf).forEach(name -> {
                String key = key(name);
                // What the engine's resolver also skips: the settings file's name, the launcher's variable.
                if (key.equals(Setting.CONFIG_FILE_KEY) || key.equals("safesqlite.cli.jar")) return;
                if (values.containsKey(key)) return; // a source of higher precedence set it
                ConfigurationProperty p = source.getConfigurationProperty(name);
                if (p == null || p.getValue() == null) return;
                values.put(key, String.valueOf(p.getValue()));
                origins.put(key, p.getOrigin() == null ? source.toString() : p.getOrigin().toString());
            });
        }
        return new SpringSettings(values, origins);
    }

    /** {@code safesqlite.backup.on.startup}, from {@code safesqlite.backup.on.startup} or {@code SAFESQLITE_BACKUP_ON_STARTUP}. */
    private static String key(ConfigurationPropertyName name) {
        StringBuilder key = new StringBuilder(Setting.PREFIX.substring(0, Setting.PREFIX.length() - 1));
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            key.append('.').append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
        }
        return key.toString();
    }

    /**
     * Checks every key and value as the driver would, each on its own so that the message can
     * say where Spring found it; then all together (a value that needs an optional part).
     */
    void validate() {
        for (Map.Entry<String, String> e : values.entrySet()) {
            Properties one = new Properties();
            one.setProperty(e.getKey(), e.getValue());
            check(one, e.getKey());
        }
        Properties all = new Properties();
        all.putAll(values);
        check(all, Setting.BACKUP_COMPRESS.key());
    }

    private void check(Properties p, String key) {
        try {
            SettingsResolver.builder().connectionProperties(p).resolve();
        } catch (SQLException e) {
            String where = origins.get(key);
            String message = where == null ? e.getMessage()
                    : e.getMessage().replace("(from connection properties)", "(from " + where + ")");
            throw new InvalidSafeSqliteSettingException(message, e);
        }
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The URL with every setting added as a query parameter, except those the URL already
     * names (written there on purpose, and so never given twice). Query parameters reach the
     * driver whatever the pool, which is why they are used here rather than pool properties.
     */
    String addTo(String safeSqliteUrl) {
        Map<String, String> inUrl = dev.safesqlite.internal.config.SqliteUrl.parse(safeSqliteUrl).settings();
        StringBuilder url = new StringBuilder(safeSqliteUrl);
        char separator = safeSqliteUrl.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> e : values.entrySet()) {
            // enabled is the starter's own switch; the driver does not read it.
            if (inUrl.containsKey(e.getKey()) || e.getKey().equals(Setting.ENABLED.key())) continue;
            url.append(separator).append(e.getKey()).append('=').append(encode(e.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    /** Percent-encodes what would end or confuse a query parameter: {@code % & # ?}, spaces, non-ASCII. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= ' ' || c >= 0x7f || c == '%' || c == '&' || c == '#' || c == '?') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
