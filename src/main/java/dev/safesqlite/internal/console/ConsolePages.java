package dev.safesqlite.internal.console;

import static dev.safesqlite.internal.console.Html.text;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.restore.RestoreDiff;
import dev.safesqlite.internal.restore.RestorePlan;
import dev.safesqlite.internal.retention.KeepReason;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's HTML: one page per database, the dry runs of prune and restore, a job's
 * progress, refusals. Self-contained (styles and the one small script are in the page, with the
 * response's CSP nonce), readable on a phone, and every text that is not the console's own
 * passes through {@link Html#text}.
 */
final class ConsolePages {

    /** Audit fields left out of the page's tail: checksums and thread names ('safesqlite audit' shows them). */
    private static final Set<String> AUDIT_HIDDEN = Set.of("sha256", "thread");
    private static final Set<String> AUDIT_FILES = Set.of("backup", "preRestore");

    /** A trigger's SQL is shown in full up to this length; longer text folds into a details element. */
    private static final int SQL_SHOWN = 240;

    private final List<ConsoleDatabase> databases;
    private final List<ConsoleFeature> features;
    private final ZoneId zone;
    private final String csrf;

    ConsolePages(List<ConsoleDatabase> databases, List<ConsoleFeature> features, ZoneId zone, String csrf) {
        this.databases = databases;
        this.features = features;
        this.zone = zone;
        this.csrf = csrf;
    }

    // ---- pages ----

    /** The list of databases, when the console covers more than one. */
    String overview(List<DatabaseView> views, String nonce) {
        StringBuilder b = new StringBuilder("<section><h2>Databases</h2><table class=\"list\"><thead><tr><th>Database</th>"
                + "<th>Backups</th><th>Newest backup</th><th>Audit log</th></tr></thead><tbody>");
        for (DatabaseView v : views) {
            Duration age = v.newestAge();
            b.append("<tr><td data-label=\"Database\"><a href=\"/db/").append(v.database().id()).append("\">")
                    .append(text(v.database().name())).append("</a><br><small>").append(text(v.database().file()))
                    .append("</small></td><td data-label=\"Backups\">").append(v.backups().size()).append(" (")
                    .append(Sizes.of(v.totalBytes())).append(")</td><td data-label=\"Newest backup\">")
                    .append(age == null ? "none" : text(Times.age(age)) + " ago").append("</td><td data-label=\"Audit log\">")
                    .append(chainWords(v)).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
        return page("SafeSQLite console", null, nonce, b.toString());
    }

    String database(DatabaseView v, String notice, String nonce) {
        ConsoleDatabase db = v.database();
        StringBuilder b = new StringBuilder();
        if (notice != null) b.append("<p class=\"notice\" id=\"notice\">").append(text(notice)).append("</p>");
        if (v.restoring() != null) {
            b.append("<p class=\"notice warn\" id=\"restore-running\">A restore of this database is running: <a href=\"/jobs/")
                    .append(v.restoring().id()).append("\">see its progress</a>. Other changes wait until it ends.</p>");
        }
        b.append(summary(v));
        b.append(actions(db));
        b.append("<section id=\"history\"><h2>Backups over time</h2>").append(BackupChart.svg(v.backups(), zone))
                .append(BackupChart.legend(v.backups())).append("</section>");
        b.append(backupsTable(v));
        b.append(retention(v));
        for (ConsoleFeature f : features) {
            String s = f.section(db);
            if (s != null) b.append(s);
        }
        b.append(audit(v));
        return page(db.name(), db, nonce, b.toString());
    }

    String pruneDryRun(DatabaseView v, String nonce) {
        ConsoleDatabase db = v.database();
        StringBuilder b = new StringBuilder("<section id=\"prune-plan\"><h2>Prune " + text(db.name()) + ": dry run</h2>");
        b.append("<p>Policy: ").append(text(v.policy())).append(". <code>manual</code> and pinned backups are never deleted.</p>");
        if (v.retentionProblem() != null) {
            b.append("<p class=\"bad\">The dry run failed: ").append(text(v.retentionProblem())).append("</p>");
        } else if (v.retention() != null && v.retention().deleteAllRefused()) {
            b.append("<p class=\"warn\">The rules would delete every backup they govern, so a prune deletes nothing "
                    + "(SPEC: a run that would delete everything deletes nothing). Check the retain.* settings.</p>");
        }
        List<BackupInfo> gone = v.toDelete();
        if (gone.isEmpty()) {
            b.append("<p id=\"prune-nothing\">Nothing to delete: every backup is kept by a rule.</p>");
        } else {
            b.append("<p>A prune now deletes these <b id=\"prune-count\">").append(gone.size()).append("</b> backups (")
                    .append(Sizes.of(gone.stream().mapToLong(BackupInfo::bytes).sum())).append("):</p><ul id=\"prune-list\">");
            for (BackupInfo g : gone) {
                b.append("<li>").append(text(Times.local(g.created(), zone))).append(" ").append(text(g.reason()))
                        .append(" <code>").append(text(g.file().getFileName())).append("</code></li>");
            }
            b.append("</ul><form method=\"post\" action=\"/db/").append(db.id()).append("/prune\">").append(csrfField())
                    .append("<p>The policy is applied again when you press the button; a backup taken meanwhile "
                            + "can change what goes.</p><button class=\"danger\" id=\"prune-confirm\">Delete ")
                    .append(gone.size()).append(gone.size() == 1 ? " backup" : " backups").append("</button> <a href=\"/db/")
                    .append(db.id()).append("\">Cancel</a></form>");
        }
        b.append("<h3>Kept, and the rule that keeps each</h3><table class=\"list\"><thead><tr><th>Time</th><th>Reason</th>"
                + "<th>Kept by</th></tr></thead><tbody>");
        for (BackupInfo k : v.backups()) {
            if (v.deletedNext(k)) continue;
            b.append("<tr><td data-label=\"Time\">").append(text(Times.local(k.created(), zone))).append("</td><td data-label=\"Reason\">")
                    .append(text(k.reason())).append("</td><td data-label=\"Kept by\">").append(text(keptWords(v.keptBy(k))))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></section>");
        return page("Prune " + db.name(), db, nonce, b.toString());
    }

    String restoreDryRun(ConsoleDatabase db, RestorePlan plan, String nonce) {
        Manifest m = plan.backup().manifest();
        String name = plan.backup().file().getFileName().toString();
        StringBuilder b = new StringBuilder("<section id=\"restore-plan\"><h2>Restore " + text(db.name()) + ": dry run</h2>");
        b.append("<p>From <code>").append(text(name)).append("</code>, taken ")
                .append(text(Times.local(plan.backup().name().created(), zone))).append(", reason ").append(text(m.reason()));
        if (m.trigger() != null && m.trigger().sql() != null) {
            b.append(", before:</p>").append(sql(m.trigger().sql())).append("<p>");
        } else {
            b.append(".</p><p>");
        }
        b.append("The backup is sound: size and SHA-256 match its manifest, SQLite's check is ok, row counts match.</p>");
        if (!plan.current().exists()) {
            b.append("<p>There is no database file now: the restore creates it.</p>");
        } else if (plan.current().unreadable() != null) {
            b.append("<p class=\"warn\">SQLite cannot read the current file (").append(text(plan.current().unreadable()))
                    .append("): a byte copy of it is kept.</p>");
        }
        b.append("<table class=\"list\" id=\"restore-diff\"><thead><tr><th>Table</th><th>Rows now</th><th>After</th><th>Change</th>"
                + "</tr></thead><tbody>");
        for (RestoreDiff.TableChange t : plan.diff().tables()) {
            b.append("<tr class=\"").append(t.change()).append("\"><td data-label=\"Table\">").append(text(t.table()))
                    .append("</td><td data-label=\"Rows now\">").append(t.rowsNow() == null ? "-" : t.rowsNow())
                    .append("</td><td data-label=\"After\">").append(t.rowsAfter() == null ? "-" : t.rowsAfter())
                    .append("</td><td data-label=\"Change\">").append(t.change()).append("</td></tr>");
        }
        RestoreDiff d = plan.diff();
        b.append("</tbody></table><p>user_version: ").append(d.userVersionNow()).append(" &rarr; ").append(d.userVersionAfter())
                .append(d.userVersionNow() == d.userVersionAfter() ? " (same)" : " (the schema version changes)").append("</p>");
        b.append("<p>Before the file is replaced, a <code>pre-restore</code> backup of the current state is taken, so this "
                + "restore can itself be undone. The application must have closed the database: a restore is refused "
                + "while any process holds it open. On any failure the original is put back.</p>");
        b.append("<form method=\"post\" action=\"/db/").append(db.id()).append("/restore\" id=\"restore-form\">").append(csrfField())
                .append("<input type=\"hidden\" name=\"backup\" value=\"").append(text(name)).append("\">")
                .append("<label for=\"confirm\">Type the database's name, <b>").append(text(db.name()))
                .append("</b>, to confirm:</label> <input id=\"confirm\" name=\"confirm\" autocomplete=\"off\" autocapitalize=\"off\" "
                        + "spellcheck=\"false\" required> <button class=\"danger\" id=\"restore-confirm\">Restore ")
                .append(text(db.name())).append("</button> <a href=\"/db/").append(db.id()).append("\">Cancel</a></form></section>");
        return page("Restore " + db.name(), db, nonce, b.toString());
    }

    String job(ConsoleJob job, String nonce) {
        Map<String, Object> s = job.snapshot();
        ConsoleDatabase db = job.database();
        StringBuilder b = new StringBuilder("<section id=\"job\" data-state=\"" + s.get("state") + "\" data-poll=\"/jobs/"
                + job.id() + "/state\"><h2>" + text(job.title()) + "</h2>");
        int total = (Integer) s.get("total");
        int done = (Integer) s.get("done");
        b.append("<p><progress id=\"progress\" max=\"").append(Math.max(total, 1)).append("\" value=\"").append(done)
                .append("\"></progress> <span id=\"count\">").append(done).append(" / ").append(total).append("</span></p>");
        b.append("<p id=\"task\">").append(text(s.get("task"))).append("</p>");
        b.append("<p id=\"outcome\" class=\"").append(s.get("state")).append("\">").append(text(s.get("outcome"))).append("</p>");
        b.append("<ul id=\"lines\">");
        for (Object line : (List<?>) s.get("lines")) b.append("<li>").append(text(line)).append("</li>");
        b.append("</ul><p><a href=\"/db/").append(db.id()).append("\" id=\"back\">Back to ").append(text(db.name()))
                .append("</a></p></section>");
        b.append("<noscript><p>Without JavaScript, reload this page to see the progress.</p></noscript>");
        b.append("<script nonce=\"").append(nonce).append("\">").append(POLL_SCRIPT).append("</script>");
        return page(job.title(), db, nonce, b.toString());
    }

    /** A request refused: what was wrong and that nothing changed. */
    static String refusal(String title, String message, boolean linkHome, String nonce) {
        String body = "<section id=\"refusal\"><h2>" + text(title) + "</h2><p>" + text(message) + "</p>"
                + (linkHome ? "<p><a href=\"/\">Back to the console</a></p>" : "") + "</section>";
        return shell(title, "", nonce, body);
    }

    // ---- parts ----

    private String summary(DatabaseView v) {
        StringBuilder b = new StringBuilder("<section id=\"summary\"><h2>").append(text(v.database().name()))
                .append(" <small>").append(text(v.database().file())).append("</small></h2><div class=\"cards\">");
        Duration age = v.newestAge();
        card(b, "Backups", "count", String.valueOf(v.backups().size()), Sizes.of(v.totalBytes()) + " in total", null);
        card(b, "Newest backup", "newest-age", age == null ? "none" : Times.age(age) + " ago",
                v.newest() == null ? "take one with Backup now" : Times.local(v.newest().created(), zone) + ", " + v.newest().reason(),
                age == null || age.compareTo(Duration.ofDays(2)) > 0 ? "warn" : null);
        card(b, "Checked when taken", "newest-verify", v.newest() == null ? "-" : v.newest().verify(), "the newest backup", null);
        String nextPrune = v.retentionProblem() != null ? "?" : String.valueOf(v.toDelete().size());
        card(b, "Next prune deletes", "next-prune", nextPrune, v.retentionProblem() != null ? v.retentionProblem()
                : "see Retention below", null);
        b.append("<div class=\"card ").append(v.chain() == null ? "" : v.chain().intact() ? "" : "bad")
                .append("\"><div class=\"k\">Audit log</div><div class=\"v\" id=\"audit-chain\">").append(chainWords(v))
                .append("</div><div class=\"d\">").append(v.chain() == null ? "" : v.chain().lines() + " lines").append("</div></div>");
        return b.append("</div></section>").toString();
    }

    private static void card(StringBuilder b, String key, String id, String value, String detail, String cls) {
        b.append("<div class=\"card").append(cls == null ? "" : " " + cls).append("\"><div class=\"k\">").append(text(key))
                .append("</div><div class=\"v\" id=\"").append(id).append("\">").append(text(value)).append("</div><div class=\"d\">")
                .append(text(detail)).append("</div></div>");
    }

    private static String chainWords(DatabaseView v) {
        if (v.auditProblem() != null) return "<span class=\"bad\">unreadable</span>";
        if (v.chain() == null) return "no log yet";
        return v.chain().intact() ? "<span class=\"ok\">chain intact</span>" : "<span class=\"bad\">chain BROKEN</span>";
    }

    private String actions(ConsoleDatabase db) {
        return "<section id=\"actions\"><h2>Actions</h2><div class=\"actions\">"
                + "<form method=\"post\" action=\"/db/" + db.id() + "/backup\">" + csrfField()
                + "<label><input type=\"checkbox\" name=\"pin\" id=\"pin\"> pinned</label> "
                + "<button id=\"backup-now\">Backup now</button></form>"
                + "<form method=\"post\" action=\"/db/" + db.id() + "/verify\">" + csrfField()
                + "<label><input type=\"checkbox\" name=\"full\" id=\"full\"> full check</label> "
                + "<button id=\"verify-all\">Verify all</button></form>"
                + "<a class=\"button\" id=\"prune\" href=\"/db/" + db.id() + "/prune\">Prune&hellip;</a>"
                + "</div><p class=\"hint\">Backup now takes a <code>manual</code> backup (never deleted by retention). "
                + "Prune and Restore show their dry run first.</p></section>";
    }

    private String backupsTable(DatabaseView v) {
        ConsoleDatabase db = v.database();
        StringBuilder b = new StringBuilder("<section><h2>Backups, newest first</h2>");
        if (v.backupsProblem() != null) {
            b.append("<p class=\"bad\">").append(text(v.backupsProblem())).append("</p>");
        }
        b.append("<table class=\"backups\" id=\"backups\"><thead><tr><th>Time</th><th>Reason</th><th>Size</th><th>Verified</th>"
                + "<th>Pinned</th><th>Retention</th><th>Trigger SQL</th>");
        for (ConsoleFeature f : features) for (String h : f.backupHeaders()) b.append("<th>").append(text(h)).append("</th>");
        b.append("<th></th></tr></thead><tbody>");
        if (v.backups().isEmpty()) {
            b.append("<tr><td colspan=\"8\" id=\"no-backups\">No backups yet.</td></tr>");
        }
        for (BackupInfo k : v.backups()) {
            String name = k.file().getFileName().toString();
            b.append("<tr class=\"backup\" data-file=\"").append(text(name)).append("\">");
            b.append("<td data-label=\"Time\" title=\"").append(text(name)).append("\">").append(text(Times.local(k.created(), zone))).append("</td>");
            b.append("<td data-label=\"Reason\"><span class=\"reason r-").append(BackupChart.reasonClass(k.reason())).append("\">")
                    .append(text(k.reason())).append("</span></td>");
            b.append("<td data-label=\"Size\">").append(Sizes.of(k.bytes())).append("</td>");
            b.append("<td data-label=\"Verified\">").append(text(k.verify())).append("</td>");
            b.append("<td data-label=\"Pinned\">").append(k.pinned() ? "pinned" : "").append("</td>");
            b.append("<td data-label=\"Retention\">").append(v.deletedNext(k) ? "<span class=\"warn\">deleted by next prune</span>"
                    : text(keptWords(v.keptBy(k)))).append("</td>");
            b.append("<td data-label=\"Trigger SQL\">").append(k.triggerSql() == null ? "" : sql(k.triggerSql())).append("</td>");
            for (ConsoleFeature f : features) for (String c : f.backupCells(k)) b.append("<td>").append(c).append("</td>");
            b.append("<td class=\"row-actions\"><form method=\"post\" action=\"/db/").append(db.id()).append("/verify\">")
                    .append(csrfField()).append("<input type=\"hidden\" name=\"backup\" value=\"").append(text(name))
                    .append("\"><button class=\"small\">Verify</button></form> <a class=\"button small\" href=\"/db/")
                    .append(db.id()).append("/restore?backup=").append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
                    .append("\">Restore&hellip;</a></td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    private String retention(DatabaseView v) {
        StringBuilder b = new StringBuilder("<section id=\"retention\"><h2>Retention</h2><p>").append(text(v.policy()))
                .append(". <code>manual</code> and pinned backups are never deleted.</p>");
        if (v.retentionProblem() != null) {
            b.append("<p class=\"bad\">The dry run failed: ").append(text(v.retentionProblem())).append("</p>");
        } else if (v.retention() != null) {
            List<BackupInfo> gone = v.toDelete();
            b.append("<p id=\"retention-next\">").append(gone.isEmpty() ? "The next prune deletes nothing."
                    : "The next prune deletes " + gone.size() + (gone.size() == 1 ? " backup: " : " backups: ")
                    + text(gone.stream().map(g -> Times.local(g.created(), zone) + " " + g.reason()).collect(Collectors.joining(", ")))
                    + ".").append(" The Retention column above names the rule that keeps each backup.</p>");
        }
        return b.append("</section>").toString();
    }

    private String audit(DatabaseView v) {
        StringBuilder b = new StringBuilder("<section id=\"audit\"><h2>Audit log</h2><p><code>").append(text(v.auditLog()))
                .append("</code>: ");
        if (v.auditProblem() != null) {
            return b.append("<span class=\"bad\">cannot be read: ").append(text(v.auditProblem())).append("</span></p></section>").toString();
        }
        if (v.chain() == null) return b.append("no events yet.</p></section>").toString();
        b.append(v.chain().intact() ? "<span class=\"ok\">the hash chain verifies</span> (" + v.chain().lines() + " lines"
                        + (v.chain().fromFirstLine() ? ", from the first line ever written)" : ", from the oldest line kept)")
                : "<span class=\"bad\">the hash chain is BROKEN: " + text(v.chain().firstBreak()) + "</span>").append("</p>");
        AuditTail tail = v.auditTail();
        if (tail.otherLines() > 0) {
            b.append("<p class=\"hint\">").append(tail.otherLines())
                    .append(" recent lines of other databases that share this log are not shown.</p>");
        }
        b.append("<table class=\"list\" id=\"audit-tail\"><thead><tr><th>Time (UTC)</th><th>Event</th><th>Details</th></tr></thead><tbody>");
        List<AuditTail.Event> events = tail.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            AuditTail.Event e = events.get(i);
            b.append("<tr><td data-label=\"Time\">").append(text(e.ts())).append("</td><td data-label=\"Event\">")
                    .append(text(e.event())).append("</td><td data-label=\"Details\">");
            for (Map.Entry<String, String> f : e.fields().entrySet()) {
                String key = f.getKey();
                if (AUDIT_HIDDEN.contains(key)) continue;
                b.append("<span class=\"f\"><span class=\"fk\">").append(text(key)).append("</span> ");
                if (key.equals("sql")) {
                    b.append(sql(f.getValue()));
                } else if (AUDIT_FILES.contains(key)) {
                    // Backups live in the backup directory named above: the file name says which.
                    String file = f.getValue();
                    b.append("<span title=\"").append(text(file)).append("\">")
                            .append(text(file.substring(file.lastIndexOf('/') + 1))).append("</span>");
                } else {
                    b.append(text(f.getValue()));
                }
                b.append("</span>");
            }
            b.append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    private static String sql(String sql) {
        if (sql.length() <= SQL_SHOWN) return "<code class=\"sql\">" + text(sql) + "</code>";
        return "<details><summary><code class=\"sql\">" + text(sql.substring(0, SQL_SHOWN)) + "&hellip;</code></summary>"
                + "<code class=\"sql\">" + text(sql) + "</code></details>";
    }

    private static String keptWords(Set<KeepReason> reasons) {
        if (reasons.isEmpty()) return "";
        return "kept: " + reasons.stream().map(KeepReason::label).collect(Collectors.joining(", "));
    }

    private String csrfField() {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + csrf + "\">";
    }

    private String page(String title, ConsoleDatabase current, String nonce, String body) {
        StringBuilder nav = new StringBuilder("<nav>");
        if (databases.size() > 1) nav.append("<a href=\"/\"").append(current == null ? " class=\"current\"" : "").append(">All</a>");
        for (ConsoleDatabase d : databases) {
            nav.append("<a href=\"/db/").append(d.id()).append("\"").append(d == current ? " class=\"current\"" : "")
                    .append(">").append(text(d.name())).append("</a>");
        }
        nav.append("</nav>");
        String footer = "<footer>Times are local (" + text(zone.getId()) + ") unless marked UTC. This page reads the backup "
                + "directory when it loads; reload to see changes made elsewhere.</footer>";
        return shell(title, nav.toString(), nonce, body + footer);
    }

    private static String shell(String title, String nav, String nonce, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + text(title) + " - SafeSQLite</title><style nonce=\"" + nonce + "\">" + CSS + "</style></head>"
                + "<body><header><h1>SafeSQLite console</h1>" + nav + "</header><main>" + body + "</main></body></html>";
    }

    /** The job page's poll: reads the job's state as JSON and writes it in with textContent (never as HTML). */
    private static final String POLL_SCRIPT = """
            (function () {
              var job = document.getElementById('job');
              function render(s) {
                job.dataset.state = s.state;
                var bar = document.getElementById('progress');
                bar.max = Math.max(s.total, 1);
                bar.value = s.done;
                document.getElementById('count').textContent = s.done + ' / ' + s.total;
                document.getElementById('task').textContent = s.task;
                var outcome = document.getElementById('outcome');
                outcome.textContent = s.outcome || '';
                outcome.className = s.state;
                var list = document.getElementById('lines');
                while (list.firstChild) list.removeChild(list.firstChild);
                s.lines.forEach(function (l) {
                  var li = document.createElement('li');
                  li.textContent = l;
                  list.appendChild(li);
                });
              }
              function poll() {
                fetch(job.dataset.poll, {credentials: 'same-origin', cache: 'no-store'})
                  .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
                  .then(function (s) { render(s); if (s.state === 'running') setTimeout(poll, 400); })
                  .catch(function () { setTimeout(poll, 1500); });
              }
              if (job.dataset.state === 'running') setTimeout(poll, 200);
            })();
            """;

    private static final String CSS = """
            :root{--fg:#1c2430;--muted:#5b6575;--bg:#f3f5f8;--card:#fff;--line:#dde3ea;--accent:#1f5fc4;--bad:#b3261e;--warn:#9a5b00;--ok:#2e7d32}
            *{box-sizing:border-box}
            body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
            header{background:#17202c;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;align-items:baseline}
            header h1{font-size:1.05rem;margin:0;font-weight:600}
            header nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem}
            header nav a{color:#bcd3ff;text-decoration:none}
            header nav a.current{color:#fff;font-weight:600;border-bottom:2px solid #fff}
            main{max-width:1180px;margin:0 auto;padding:1rem}
            section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.9rem 1rem;margin-bottom:1rem;overflow-wrap:anywhere}
            h2{font-size:1.05rem;margin:0 0 .6rem} h2 small{font-weight:400;color:var(--muted);font-size:.8rem}
            h3{font-size:.95rem;margin:1rem 0 .4rem}
            .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:.6rem}
            .card{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem}
            .card .k{color:var(--muted);font-size:.8rem}.card .v{font-size:1.25rem;font-weight:600}.card .d{color:var(--muted);font-size:.8rem}
            .card.warn{border-color:var(--warn)}.card.bad{border-color:var(--bad)}
            .ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}
            .notice{background:#e8f1ff;border:1px solid #b7cff5;border-radius:6px;padding:.6rem .8rem}
            .notice.warn{background:#fff4e0;border-color:#f0c987}
            table{border-collapse:collapse;width:100%}
            th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
            th{font-size:.8rem;color:var(--muted);font-weight:600}
            code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.85rem}
            code.sql{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.05rem .25rem;border-radius:3px}
            .actions{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center}
            .actions form{display:flex;gap:.5rem;align-items:center}
            button,.button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:.55rem 1rem;min-height:40px;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center}
            button.small,.button.small{padding:.25rem .6rem;min-height:32px;font-size:.85rem}
            button.danger{background:var(--bad)}
            .row-actions{white-space:nowrap}.row-actions form{display:inline}
            input[name=confirm]{font:inherit;padding:.45rem;border:1px solid var(--muted);border-radius:6px;min-width:12rem}
            .hint,footer{color:var(--muted);font-size:.85rem}
            footer{padding:0 .2rem 1rem}
            progress{width:min(100%,28rem);height:1.1rem}
            #outcome.done{color:var(--ok);font-weight:600}#outcome.failed{color:var(--bad);font-weight:600}
            tr.appears td,tr.disappears td,tr.changes td{background:#fff8e6}
            #audit-tail td:nth-child(-n+2){white-space:nowrap}
            #audit-tail .f{display:inline-block;margin:0 .9rem .1rem 0}#audit-tail .fk{color:var(--muted);font-size:.8rem}
            .chart{width:100%;height:auto;display:block}
            .chart .plot{fill:#fafbfc;stroke:var(--line)}.chart .grid{stroke:#e8ecf1}
            .chart text{font-size:11px;fill:var(--muted);font-family:inherit}.chart .empty{font-size:14px}
            .chart .backup line{stroke-width:2}
            .legend{margin:.4rem 0 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
            .legend .dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;margin-right:.3rem;background:currentColor}
            .r-manual{stroke:#1f5fc4;fill:#1f5fc4}.r-pre-ddl{stroke:#b3261e;fill:#b3261e}.r-pre-delete{stroke:#d9480f;fill:#d9480f}
            .r-pre-update{stroke:#c27c0e;fill:#c27c0e}.r-startup{stroke:#2e7d32;fill:#2e7d32}.r-shutdown{stroke:#5d6b7a;fill:#5d6b7a}
            .r-daily{stroke:#6a3fb5;fill:#6a3fb5}.r-pre-restore{stroke:#00838f;fill:#00838f}.r-other{stroke:#777;fill:#777}
            span.reason{font-weight:600;fill:none;stroke:none}
            span.r-manual{color:#1f5fc4}span.r-pre-ddl{color:#b3261e}span.r-pre-delete{color:#d9480f}span.r-pre-update{color:#9a5b00}
            span.r-startup{color:#2e7d32}span.r-shutdown{color:#5d6b7a}span.r-daily{color:#6a3fb5}span.r-pre-restore{color:#00838f}
            @media (max-width:700px){
              main{padding:.5rem}
              .cards{grid-template-columns:1fr 1fr}
              .chart text{font-size:17px}.chart .empty{font-size:24px}
              table.backups td:empty{display:none}
              #audit-tail td:nth-child(-n+2){white-space:normal}
              table.backups thead,table.list thead{display:none}
              table.backups tr,table.list tr{display:block;border-bottom:2px solid var(--line);padding:.3rem 0}
              table.backups td,table.list td{display:flex;gap:.6rem;border:0;padding:.15rem .3rem}
              table.backups td::before,table.list td::before{content:attr(data-label);color:var(--muted);font-size:.8rem;min-width:6.5rem;flex:none}
              table.backups td.row-actions::before{content:none}
            }
            """;
}
