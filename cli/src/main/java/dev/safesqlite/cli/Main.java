package dev.safesqlite.cli;

import com.google.gson.Gson;
import dev.safesqlite.internal.restore.DamagedBackupException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar safesqlite-cli.jar <command> DB [options]}: the operator's tool. Each command
 * is a thin layer over the engine; this class wires them, turns failures into one clear message
 * and the exit codes 0 done, 1 failed, 2 usage error, 3 damage found.
 */
// scope INHERIT: every subcommand gets --help and --version, and --help wins over a missing DB.
@Command(name = "safesqlite", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Main.Version.class,
        description = "Backups, verification, restore and export for SQLite databases protected by SafeSQLite.",
        subcommands = {BackupCommand.class, ListCommand.class, VerifyCommand.class, RestoreCommand.class,
                PruneCommand.class, ExportCommand.class, CheckpointCommand.class, VacuumCommand.class,
                StatsCommand.class, AuditCommand.class, ConsoleCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 failed, 2 usage error, 3 a verification found damage.",
                "Settings: -s KEY=VALUE, SAFESQLITE_* environment variables, -Dsafesqlite.* (JAVA_OPTS), ./safesqlite.properties.",
                "Recovery walkthrough: 'safesqlite list DB', 'safesqlite verify DB', 'safesqlite restore DB --undo --dry-run'."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main())
                .setExecutionExceptionHandler(new Failures())
                .setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    /** No command given: say what there is. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'safesqlite list app.db'");
    }

    /** Prints one message naming the problem (and, with --json, a JSON error document) and picks the exit code. */
    static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            int code = e instanceof CommandFailure f ? f.exitCode()
                    : e instanceof DamagedBackupException ? ExitCodes.DAMAGE_FOUND
                    : ExitCodes.FAILED;
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            PrintWriter err = cmd.getErr();
            err.println("safesqlite " + cmd.getCommandName() + ": " + message);
            if (!(e instanceof CommandFailure) && !(e instanceof java.io.IOException)
                    && !(e instanceof dev.safesqlite.internal.restore.RestoreException)) {
                e.printStackTrace(err); // not a failure we foresaw: the trace is what a bug report needs
            }
            err.flush();
            if (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--json")) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("error", message);
                doc.put("exitCode", code);
                System.out.println(new Gson().toJson(doc));
            }
            return code;
        }
    }

    /** The version the build wrote into {@code version.properties} (a filtered resource, so tests see it too). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) throw new java.io.IOException("version.properties is missing from the jar: a broken build");
                p.load(in);
            }
            return new String[] {"safesqlite " + p.getProperty("version")};
        }
    }
}
