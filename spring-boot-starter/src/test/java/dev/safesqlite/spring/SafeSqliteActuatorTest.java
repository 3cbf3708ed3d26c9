package dev.safesqlite.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safesqlite.SafeSqlite;
import dev.safesqlite.micrometer.SafeSqliteMetrics;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and the safesqlite endpoint over a real protected database. */
class SafeSqliteActuatorTest {

    @TempDir
    Path tmp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            DataSourceAutoConfiguration.class, EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
            SafeSqliteAutoConfiguration.class, SafeSqliteActuatorAutoConfiguration.class,
            SafeSqliteMetricsAutoConfiguration.class));

    @AfterEach
    void finishBackgroundWork() throws InterruptedException {
        TestDatabases.drainBackgroundWork();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detailsOf(Health h, Path db) {
        return (Map<String, Object>) h.getDetails().get(db.toAbsolutePath().normalize().toString());
    }

    @Test
    void upWithAFreshBackupThenDownNamingTheDatabaseWhenAVerificationFails() throws Exception {
        Path db = tmp.resolve("shop.db");
        Path backupDir = tmp.resolve("b");
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db, "safesqlite.backup.dir=" + backupDir,
                "safesqlite.backup.on.startup=false").run(ctx -> {
            try (Connection c = ctx.getBean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t(x)");
                st.execute("INSERT INTO t VALUES (1)");
                st.execute("DROP TABLE t");
            }
            SafeSqliteHealthIndicator indicator = ctx.getBean("safesqliteHealthIndicator", SafeSqliteHealthIndicator.class);
            Map<String, Object> up = detailsOf(indicator.health(), db);
            assertThat(up).containsEntry("status", "UP").containsEntry("maxAge", "PT48H").doesNotContainKey("problems");

            // A backup damaged on disk: the next verification fails, and health says so.
            Path backup;
            try (var files = Files.list(backupDir)) {
                backup = files.filter(p -> p.toString().endsWith(".db")).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(backup);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(backup, bytes);
            SafeSqlite ours = SafeSqlite.protectedInThisJvm().stream()
                    .filter(s -> s.database().equals(db.toAbsolutePath().normalize())).findFirst().orElseThrow();
            ours.verify(false, false);

            Health h = indicator.health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            Map<String, Object> down = detailsOf(h, db);
            assertThat(down).containsEntry("status", "DOWN");
            assertThat((List<String>) down.get("problems")).singleElement().asString()
                    .startsWith("the last verification failed: ").contains(backup.getFileName().toString());
        });
    }

    @Test
    void theEndpointListsBackupsAndTakesOneOnPost() throws Exception {
        Path db = tmp.resolve("endpoint.db");
        Path backupDir = tmp.resolve("b");
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db, "safesqlite.backup.dir=" + backupDir,
                "safesqlite.backup.on.startup=false", "management.endpoints.web.exposure.include=safesqlite").run(ctx -> {
            try (Connection c = ctx.getBean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t(x)");
                st.execute("INSERT INTO t VALUES (1)");
            }
            SafeSqliteEndpoint endpoint = ctx.getBean(SafeSqliteEndpoint.class);
            String name = db.toAbsolutePath().normalize().toString();
            Map<String, Object> taken = endpoint.backup(name);
            assertThat(taken).containsEntry("reason", "manual").containsEntry("verify", "ok")
                    .containsEntry("tables", Map.of("t", 1L));
            assertThat(Path.of((String) taken.get("file"))).exists().hasParent(backupDir);

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> databases = (List<Map<String, Object>>) endpoint.backups().get("databases");
            Map<String, Object> ours = databases.stream().filter(d -> d.get("database").equals(name)).findFirst().orElseThrow();
            assertThat((List<?>) ours.get("backups")).singleElement().isEqualTo(taken);

            assertThatThrownBy(() -> endpoint.backup("nope.db")).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("no single protected database is named 'nope.db'").hasMessageContaining(name);
            assertThat(ctx).hasSingleBean(SafeSqliteMetrics.class);
        });
    }

    @Test
    void nothingWhenDisabled() {
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + tmp.resolve("x.db"), "safesqlite.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SafeSqliteHealthIndicator.class)
                        .doesNotHaveBean(SafeSqliteEndpoint.class).doesNotHaveBean(SafeSqliteMetrics.class)
                        .doesNotHaveBean(SafeSqliteDataSources.class));
    }
}
