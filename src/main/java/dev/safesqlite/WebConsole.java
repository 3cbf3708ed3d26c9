package dev.safesqlite;

import dev.safesqlite.internal.console.ConsoleDatabase;
import dev.safesqlite.internal.console.ConsoleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The web console (SPEC section 12) served from this JVM: backup history, a chart, retention,
 * the audit log, and Backup now, Verify, Prune and Restore buttons that call the same operations
 * as {@link SafeSqlite} and the command line. Nothing is served unless an application starts
 * one; it listens on 127.0.0.1 and every request needs the token in {@link #url()}.
 *
 * <pre>{@code
 * try (WebConsole console = WebConsole.builder().database(SafeSqlite.of(Path.of("/data/app.db"))).port(8484).start()) {
 *     System.out.println("SafeSQLite console: " + console.url());
 *     ...
 * }
 * }</pre>
 */
public final class WebConsole implements AutoCloseable {

    private final ConsoleServer server;

    private WebConsole(ConsoleServer server) {
        this.server = server;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address to open, token included: whoever has it can do what the console does. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** Stops serving; work already started (a restore) runs to its end. */
    @Override
    public void close() {
        server.close();
    }

    /** What to serve and where. */
    public static final class Builder {
        private final List<SafeSqlite> databases = new ArrayList<>();
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port = 8484;
        private SSLContext tls;
        private boolean allowInsecureRemote;

        private Builder() {
        }

        /** A database to show and act on; the console covers only the databases given here. */
        public Builder database(SafeSqlite database) {
            databases.add(database);
            return this;
        }

        /** 8484 unless set; 0 picks a free port ({@link WebConsole#port()} says which). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not 0..65535");
            this.port = port;
            return this;
        }

        /** The address to listen on; the loopback address unless set. */
        public Builder bind(InetAddress address) {
            this.bind = address;
            return this;
        }

        /** Serve HTTPS with this context (a key store with the server's certificate). */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** Allow a non-loopback address without TLS: the token then crosses the network in clear text. */
        public Builder allowInsecureRemote(boolean allow) {
            this.allowInsecureRemote = allow;
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws IllegalArgumentException for a non-loopback address without TLS or {@link #allowInsecureRemote}
         * @throws IOException              when the address cannot be bound (port in use)
         */
        public WebConsole start() throws IOException {
            List<ConsoleDatabase> list = new ArrayList<>();
            for (SafeSqlite db : databases) list.add(new ConsoleDatabase(String.valueOf(list.size()), db, db.engine()));
            return new WebConsole(ConsoleServer.start(new ConsoleServer.Config(list, bind, port, tls, allowInsecureRemote)));
        }
    }
}
