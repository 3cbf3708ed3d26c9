package dev.safesqlite.internal.config;

import dev.safesqlite.internal.backup.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves {@link Settings} from the sources of SPEC section 3, highest first: connection
 * properties, URL parameters, agent arguments, system properties, environment variables,
 * the settings file, defaults. An unknown key or a value that does not parse fails with an
 * {@link InvalidSettingException} naming key, value and source: a typo in a protection
 * setting must never silently turn protection off.
 */
public final class SettingsResolver {

    /**
     * {@code SAFESQLITE_CONFIG} of the process environment, which is fixed for the JVM's life: read
     * once, since a look-up in the environment encodes the name into a new byte array each time.
     */
    private static final String CONFIG_IN_ENVIRONMENT = System.getenv("SAFESQLITE_CONFIG");

    // null for none given: a resolver is made per connection, and most connections give neither
    private Properties commandLine;
    private Properties connectionProperties;
    private Map<String, String> urlParameters = Map.of();
    private Map<String, String> agentArguments = Map.of();
    private boolean includeEnvironment = true;
    private Map<String, String> environment = System.getenv();

    private SettingsResolver() {
    }

    public static SettingsResolver builder() {
        return new SettingsResolver();
    }

    /** Only the {@code safesqlite.*} entries are read; sqlite-jdbc's own keys are left alone. */
    public SettingsResolver connectionProperties(Properties p) {
        this.connectionProperties = p;
        return this;
    }

    /** The CLI's {@code -s} options ({@code safesqlite.*} keys): above connection properties, and named as such. */
    public SettingsResolver commandLine(Properties p) {
        this.commandLine = p;
        return this;
    }

    public SettingsResolver urlParameters(Map<String, String> params) {
        this.urlParameters = params;
        return this;
    }

    public SettingsResolver agentArguments(Map<String, String> args) {
        this.agentArguments = args;
        return this;
    }

    /** Tests replace the process environment with their own. */
    public SettingsResolver environment(Map<String, String> env) {
        this.environment = env;
        return this;
    }

    /**
     * With false, system properties, environment and the settings file are skipped; for the
     * defaults only.
     */
    SettingsResolver includeEnvironment(boolean include) {
        this.includeEnvironment = include;
        return this;
    }

    /**
     * Resolves the settings, or returns those resolved last time from exactly the same inputs:
     * every source's {@code safesqlite.*} entries (system properties are read afresh each time)
     * and the settings file, identified by where it is, its file key, size and modification time
     * (see {@link ResolvedSettings}). Resolving parses every setting's default and reads the
     * file: most of what an unpooled application paid per connection beyond sqlite-jdbc.
     */
    public Settings resolve() throws InvalidSettingException {
        // Only the real process environment is fixed for the JVM's life; a test's own map is not cached.
        if (!includeEnvironment || environment != System.getenv()) return resolveFresh();
        Object file = ResolvedSettings.fileStamp(System.getProperty(Setting.CONFIG_FILE_KEY, CONFIG_IN_ENVIRONMENT));
        if (file == null) return resolveFresh();
        ResolvedSettings.Inputs inputs = new ResolvedSettings.Inputs(prefixed(commandLine), prefixed(connectionProperties),
                copy(urlParameters), copy(agentArguments), systemSettings(), file);
        Settings known = ResolvedSettings.get(inputs);
        if (known != null) return known;
        Settings fresh = resolveFresh();
        // replica.encrypt.key=file:/env: is read while resolving: a changed key file must be read again
        if (fresh.replicaEncryptKey() == null) ResolvedSettings.put(inputs, fresh);
        return fresh;
    }

    /** A copy for the cache's key; none made of an empty map (most connections give no parameters). */
    private static Map<String, String> copy(Map<String, String> m) {
        return m.isEmpty() ? Map.of() : new java.util.HashMap<>(m);
    }

    private Settings resolveFresh() throws InvalidSettingException {
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        Map<Setting, Source> sources = new EnumMap<>(Setting.class);
        // Lowest first, so that each higher source overwrites.
        for (Setting s : Setting.values()) {
            values.put(s, parse(s, s.defaultValue(), Source.DEFAULT));
            sources.put(s, Source.DEFAULT);
        }
        if (includeEnvironment) {
            apply(values, sources, settingsFile(), Source.FILE);
            apply(values, sources, environmentSettings(), Source.ENVIRONMENT);
            apply(values, sources, prefixed(System.getProperties()), Source.SYSTEM_PROPERTY);
        }
        apply(values, sources, agentArguments, Source.AGENT_ARGUMENTS);
        apply(values, sources, urlParameters, Source.URL);
        apply(values, sources, prefixed(connectionProperties), Source.CONNECTION_PROPERTIES);
        apply(values, sources, prefixed(commandLine), Source.COMMAND_LINE);
        requireOptionalParts(values, sources);
        return new Settings(values, sources);
    }

    Settings resolveUnchecked() {
        try {
            return resolve();
        } catch (InvalidSettingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void apply(Map<Setting, Object> values, Map<Setting, Source> sources,
                       Map<String, String> entries, Source source) throws InvalidSettingException {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            if (key.equals(Setting.CONFIG_FILE_KEY) || key.equals("config")) {
                continue; // where the file is, not a setting
            }
            Setting s = Setting.byName(key);
            if (s == null) {
                throw new InvalidSettingException("Unknown SafeSQLite setting '" + displayKey(key, source)
                        + "' (from " + source.description() + "). Check the spelling; known settings: "
                        + knownKeys() + ".");
            }
            values.put(s, parse(s, e.getValue().trim(), source));
            sources.put(s, source);
        }
    }

    /**
     * A setting whose value needs an optional library fails here, when the connection opens,
     * rather than at the first backup: the message names the artifact to add.
     */
    private static void requireOptionalParts(Map<Setting, Object> values, Map<Setting, Source> sources)
            throws InvalidSettingException {
        Object compress = values.get(Setting.BACKUP_COMPRESS);
        String missing = Compression.of((String) compress).missingPart();
        if (missing != null) {
            throw new InvalidSettingException("SafeSQLite setting " + Setting.BACKUP_COMPRESS.key() + "=" + compress
                    + " (from " + sources.get(Setting.BACKUP_COMPRESS).description() + ") " + missing + ".");
        }
    }

    private static Object parse(Setting s, String text, Source source) throws InvalidSettingException {
        try {
            return s.type().parse(text);
        } catch (ValueType.Invalid invalid) {
            throw new InvalidSettingException("Invalid SafeSQLite setting " + s.key() + "='" + text + "' (from "
                    + source.description() + "): expected " + invalid.getMessage() + ".");
        }
    }

    private static String displayKey(String key, Source source) {
        if (source == Source.AGENT_ARGUMENTS || key.startsWith(Setting.PREFIX)
                || source == Source.ENVIRONMENT) {
            return key;
        }
        return Setting.PREFIX + key;
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : Setting.values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(s.shortName());
        }
        return sb.toString();
    }

    /**
     * The {@code safesqlite.*} system properties, as {@link #prefixed} reads them, by walking the
     * entries rather than copying every name first: this runs for every connection. It reads no
     * defaults: the JVM's system properties have none (only an application that replaced them
     * with System.setProperties(new Properties(defaults)) would have, and would then change a
     * default's value without SafeSQLite seeing it until the next different connection).
     */
    private static Map<String, String> systemSettings() {
        Map<String, String> out = new java.util.HashMap<>();
        // forEach goes straight to the backing map: no synchronized wrapper, no iterator per entry
        System.getProperties().forEach((key, value) -> {
            if (key instanceof String k && k.startsWith(Setting.PREFIX) && value instanceof String v) out.put(k, v);
        });
        return out;
    }

    /** The {@code safesqlite.*} entries of a Properties object (string values only); none of null. */
    private static Map<String, String> prefixed(Properties p) {
        if (p == null) return Map.of();
        Map<String, String> out = null;
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(Setting.PREFIX)) {
                if (out == null) out = new LinkedHashMap<>();
                out.put(name, p.getProperty(name));
            }
        }
        return out == null ? Map.of() : out;
    }

    private Map<String, String> environmentSettings() throws InvalidSettingException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String var = e.getKey();
            // SAFESQLITE_CONFIG names the settings file; SAFESQLITE_CLI_JAR is the launcher's own.
            if (!var.startsWith("SAFESQLITE_") || var.equals("SAFESQLITE_CONFIG") || var.equals("SAFESQLITE_CLI_JAR")) {
                continue;
            }
            Setting match = null;
            for (Setting s : Setting.values()) {
                if (s.environmentVariable().equals(var)) match = s;
            }
            if (match == null) {
                throw new InvalidSettingException("Unknown SafeSQLite setting in environment variable " + var + "='"
                        + e.getValue() + "'. Check the spelling (settings map to SAFESQLITE_<NAME>, e.g. SAFESQLITE_BACKUP_DIR)"
                        + " or unset it.");
            }
            out.put(match.key(), e.getValue());
        }
        return out;
    }

    /**
     * {@code -Dsafesqlite.config=FILE} (or {@code SAFESQLITE_CONFIG}), else
     * {@code ./safesqlite.properties}, else {@code safesqlite.properties} on the classpath.
     * Keys may be written with or without the {@code safesqlite.} prefix.
     */
    private Map<String, String> settingsFile() throws InvalidSettingException {
        String named = System.getProperty(Setting.CONFIG_FILE_KEY, environment.get("SAFESQLITE_CONFIG"));
        Properties p = new Properties();
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named);
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new InvalidSettingException("Cannot read the SafeSQLite settings file " + file.toAbsolutePath()
                        + " named by " + Setting.CONFIG_FILE_KEY + ": " + e + ". Fix the path or remove the setting.");
            }
            return SettingsFile.keys(p);
        }
        return SettingsFile.defaultFile();
    }

    /** Reads the settings file found by the default search. */
    static final class SettingsFile {
        static Map<String, String> keys(Properties p) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : p.stringPropertyNames()) {
                out.put(name, p.getProperty(name));
            }
            return out;
        }

        static Map<String, String> defaultFile() throws InvalidSettingException {
            Path local = Path.of("safesqlite.properties");
            if (Files.isRegularFile(local)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                    p.load(r);
                } catch (IOException e) {
                    throw new InvalidSettingException("Cannot read the SafeSQLite settings file "
                            + local.toAbsolutePath() + ": " + e + ". Fix its permissions or remove it.");
                }
                return keys(p);
            }
            // Found once per context class loader (two web applications, two files); resolve()
            // reuses a resolution only while this resource's stamp stays the same.
            Properties p = new Properties();
            try (InputStream in = ClassPathSettingsFile.open()) {
                if (in != null) p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidSettingException("Cannot read safesqlite.properties from the classpath: " + e
                        + ". Fix or remove that resource.");
            }
            return keys(p);
        }
    }
}
