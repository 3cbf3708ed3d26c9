package dev.safesqlite.samples.migrations;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * Flyway migrations against {@code jdbc:safesqlite:} through a HikariCP pool: the way a
 * Spring Boot application is wired ({@code spring.datasource.url},
 * {@code spring.datasource.driver-class-name}), without the framework. Release 1 creates and
 * fills the schema; release 2 alters a table, updates every row and drops a table — and
 * SafeSQLite takes one backup before each of its two scripts, reused within the script (Flyway's
 * history row written between the scripts must be in the backup before the second).
 *
 * <p>Args: the database file, and {@code release1} or {@code release2}.
 */
public final class MigrationsApp {

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]).toAbsolutePath();
        String release = args.length > 1 ? args[1] : "release2";
        // SQLite creates the file but not its directory: README's /tmp/shop/shop.db works on a fresh machine.
        Files.createDirectories(db.getParent());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:safesqlite:" + db);                  // spring.datasource.url
        config.setDriverClassName("dev.safesqlite.SafeSqliteDriver"); // spring.datasource.driver-class-name
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            String[] locations = release.equals("release1")
                    ? new String[] {"classpath:db/shop/release1"}
                    : new String[] {"classpath:db/shop/release1", "classpath:db/shop/release2"};
            var result = Flyway.configure().dataSource(pool).locations(locations).load().migrate();
            System.out.println(release + ": applied " + result.migrationsExecuted + " migration(s)");
        }
        Path backups = db.resolveSibling("backups");
        if (Files.isDirectory(backups)) {
            try (Stream<Path> files = Files.list(backups)) {
                files.filter(p -> p.toString().endsWith(".db")).sorted()
                        .forEach(p -> System.out.println("backup: " + p.getFileName()));
            }
        }
    }
}
