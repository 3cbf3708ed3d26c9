package dev.safesqlite.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.sqlite.SQLiteDataSource;

/** A Spring Boot application's SQLite DataSource is protected without code, once, with safesqlite.* as settings. */
class SafeSqliteAutoConfigurationTest {

    @TempDir
    Path tmp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, SafeSqliteAutoConfiguration.class));

    @AfterEach
    void finishBackgroundWork() throws InterruptedException {
        TestDatabases.drainBackgroundWork();
    }

    /** A table with rows, dropped: the statement SafeSQLite backs up before. */
    private static void dropATable(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, total INTEGER)");
            st.execute("INSERT INTO orders(total) VALUES (1), (2)");
            st.execute("DROP TABLE orders");
        }
    }

    private static List<Path> backups(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".db")).toList();
        }
    }

    @Test
    void aJdbcSqliteUrlThroughHikariIsRepointedAtTheSafeSqliteDriver() {
        Path db = tmp.resolve("app.db");
        Path backupDir = tmp.resolve("b");
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db, "safesqlite.backup.dir=" + backupDir,
                "safesqlite.backup.on.startup=false").run(ctx -> {
            HikariDataSource ds = ctx.getBean(HikariDataSource.class);
            assertThat(ds.getJdbcUrl()).isEqualTo("jdbc:safesqlite:" + db + "?safesqlite.backup.dir=" + backupDir
                    + "&safesqlite.backup.on.startup=false");
            assertThat(ds.getDriverClassName()).isEqualTo("dev.safesqlite.SafeSqliteDriver");
            dropATable(ds);
            assertThat(backups(backupDir)).singleElement().asString().contains("pre-ddl");
        });
    }

    @Test
    void aJdbcSafeSqliteUrlNeedsNoDriverClassNameAndIsNotProtectedTwice() {
        Path db = tmp.resolve("app.db");
        Path backupDir = tmp.resolve("b");
        runner.withPropertyValues("spring.datasource.url=jdbc:safesqlite:" + db + "?safesqlite.backup.dir=" + backupDir,
                "safesqlite.backup.dir=" + tmp.resolve("not-used"), "safesqlite.retain.last=3").run(ctx -> {
            HikariDataSource ds = ctx.getBean(HikariDataSource.class);
            // The URL's own backup.dir stays; the properties add what the URL does not say.
            assertThat(ds.getJdbcUrl()).isEqualTo("jdbc:safesqlite:" + db + "?safesqlite.backup.dir=" + backupDir
                    + "&safesqlite.retain.last=3");
            dropATable(ds);
            assertThat(backups(backupDir)).singleElement().asString().contains("pre-ddl");
            assertThat(tmp.resolve("not-used")).doesNotExist();
        });
    }

    @Test
    void notThroughHikariEither() {
        Path db = tmp.resolve("app.db");
        Path backupDir = tmp.resolve("b");
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db,
                "spring.datasource.type=" + SimpleDriverDataSource.class.getName(),
                "safesqlite.backup.dir=" + backupDir, "safesqlite.backup.on.startup=false").run(ctx -> {
            SimpleDriverDataSource ds = ctx.getBean(SimpleDriverDataSource.class);
            assertThat(ds.getUrl()).startsWith("jdbc:safesqlite:" + db);
            assertThat(ds.getDriver()).isInstanceOf(dev.safesqlite.SafeSqliteDriver.class);
            dropATable(ds);
            assertThat(backups(backupDir)).hasSize(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SqliteDataSourceBean {
        static Path db;

        @Bean
        DataSource dataSource() {
            SQLiteDataSource ds = new SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + db);
            return ds;
        }
    }

    @Test
    void anOrgSqliteDataSourceBeanIsReplacedByOneThatOpensThroughTheDriver() {
        SqliteDataSourceBean.db = tmp.resolve("app.db");
        Path backupDir = tmp.resolve("b");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SafeSqliteAutoConfiguration.class))
                .withUserConfiguration(SqliteDataSourceBean.class)
                .withPropertyValues("safesqlite.backup.dir=" + backupDir, "safesqlite.backup.on.startup=false").run(ctx -> {
                    DataSource ds = ctx.getBean(DataSource.class);
                    assertThat(ds).isInstanceOf(SqliteDataSourceReplacement.class);
                    dropATable(ds);
                    assertThat(backups(backupDir)).hasSize(1);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class StartedPool {
        static Path db;

        @Bean
        HikariDataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:sqlite:" + db);
            return new HikariDataSource(config); // starts the pool: too late to re-point
        }
    }

    @Test
    void aPoolStartedBeforeSpringCouldRepointItStopsTheApplicationSayingWhatToWrite() {
        StartedPool.db = tmp.resolve("app.db");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SafeSqliteAutoConfiguration.class))
                .withUserConfiguration(StartedPool.class).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().isNotNull();
                    assertThat(messages(ctx.getStartupFailure())).contains("SafeSQLite cannot protect the DataSource bean"
                            + " 'dataSource' (com.zaxxer.hikari.HikariDataSource, jdbcUrl=jdbc:sqlite:" + StartedPool.db
                            + "): The configuration of the pool is sealed once started.");
                    assertThat(messages(ctx.getStartupFailure())).contains("write jdbc:safesqlite:... in its URL yourself,"
                            + " or set safesqlite.enabled=false to leave it alone.");
                });
    }

    @Test
    void relaxedBindingEnvironmentVariablesAndYamlStyleKeys() {
        Path db = tmp.resolve("app.db");
        Path backupDir = tmp.resolve("from-env");
        runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                        "test-systemEnvironment", Map.of("SAFESQLITE_BACKUP_DIR", backupDir.toString(),
                                "SAFESQLITE_BACKUP_ON_STARTUP", "false"))))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db, "safesqlite.Retain.Last=4")
                .run(ctx -> {
                    String url = ctx.getBean(HikariDataSource.class).getJdbcUrl();
                    assertThat(url).contains("safesqlite.backup.dir=" + backupDir)
                            .contains("safesqlite.backup.on.startup=false").contains("safesqlite.retain.last=4");
                    dropATable(ctx.getBean(DataSource.class));
                    assertThat(backups(backupDir)).hasSize(1);
                });
    }

    @Test
    void aBadValueStopsTheApplicationWithTheDriversMessageAndWhereSpringReadIt() {
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + tmp.resolve("app.db"), "safesqlite.retain.last=many")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    InvalidSafeSqliteSettingException e = find(ctx.getStartupFailure(), InvalidSafeSqliteSettingException.class);
                    assertThat(e.getMessage()).isEqualTo("Invalid SafeSQLite setting safesqlite.retain.last='many'"
                            + " (from \"safesqlite.retain.last\" from property source \"test\"): expected a whole number of at least 0.");
                });
    }

    @Test
    void anUnknownKeyStopsTheApplication() {
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + tmp.resolve("app.db"), "safesqlite.backup.dri=/b")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(messages(ctx.getStartupFailure()))
                            .contains("Unknown SafeSQLite setting 'safesqlite.backup.dri' (from \"safesqlite.backup.dri\"")
                            .contains("Check the spelling; known settings: wal, busy.timeout");
                });
    }

    @Test
    void enabledFalseLeavesTheDataSourceAlone() {
        Path db = tmp.resolve("app.db");
        runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + db, "safesqlite.enabled=false").run(ctx -> {
            HikariDataSource ds = ctx.getBean(HikariDataSource.class);
            assertThat(ds.getJdbcUrl()).isEqualTo("jdbc:sqlite:" + db);
            dropATable(ds);
            assertThat(tmp.resolve("backups")).doesNotExist();
        });
    }

    @Test
    void otherDatabasesAreLeftAlone() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:x", "spring.datasource.driver-class-name=org.sqlite.JDBC")
                .run(ctx -> assertThat(ctx.getBean(HikariDataSource.class).getJdbcUrl()).isEqualTo("jdbc:h2:mem:x"));
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return type.cast(c);
        throw new AssertionError("no " + type.getSimpleName() + " in " + t, t);
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append('\n');
        return sb.toString();
    }
}
