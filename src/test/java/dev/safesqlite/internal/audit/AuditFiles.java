package dev.safesqlite.internal.audit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Reads and tampers with audit log files the way a person with a shell would. */
final class AuditFiles {

    private AuditFiles() {
    }

    /** Every line of the log (archives oldest first, then the active file). */
    static List<String> allLines(Path active) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : new RolledFiles(active).allInOrder()) lines.addAll(lines(f));
        return lines;
    }

    static List<JsonObject> allRecords(Path active) throws IOException {
        return allLines(active).stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    static List<String> lines(Path file) throws IOException {
        String text = new String(bytes(file), StandardCharsets.UTF_8);
        if (text.isEmpty()) return List.of();
        if (!text.endsWith("\n")) throw new IllegalStateException(file + " does not end with a newline");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }

    static byte[] bytes(Path file) throws IOException {
        try (InputStream in = RolledFiles.isGzip(file) ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    /** Rewrites {@code file} (gzipped again if it was) with {@code lines}. */
    static void rewrite(Path file, List<String> lines) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (String l : lines) text.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        try (OutputStream out = RolledFiles.isGzip(file) ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            text.writeTo(out);
        }
    }

    static String hashOf(String line) {
        return AuditChain.hash(line.getBytes(StandardCharsets.UTF_8));
    }
}
