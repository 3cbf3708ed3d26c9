package dev.safesqlite.cli;

import dev.safesqlite.WebConsole;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "console", description = {
        "Serve the web console: backups, a chart, retention and the audit log of each DB, with Backup now, Verify,",
        "Prune and Restore buttons (the same operations as these commands). Listens on 127.0.0.1; open the URL it",
        "prints, which carries the access token. Runs until stopped (Ctrl-C)."})
final class ConsoleCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DB", description = "the database files to show")
    List<Path> databases;

    @Option(names = "--port", defaultValue = "8484", paramLabel = "PORT", description = "default 8484; 0 = any free port")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "the address to listen on (default 127.0.0.1; another needs TLS or --allow-insecure-remote)")
    String bind;

    @Option(names = "--allow-insecure-remote",
            description = "allow a non-loopback --bind without TLS (the token then crosses the network in clear text)")
    boolean allowInsecureRemote;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "serve HTTPS with this PKCS12 key store")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "the key store's password (first line)")
    Path tlsPasswordFile;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "where the backups are, for every DB (default: safesqlite.backup.dir, else <database directory>/backups)")
    Path backupDir;

    @Option(names = {"-s", "--setting"}, paramLabel = "KEY=VALUE",
            description = "any safesqlite setting, e.g. -s retain.last=20 (repeatable; applies to every DB)")
    List<String> settings = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CommandFailure, InterruptedException {
        WebConsole.Builder builder = WebConsole.builder().port(port).bind(address())
                .allowInsecureRemote(allowInsecureRemote).tls(tls());
        List<String> names = new ArrayList<>();
        for (Path p : databases) {
            Target t = target(p);
            t.requireDatabaseOrBackups();
            builder.database(t.api());
            names.add(t.file().toString());
        }
        WebConsole console;
        try {
            console = builder.start();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        } catch (BindException e) {
            throw new CommandFailure(ExitCodes.FAILED, "cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); another program may use that port: pass --port N, or --port 0 for any free port");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, "cannot start the console on " + bind + ":" + port + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "safesqlite-console-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("SafeSQLite console for " + String.join(", ", names));
        out.println("Open this URL (it carries the access token: whoever has it can restore these databases):");
        out.println("  " + console.url());
        out.println("Stop with Ctrl-C.");
        out.flush();
        new CountDownLatch(1).await(); // serves until the JVM is stopped
        return ExitCodes.DONE;
    }

    /** The options every command takes, for one of the databases. */
    private Target target(Path database) {
        Target t = new Target();
        t.database = database;
        t.backupDir = backupDir;
        t.settings = settings;
        return t;
    }

    private InetAddress address() throws CommandFailure {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--bind " + bind + " is not an address of this machine: " + e.getMessage());
        }
    }

    private SSLContext tls() throws CommandFailure {
        if (tlsKeystore == null) {
            if (tlsPasswordFile != null) throw new CommandFailure(ExitCodes.USAGE, "--tls-password-file needs --tls-keystore");
            return null;
        }
        char[] password;
        try {
            password = tlsPasswordFile == null ? new char[0]
                    : Files.readAllLines(tlsPasswordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray();
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, "cannot read --tls-password-file " + tlsPasswordFile + ": " + e);
        }
        try (InputStream in = Files.newInputStream(tlsKeystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure(ExitCodes.USAGE, "cannot use --tls-keystore " + tlsKeystore + " (" + e.getMessage()
                    + "); it must be a PKCS12 key store with the server's key and certificate, and "
                    + "--tls-password-file its password");
        }
    }
}
