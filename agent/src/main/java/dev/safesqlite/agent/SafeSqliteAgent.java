package dev.safesqlite.agent;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import java.lang.instrument.Instrumentation;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -javaagent:safesqlite-agent.jar[=settings] -jar app.jar}: every {@code jdbc:sqlite:}
 * connection of the JVM gets the protection {@code jdbc:safesqlite:} gives. Also attachable to a
 * running JVM ({@code agentmain}).
 *
 * <p>Bad settings: protection was asked for, so at JVM start the agent prints one line naming the
 * setting and stops the JVM (exit status 1) rather than let the application run half-protected.
 * It exits rather than throws: a premain that throws makes the JVM abort with a native fatal-error
 * report and status 134, burying the one line that says what to fix. With
 * {@code agent.on.error=warn} it prints the line and lets the application run unprotected.
 * Attached to a running JVM it never stops it: it prints the line there and the attach fails.
 */
public final class SafeSqliteAgent {

    private static final String PREFIX = "SafeSQLite agent: ";

    private SafeSqliteAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        try {
            start(arguments, instrumentation, true);
        } catch (AgentStartFailure e) {
            System.err.println(PREFIX + e.getMessage());
            if (e.warnOnly) return;
            System.err.println(PREFIX + "the JVM is stopped rather than run unprotected; fix the setting,"
                    + " or add agent.on.error=warn to run without protection.");
            System.exit(1);
        }
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        try {
            start(arguments, instrumentation, false);
        } catch (AgentStartFailure e) {
            System.err.println(PREFIX + e.getMessage());
            if (!e.warnOnly) throw new IllegalArgumentException(PREFIX + e.getMessage());
        }
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean atJvmStart)
            throws AgentStartFailure {
        Map<String, String> settings;
        try {
            settings = AgentArguments.parse(arguments);
        } catch (IllegalArgumentException e) {
            throw new AgentStartFailure(e.getMessage() + " (in -javaagent:safesqlite-agent.jar=" + arguments + ")",
                    warnOnly(Map.of()));
        }
        if (BootstrapBridge.present() && SqliteCalls.installed()) {
            System.err.println(PREFIX + "already active in this JVM; the second start is ignored.");
            return;
        }
        AdviceAhead ahead = null;
        try {
            useSettingsFile(settings);
            AgentJar jar = AgentJar.ofThisAgent();
            // first: the agent's own classes below refer to the bridge's types
            if (!BootstrapBridge.present()) BootstrapBridge.install(jar, instrumentation);
            // at JVM start, ByteBuddy's start runs on the second core from here on, beside the settings check
            if (atJvmStart) ahead = AdviceAhead.start();
            EngineCopies engines = new EngineCopies(jar, settings);
            engines.checkSettings();
            SqliteCalls.install(engines);
            SqliteClassWatcher.install(instrumentation, ahead);
        } catch (EngineCopies.InvalidSettings e) {
            if (ahead != null) ahead.cancel();
            throw new AgentStartFailure(e.getMessage(), warnOnly(settings));
        } catch (Exception | LinkageError e) {
            if (ahead != null) ahead.cancel();
            throw new AgentStartFailure("could not start: " + e, warnOnly(settings));
        }
    }

    /**
     * {@code config=FILE} among the agent arguments names the settings file, as
     * {@code -Dsafesqlite.config=FILE} does (which wins when both are given): every engine copy
     * reads it from there.
     */
    private static void useSettingsFile(Map<String, String> arguments) {
        String file = arguments.getOrDefault("config", arguments.get("safesqlite.config"));
        if (file != null && System.getProperty("safesqlite.config") == null) {
            System.setProperty("safesqlite.config", file.trim());
        }
    }

    /**
     * {@code agent.on.error=warn} from the agent arguments, else the system property, else the
     * environment. Read here by hand: it must work when the other settings do not parse.
     */
    private static boolean warnOnly(Map<String, String> arguments) {
        String value = arguments.get("agent.on.error");
        if (value == null) value = arguments.get("safesqlite.agent.on.error");
        if (value == null) value = System.getProperty("safesqlite.agent.on.error");
        if (value == null) value = System.getenv("SAFESQLITE_AGENT_ON_ERROR");
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("warn");
    }

    private static final class AgentStartFailure extends Exception {
        private final boolean warnOnly;

        AgentStartFailure(String message, boolean warnOnly) {
            super(warnOnly ? message + " Running WITHOUT SafeSQLite protection (agent.on.error=warn)." : message);
            this.warnOnly = warnOnly;
        }
    }
}
