package dev.safesqlite.samples.spring;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring Boot application on SQLite: Flyway migrates it at start (one migration
 * drops a table), JDBC serves it. It has no SafeSQLite code; the starter on the class path and
 * two properties in application.properties protect it, and Actuator reports on it.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    @RestController
    static class Orders {
        private final JdbcTemplate jdbc;

        Orders(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/orders/count")
        Map<String, Long> count() {
            return Map.of("orders", jdbc.queryForObject("SELECT count(*) FROM orders", Long.class));
        }
    }
}
