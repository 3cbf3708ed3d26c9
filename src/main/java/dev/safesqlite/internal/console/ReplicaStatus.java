package dev.safesqlite.internal.console;

import static dev.safesqlite.internal.console.Html.text;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.replica.Replication;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The replicas of a database (SPEC section 10) on its page: where backups go, how many uploads
 * wait and how far the oldest is behind, read from the same markers as {@code stats} and the
 * MBean. Nothing is shown for a database without replicas.
 */
final class ReplicaStatus implements ConsoleFeature {

    @Override
    public String section(ConsoleDatabase database) {
        ProtectedDatabase engine = database.engine();
        Replication replication = engine.replication();
        if (!replication.enabled()) return null;
        Replication.Status status = replication.status();
        StringBuilder b = new StringBuilder("<section id=\"replicas\"><h2>Replicas</h2><ul>");
        for (URI url : engine.settings().replicaUrls()) {
            b.append("<li><code>").append(text(url)).append("</code></li>");
        }
        b.append("</ul><p id=\"replica-status\">");
        if (status.pendingUploads() == 0) {
            b.append("<span class=\"ok\">every backup is on every replica</span>");
        } else {
            Duration lag = status.lag(Instant.now());
            b.append("<span class=\"warn\">").append(status.pendingUploads()).append(" upload(s) pending, the oldest for ")
                    .append(text(lag.toSeconds())).append(" s</span>; the audit log says why (replica.failed), and"
                            + " <code>safesqlite replicate</code> sends them now");
        }
        return b.append("</p></section>").toString();
    }
}
