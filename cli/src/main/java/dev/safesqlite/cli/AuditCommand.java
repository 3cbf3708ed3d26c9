package dev.safesqlite.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.safesqlite.AuditVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Read the audit log (audit.file, default <backup.dir>/audit.log), or check its hash chain.")
final class AuditCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "20", description = "show the last N events (default 20; 0 = all)")
    int tail;

    @Option(names = "--verify", description = "check that no line was edited, deleted or reordered (the prev hash chain)")
    boolean verify;

    @Override
    public Integer call() throws CommandFailure, IOException {
        if (tail < 0) throw new CommandFailure(ExitCodes.USAGE, "--tail " + tail + " must be 0 (all) or more");
        Path log = target.settings().auditFile(target.file());
        if (!Files.isRegularFile(log)) {
            throw new CommandFailure(ExitCodes.FAILED, "there is no audit log at " + log + "; it is written by "
                    + "applications using the driver or the agent (set safesqlite.audit.file if it is elsewhere)");
        }
        if (verify) {
            return verifyChain(log);
        }
        List<String> lines = lastLines(log, tail);
        Output out = target.output();
        List<JsonElement> events = new ArrayList<>();
        for (String line : lines) {
            try {
                JsonElement e = JsonParser.parseString(line);
                events.add(e);
                out.line(readable(e));
            } catch (RuntimeException notJson) {
                JsonObject unparsed = new JsonObject();
                unparsed.addProperty("unparsed", line);
                events.add(unparsed);
                out.line("(not a JSON line) " + line);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", log.toString());
        doc.put("events", events);
        out.json(doc);
        return ExitCodes.DONE;
    }

    /** Exit 0 when the chain is intact, 3 (damage) when a line was edited, deleted or reordered. */
    private Integer verifyChain(Path log) throws CommandFailure, IOException {
        AuditVerification v = target.api().verifyAudit();
        Output out = target.output();
        if (v.intact()) {
            out.line("audit log " + log + " is intact: " + v.lines() + " line(s)"
                    + (v.fromFirstLine() ? ", from the first line ever written" : ", from the oldest line kept"));
        } else {
            out.line("audit log " + log + " is BROKEN: " + v.firstBreak());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", log.toString());
        doc.put("intact", v.intact());
        doc.put("lines", v.lines());
        doc.put("fromFirstLine", v.fromFirstLine());
        doc.put("firstBreak", v.firstBreak());
        out.json(doc);
        return v.intact() ? ExitCodes.DONE : ExitCodes.DAMAGE_FOUND;
    }

    private static List<String> lastLines(Path log, int n) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                last.addLast(l);
                if (n > 0 && last.size() > n) last.removeFirst();
            });
        }
        return List.copyOf(last);
    }

    /** {@code ts event key=value ...}, without the hash chain. */
    private static String readable(JsonElement e) {
        if (!e.isJsonObject()) return e.toString();
        JsonObject o = e.getAsJsonObject();
        StringBuilder sb = new StringBuilder();
        sb.append(text(o, "ts")).append("  ").append(text(o, "event"));
        for (Map.Entry<String, JsonElement> f : o.entrySet()) {
            if (List.of("ts", "event", "prev").contains(f.getKey())) continue;
            sb.append("  ").append(f.getKey()).append('=')
                    .append(f.getValue().isJsonPrimitive() ? f.getValue().getAsString() : f.getValue().toString());
        }
        return sb.toString();
    }

    private static String text(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v == null || v.isJsonNull() ? "-" : v.getAsString();
    }
}
