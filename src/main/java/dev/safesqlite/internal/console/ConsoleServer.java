package dev.safesqlite.internal.console;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.safesqlite.BackupInfo;
import dev.safesqlite.RestoreResult;
import dev.safesqlite.internal.restore.BackupCheck;
import dev.safesqlite.internal.restore.BackupChoice;
import dev.safesqlite.internal.restore.BackupVerification;
import dev.safesqlite.internal.restore.Restore;
import dev.safesqlite.internal.restore.RestoreException;
import dev.safesqlite.internal.restore.RestorePlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The web console (SPEC section 12) on the JDK's own HTTP server: pages for each database it
 * was given, and the actions of the command line behind POST forms. Every request needs the
 * token printed at start ({@link ConsoleAccess}); every state change needs the CSRF token of the
 * console's forms; nothing outside the given databases can be named in a request (databases by
 * their number in the console, backups by file name among those listed).
 */
public final class ConsoleServer implements AutoCloseable {

    /** How a console is started. */
    public record Config(List<ConsoleDatabase> databases, InetAddress bind, int port, SSLContext tls,
                         boolean allowInsecureRemote) {
        public Config {
            databases = List.copyOf(databases);
            Objects.requireNonNull(bind, "bind");
            if (databases.isEmpty()) throw new IllegalArgumentException("the console needs at least one database");
        }
    }

    private static final Pattern DB_PATH = Pattern.compile("/db/([0-9]+)(/(prune|backup|verify|restore))?");
    private static final Pattern JOB_PATH = Pattern.compile("/jobs/([A-Za-z0-9_-]{10,64})(/state)?");
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final int AUDIT_LINES = 30;
    private static final int KEPT_FINISHED_JOBS = 50;
    private static final Gson GSON = new Gson();

    private final HttpServer server;
    private final ExecutorService requests;
    private final ExecutorService jobRunner;
    private final ConsoleAccess access;
    private final List<ConsoleDatabase> databases;
    private final ConsolePages pages;
    private final Map<String, ConsoleJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> notices = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 50;
        }
    });
    private final String url;

    private ConsoleServer(Config config, ExecutorService jobRunner) throws IOException {
        refuseInsecureRemote(config);
        this.databases = config.databases();
        InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
        if (config.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(config.tls()));
            server = https;
        } else {
            server = HttpServer.create(address, 16);
        }
        int port = server.getAddress().getPort();
        this.access = new ConsoleAccess(port, config.tls() != null);
        // Replica status and lag (SPEC 10); restore points (SPEC 11) add theirs here once they exist.
        this.pages = new ConsolePages(databases, List.of(new ReplicaStatus(), new RestorePoints(ZoneId.systemDefault())),
                ZoneId.systemDefault(), access.csrfToken());
        this.requests = Executors.newFixedThreadPool(4, daemon("safesqlite-console-http"));
        this.jobRunner = jobRunner;
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
        this.url = (config.tls() != null ? "https" : "http") + "://" + host(config.bind()) + ":" + port + "/?token="
                + access.token();
    }

    /** Starts a console; a non-loopback address without TLS or {@code allowInsecureRemote} is refused. */
    public static ConsoleServer start(Config config) throws IOException {
        return new ConsoleServer(config, Executors.newCachedThreadPool(daemon("safesqlite-console-job")));
    }

    /** For tests: jobs (verifications, restores) run on {@code jobRunner}. */
    static ConsoleServer start(Config config, ExecutorService jobRunner) throws IOException {
        return new ConsoleServer(config, jobRunner);
    }

    /** The address to open, with the token. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
        jobRunner.shutdown();
    }

    /**
     * SPEC 12: a console reachable from the network would hand the token, and with it every
     * backup, to whoever can read the traffic.
     */
    private static void refuseInsecureRemote(Config config) {
        if (config.bind().isLoopbackAddress() || config.tls() != null || config.allowInsecureRemote()) return;
        throw new IllegalArgumentException("the console would listen on " + config.bind().getHostAddress()
                + ", which other machines can reach, without TLS: anyone who can see the traffic could read the token "
                + "and every backup. Bind to 127.0.0.1 (the default) and use an SSH tunnel, give a TLS key store "
                + "(--tls-keystore), or pass --allow-insecure-remote if the network is trusted. Nothing was started.");
    }

    private static String host(InetAddress bind) {
        if (bind.isAnyLocalAddress()) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return bind.getHostAddress();
            }
        }
        String a = bind.getHostAddress();
        return a.contains(":") ? "[" + a + "]" : a;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- requests ----

    private void handle(HttpExchange exchange) throws IOException {
        String nonce = ConsoleAccess.randomToken();
        try {
            route(exchange, nonce);
        } catch (Refusal r) {
            send(exchange, r.status, ConsolePages.refusal(r.title, r.getMessage(), r.linkHome, nonce), nonce);
        } catch (IllegalArgumentException badEncoding) {
            send(exchange, 400, ConsolePages.refusal("Bad request", "The request could not be read ("
                    + badEncoding.getMessage() + "). Nothing was changed.", true, nonce), nonce);
        } catch (IOException | RuntimeException e) {
            send(exchange, 500, ConsolePages.refusal("Failed", e.getMessage() == null ? e.toString() : e.getMessage(),
                    true, nonce), nonce);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String nonce) throws IOException, Refusal {
        if (access.hasQueryToken(exchange)) {
            // The token leaves the address bar (and the history) at once; the cookie carries it from now on.
            exchange.getResponseHeaders().add("Set-Cookie", access.setCookieHeader());
            redirect(exchange, exchange.getRequestURI().getRawPath() + queryWithoutToken(exchange));
            return;
        }
        if (!access.hasCookie(exchange)) {
            throw new Refusal(403, "Token needed", "This console needs the token it printed when it started: open the "
                    + "whole URL it printed (it ends in ?token=...). Requests without it, or with a wrong one, are "
                    + "refused and see nothing.", false);
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/")) {
            requireMethod(exchange, "GET");
            if (databases.size() == 1) {
                redirect(exchange, "/db/0");
            } else {
                List<DatabaseView> views = new ArrayList<>();
                for (ConsoleDatabase d : databases) views.add(d.view(AUDIT_LINES));
                send(exchange, 200, pages.overview(views, nonce), nonce);
            }
            return;
        }
        Matcher m = JOB_PATH.matcher(path);
        if (m.matches()) {
            requireMethod(exchange, "GET");
            ConsoleJob job = jobs.get(m.group(1));
            if (job == null) throw new Refusal(404, "No such job", "There is no job " + m.group(1) + " in this console "
                    + "(it may have been started by a console that has since been restarted).", true);
            if (m.group(2) != null) {
                sendJson(exchange, GSON.toJson(job.snapshot()));
            } else {
                send(exchange, 200, pages.job(job, nonce), nonce);
            }
            return;
        }
        m = DB_PATH.matcher(path);
        if (!m.matches()) throw new Refusal(404, "Not found", "There is no page " + path + " in this console.", true);
        ConsoleDatabase db = database(m.group(1));
        String action = m.group(3);
        if (action == null) {
            requireMethod(exchange, "GET");
            String notice = notices.remove(String.valueOf(ConsoleAccess.query(exchange).get("notice")));
            send(exchange, 200, pages.database(db.view(AUDIT_LINES), notice, nonce), nonce);
            return;
        }
        if (method.equals("GET") && action.equals("prune")) {
            send(exchange, 200, pages.pruneDryRun(db.view(AUDIT_LINES), nonce), nonce);
            return;
        }
        if (method.equals("GET") && action.equals("restore")) {
            showRestorePlan(exchange, db, ConsoleAccess.query(exchange).get("backup"), nonce);
            return;
        }
        requireMethod(exchange, "POST");
        Map<String, String> form = readForm(exchange);
        if (!access.validCsrf(form.get("csrf"))) {
            throw new Refusal(403, "Refused: no valid CSRF token", "State changes are accepted only from this console's "
                    + "own forms, and this request did not carry their CSRF token. Reload the page and try again. "
                    + "Nothing was changed.", true);
        }
        ConsoleJob running = db.restoring().get();
        if (running != null && !action.equals("restore")) {
            throw new Refusal(409, "A restore is running", "A restore of " + db.name() + " is running (/jobs/"
                    + running.id() + "); wait for it to end. Nothing was done.", true);
        }
        switch (action) {
            case "backup" -> backupNow(exchange, db, form);
            case "verify" -> verify(exchange, db, form);
            case "prune" -> prune(exchange, db);
            case "restore" -> restore(exchange, db, form);
            default -> throw new IllegalStateException(action);
        }
    }

    private ConsoleDatabase database(String id) throws Refusal {
        for (ConsoleDatabase d : databases) if (d.id().equals(id)) return d;
        throw new Refusal(404, "No such database", "This console covers " + databases.size()
                + (databases.size() == 1 ? " database" : " databases") + "; there is no database " + id + " here.", true);
    }

    // ---- actions: each calls what its command calls ----

    /** As {@code safesqlite backup DB [--pin]}: a manual backup through SafeSqlite, audited as backup.created. */
    private void backupNow(HttpExchange exchange, ConsoleDatabase db, Map<String, String> form) throws IOException {
        boolean pin = form.containsKey("pin");
        BackupInfo b = db.api().backup(pin);
        notice(exchange, db, "Backup taken: " + b.file().getFileName() + " (" + Sizes.of(b.bytes()) + ", verify "
                + b.verify() + (b.pinned() ? ", pinned" : "") + ").");
    }

    /** As {@code safesqlite prune DB}, after the dry run the prune page showed; audited as retention.deleted. */
    private void prune(HttpExchange exchange, ConsoleDatabase db) throws IOException {
        List<BackupInfo> deleted = db.api().prune(false);
        notice(exchange, db, deleted.isEmpty() ? "Prune deleted nothing." : "Prune deleted " + deleted.size()
                + (deleted.size() == 1 ? " backup: " : " backups: ")
                + String.join(", ", deleted.stream().map(d -> d.file().getFileName().toString()).toList()) + ".");
    }

    /** As {@code safesqlite verify DB [BACKUP] [--full]}: the same verification, its progress shown by the job page. */
    private void verify(HttpExchange exchange, ConsoleDatabase db, Map<String, String> form) throws IOException, Refusal {
        String named = form.get("backup");
        boolean full = form.containsKey("full");
        BackupInfo one = null;
        if (named != null && !named.isEmpty()) {
            one = db.backupNamed(named).orElseThrow(() -> noSuchBackup(db, named, "verified"));
        }
        int steps = one != null ? 1 : db.api().list().size();
        ConsoleJob job = newJob((one == null ? "Verify all backups of " : "Verify " + one.file().getFileName() + " of ")
                + db.name() + (full ? " (full)" : ""), db, steps);
        BackupInfo target = one;
        run(job, () -> {
            BackupVerification verification = new BackupVerification(db.engine(), full, false);
            List<BackupCheck> checks = target == null ? verification.all(job) : List.of(verification.one(target.file(), job));
            long damaged = 0;
            for (BackupCheck c : checks) {
                if (!c.ok()) damaged++;
                job.line((c.ok() ? "ok: " : "DAMAGED: ") + c.file().getFileName() + (c.ok() ? "" : " - " + c.problem()));
            }
            if (checks.isEmpty()) {
                job.fail("There are no backups of " + db.name() + " to verify; take one with Backup now.");
            } else if (damaged > 0) {
                job.fail(damaged + " of " + checks.size() + " DAMAGED; the lines above say what is wrong.");
            } else {
                job.finish(checks.size() + (checks.size() == 1 ? " backup" : " backups") + " checked, none damaged.");
            }
        }, () -> { });
        redirect(exchange, "/jobs/" + job.id());
    }

    /** The dry run: {@code safesqlite restore DB BACKUP --dry-run}. */
    private void showRestorePlan(HttpExchange exchange, ConsoleDatabase db, String named, String nonce)
            throws IOException, Refusal {
        BackupInfo b = db.backupNamed(named).orElseThrow(() -> noSuchBackup(db, named, "restored"));
        RestorePlan plan;
        try {
            plan = new Restore(db.engine()).plan(new BackupChoice.File(b.file()));
        } catch (RestoreException e) {
            throw new Refusal(409, "This backup cannot be restored", e.getMessage(), true);
        }
        send(exchange, 200, pages.restoreDryRun(db, plan, nonce), nonce);
    }

    /**
     * {@code safesqlite restore DB BACKUP}, confirmed by the database's name typed: through
     * SafeSqlite.restore (validate, pre-restore backup, atomic swap, check, roll back on failure;
     * audited as restore.done or restore.rolledback). One restore per database at a time.
     */
    private void restore(HttpExchange exchange, ConsoleDatabase db, Map<String, String> form) throws IOException, Refusal {
        String named = form.get("backup");
        BackupInfo b = db.backupNamed(named).orElseThrow(() -> noSuchBackup(db, named, "restored"));
        String typed = form.getOrDefault("confirm", "").trim();
        if (!typed.equals(db.name())) {
            throw new Refusal(400, "Not confirmed", "To restore, type the database's name, " + db.name() + ", exactly"
                    + (typed.isEmpty() ? "" : " (the form said '" + typed + "')") + ". Nothing was restored.", true);
        }
        ConsoleJob job = new ConsoleJob(ConsoleAccess.randomToken(), "Restore " + db.name() + " from "
                + b.file().getFileName(), db, 1);
        if (!db.restoring().compareAndSet(null, job)) {
            ConsoleJob other = db.restoring().get();
            throw new Refusal(409, "A restore is already running", "A restore of " + db.name() + " is already running"
                    + (other == null ? "" : " (/jobs/" + other.id() + ")") + "; wait for it to end, then look again "
                    + "at what the database holds. This request changed nothing.", true);
        }
        register(job);
        run(job, () -> {
            job.start("restoring " + b.file().getFileName(), 1, "backup");
            RestoreResult r = db.api().restore(b.file());
            job.done();
            if (r.preRestore() != null) job.line("The state before the restore is kept in " + r.preRestore().getFileName());
            job.finish("Restored " + db.name() + " from " + r.restored().getFileName() + "; it checks out.");
        }, () -> db.restoring().compareAndSet(job, null));
        redirect(exchange, "/jobs/" + job.id());
    }

    private static Refusal noSuchBackup(ConsoleDatabase db, String named, String what) {
        return new Refusal(404, "No such backup", "There is no backup named '" + (named == null ? "" : named) + "' of "
                + db.name() + " (the backups table lists those there are). Nothing was " + what + ".", true);
    }

    // ---- jobs ----

    private interface Work {
        void run() throws Exception;
    }

    private ConsoleJob newJob(String title, ConsoleDatabase db, int steps) {
        ConsoleJob job = new ConsoleJob(ConsoleAccess.randomToken(), title, db, steps);
        register(job);
        return job;
    }

    private void register(ConsoleJob job) {
        jobs.put(job.id(), job);
        if (jobs.size() > KEPT_FINISHED_JOBS) {
            jobs.values().removeIf(j -> j.state() != ConsoleJob.State.RUNNING && jobs.size() > KEPT_FINISHED_JOBS);
        }
    }

    private void run(ConsoleJob job, Work work, Runnable after) throws Refusal {
        try {
            jobRunner.execute(() -> {
                try {
                    work.run();
                } catch (Exception e) {
                    job.fail(e.getMessage() == null ? e.toString() : e.getMessage());
                } finally {
                    after.run();
                }
            });
        } catch (RejectedExecutionException e) {
            after.run();
            job.fail("the console is shutting down; nothing was done");
            throw new Refusal(503, "Shutting down", "The console is shutting down; nothing was done.", true);
        }
    }

    // ---- HTTP plumbing ----

    private void notice(HttpExchange exchange, ConsoleDatabase db, String message) throws IOException {
        String id = ConsoleAccess.randomToken();
        notices.put(id, message);
        redirect(exchange, "/db/" + db.id() + "?notice=" + id);
    }

    private static void requireMethod(HttpExchange exchange, String method) throws Refusal {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new Refusal(405, "Method not allowed", exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " is not accepted here" + (method.equals("POST") ? ": changes are made with the page's buttons." : ".")
                    + " Nothing was changed.", true);
        }
    }

    private static Map<String, String> readForm(HttpExchange exchange) throws IOException, Refusal {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) throw new Refusal(413, "Too large", "The form is too large. Nothing was changed.", true);
            return ConsoleAccess.form(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String queryWithoutToken(HttpExchange exchange) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : ConsoleAccess.query(exchange).entrySet()) {
            if (e.getKey().equals("token")) continue;
            q.append(q.length() == 0 ? "?" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        securityHeaders(exchange, "none");
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String html, String nonce) throws IOException {
        securityHeaders(exchange, nonce);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        write(exchange, status, html);
    }

    private static void sendJson(HttpExchange exchange, String json) throws IOException {
        securityHeaders(exchange, "none");
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        write(exchange, 200, json);
    }

    private static void write(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Only the page's own nonce'd style and script run, nothing is loaded from elsewhere, the page
     * cannot be framed, and nothing of it is cached or sent on as a Referer.
     */
    private static void securityHeaders(HttpExchange exchange, String nonce) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                + "'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
    }

    /** A request the console does not carry out, with the status and the words that say why. */
    private static final class Refusal extends Exception {
        final int status;
        final String title;
        final boolean linkHome;

        Refusal(int status, String title, String message, boolean linkHome) {
            super(message, null, false, false);
            this.status = status;
            this.title = title;
            this.linkHome = linkHome;
        }
    }
}
