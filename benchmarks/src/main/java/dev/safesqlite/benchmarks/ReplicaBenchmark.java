package dev.safesqlite.benchmarks;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.replica.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Replicas against S3Proxy on loopback, side by side in one run on the same file (median of 5
 * after a warm-up): a local verified backup alone; a backup and its replica upload complete
 * (plain and encrypted); one plain SDK PUT of the same file; restore from the replica alone
 * against one plain SDK download of the object. Not a test: README's Figures quote its output.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.ReplicaBenchmark [MB ...]}
 */
public final class ReplicaBenchmark {

    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath(), "bench-replica-");
        try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3"))) {
            s3.createBucket("bench");
            for (int mb : sizes) run(work, s3, mb);
        } finally {
            BackupBenchmark.deleteWork(work);
        }
    }

    static void run(Path work, S3ProxyServer s3, int mb) throws Exception {
        Path dir = Files.createDirectories(work.resolve("db" + mb));
        Path db = dir.resolve("app.db");
        BackupBenchmark.build(db, mb);
        long bytes = Files.size(db);
        System.out.printf(Locale.ROOT, "%n== database of %.0f MB (%d bytes), median of %d rounds, S3Proxy on loopback%n",
                bytes / 1e6, bytes, ROUNDS);
        Path key = Files.writeString(work.resolve("key"), Base64.getEncoder().encodeToString(new byte[32]));

        SafeSqlite local = SafeSqlite.of(db, settings(dir.resolve("b-local"), null, null, null));
        double backup = BackupBenchmark.median(ROUNDS, () -> clean(local, local.backup()));

        String plainUrl = "s3://bench/plain" + mb;
        SafeSqlite plain = SafeSqlite.of(db, settings(dir.resolve("b-plain"), plainUrl, s3, null));
        double backupAndUpload = BackupBenchmark.median(ROUNDS, () -> {
            plain.backup();
            if (!plain.replicate().ok()) throw new IllegalStateException("upload failed");
        });

        SafeSqlite enc = SafeSqlite.of(db, settings(dir.resolve("b-enc"), "s3://bench/enc" + mb, s3, key));
        double backupAndEncryptedUpload = BackupBenchmark.median(ROUNDS, () -> {
            BackupInfo b = enc.backup();
            if (!enc.replicate().ok()) throw new IllegalStateException("upload failed");
            clean(enc, b);
        });

        BackupInfo sample = plain.list().get(0);
        double put;
        double get;
        try (S3Client c = s3.client()) {
            put = BackupBenchmark.median(ROUNDS, () -> c.putObject(r -> r.bucket("bench").key("raw/" + mb),
                    RequestBody.fromFile(sample.file())));
            Path down = dir.resolve("download.db");
            get = BackupBenchmark.median(ROUNDS, () -> {
                Files.deleteIfExists(down);
                c.getObject(r -> r.bucket("bench").key("raw/" + mb), ResponseTransformer.toFile(down));
            });
        }

        Path fresh = Files.createDirectories(work.resolve("fresh" + mb)).resolve("app.db");
        double restore = BackupBenchmark.median(ROUNDS, () -> {
            Files.deleteIfExists(fresh);
            deleteDir(fresh.resolveSibling("backups"));
            SafeSqlite n = SafeSqlite.of(fresh, settings(fresh.resolveSibling("backups"), null, s3, null));
            n.restoreFromReplica(plainUrl, null);
        });

        System.out.printf(Locale.ROOT, "  %-48s %8.2f s%n", "local verified backup alone", backup);
        System.out.printf(Locale.ROOT, "  %-48s %8.2f s  (x%.2f the backup alone)%n", "backup, then replica upload complete",
                backupAndUpload, backupAndUpload / backup);
        System.out.printf(Locale.ROOT, "  %-48s %8.2f s  (x%.2f the backup alone)%n", "backup, then encrypted upload complete",
                backupAndEncryptedUpload, backupAndEncryptedUpload / backup);
        System.out.printf(Locale.ROOT, "  %-48s %8.2f s  (upload share: x%.2f a plain PUT)%n", "one plain SDK PUT of the file",
                put, (backupAndUpload - backup) / put);
        System.out.printf(Locale.ROOT, "  %-48s %8.2f s%n", "one plain SDK download of the object", get);
        System.out.printf(Locale.ROOT, "  %-48s %8.2f s  (x%.2f a plain download)%n",
                "restore from the replica alone (fresh directory)", restore, restore / get);
    }

    private static Map<String, String> settings(Path backups, String url, S3ProxyServer s3, Path key) {
        Map<String, String> m = new HashMap<>();
        m.put("safesqlite.backup.dir", backups.toString());
        m.put("safesqlite.backup.on.startup", "false");
        if (s3 != null) {
            m.put("safesqlite.replica.s3.endpoint", s3.endpoint().toString());
            m.put("safesqlite.replica.s3.path.style", "true");
        }
        if (url != null) m.put("safesqlite.replica.url", url);
        if (key != null) m.put("safesqlite.replica.encrypt.key", "file:" + key);
        return m;
    }

    /** Manual backups are never pruned: remove each after its round, so 1 GB runs fit on the disk. */
    private static void clean(SafeSqlite s, BackupInfo b) throws Exception {
        Files.deleteIfExists(b.file());
        Files.deleteIfExists(b.file().resolveSibling(b.file().getFileName() + ".json"));
    }

    private static void deleteDir(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

}
