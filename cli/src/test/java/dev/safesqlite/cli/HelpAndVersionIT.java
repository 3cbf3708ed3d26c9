package dev.safesqlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer types first: --help everywhere, the command list, --version. */
class HelpAndVersionIT {

    private static final List<String> COMMANDS = List.of("backup", "list", "verify", "restore", "prune", "export",
            "checkpoint", "vacuum", "stats", "audit");

    @TempDir
    Path tmp;

    @Test
    void everySubcommandPrintsItsHelpEvenWithoutTheDatabase() throws Exception {
        Cli cli = new Cli(tmp);
        for (String command : COMMANDS) {
            Cli.Run r = cli.run(command, "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Usage: safesqlite " + command), r.toString());
            assertFalse((r.out() + r.err()).contains("Missing required"), r.toString());
        }
    }

    @Test
    void theCommandListShowsEachSummaryAsAWholeSentence() throws Exception {
        Cli.Run r = new Cli(tmp).run("--help");
        assertEquals(0, r.exit(), r.toString());
        String commands = r.out().substring(r.out().indexOf("Commands:"), r.out().indexOf("Exit codes:"));
        // A summary starts on the command's line and ends with a full stop before the next command.
        for (String summary : commands.split("\n  (?=\\S)")) {
            if (summary.startsWith("Commands:") || summary.startsWith("help ")) continue;
            assertTrue(summary.strip().endsWith("."), "cut mid-sentence: [" + summary + "]\n" + r);
        }
    }

    @Test
    void versionIsTheVersionOfTheBuild() throws Exception {
        String version = System.getProperty("project.version.under.test");
        assertTrue(version != null && !version.isBlank(), "failsafe passes the project version");
        Cli.Run r = new Cli(tmp).run("--version");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("safesqlite " + version, r.out().strip());
        assertEquals("safesqlite " + version, new Cli(tmp).run("list", "--version").out().strip());
    }
}
