package dev.safesqlite.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample started as a real application on a random port, asked over HTTP as an operator
 * would: Actuator's health and metrics, and the backup the migration's DROP left behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {

    /** A fresh database for each run, under target/ (the build's java.io.tmpdir). */
    private static final Path DATA = newDataDirectory();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // The same two properties as application.properties, pointed at this run's directory.
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("shop.db"));
        registry.add("safesqlite.backup.dir", () -> DATA.resolve("backups").toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static Path newDataDirectory() {
        try {
            return Files.createTempDirectory("shop-spring-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(expectedStatus);
        return json.readTree(r.body());
    }

    @Test
    void healthIsUpAndNamesTheDatabase() throws Exception {
        JsonNode health = get("/actuator/health", 200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode ours = health.path("components").path("safesqlite");
        assertThat(ours.path("status").asText()).as(health.toPrettyString()).isEqualTo("UP");
        JsonNode db = ours.path("details").path(DATA.resolve("shop.db").toString());
        assertThat(db.path("status").asText()).as(ours.toPrettyString()).isEqualTo("UP");
        assertThat(db.path("maxAge").asText()).isEqualTo("PT48H");
    }

    @Test
    void theMigrationsDropLeftABackupThatStillHoldsTheDroppedTable() throws Exception {
        JsonNode listing = get("/actuator/safesqlite", 200);
        List<JsonNode> beforeDrop = new ArrayList<>();
        for (JsonNode d : listing.path("databases")) {
            for (JsonNode b : d.path("backups")) {
                if (b.path("reason").asText().equals("pre-ddl")
                        && b.path("triggerSql").asText().contains("DROP TABLE legacy_coupons")) beforeDrop.add(b);
            }
        }
        assertThat(beforeDrop).as(listing.toPrettyString()).hasSize(1);
        Path backup = Path.of(beforeDrop.get(0).path("file").asText());
        assertThat(backup).exists().hasParent(DATA.resolve("backups"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup + "?open_mode=1");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM legacy_coupons")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("the coupons as they were just before the DROP").isEqualTo(2);
        }
        assertThat(get("/orders/count", 200).path("orders").asLong()).isEqualTo(4);
    }

    @Test
    void theBackupsMetricCountsThePreDdlBackup() throws Exception {
        JsonNode metric = get("/actuator/metrics/safesqlite.backups?tag=reason:pre-ddl", 200);
        assertThat(metric.path("measurements").get(0).path("statistic").asText()).isEqualTo("COUNT");
        assertThat(metric.path("measurements").get(0).path("value").asDouble()).as(metric.toPrettyString())
                .isGreaterThanOrEqualTo(1.0);
        List<String> tags = new ArrayList<>();
        metric.path("availableTags").forEach(t -> tags.add(t.path("tag").asText()));
        assertThat(tags).contains("database");
        JsonNode age = get("/actuator/metrics/safesqlite.backup.age", 200);
        assertThat(age.path("baseUnit").asText()).isEqualTo("seconds");
    }

    @Test
    void aPostToTheEndpointTakesAManualBackup() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/safesqlite"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode taken = json.readTree(r.body());
        assertThat(taken.path("reason").asText()).isEqualTo("manual");
        assertThat(taken.path("verify").asText()).isEqualTo("ok");
        assertThat(Path.of(taken.path("file").asText())).exists();
    }
}
