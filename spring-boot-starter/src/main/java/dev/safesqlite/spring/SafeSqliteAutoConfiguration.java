package dev.safesqlite.spring;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Protects the application's SQLite DataSources ({@code spring.datasource.url=jdbc:sqlite:...}
 * or {@code jdbc:safesqlite:...}) with the {@code safesqlite.*} properties as settings;
 * {@code safesqlite.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnClass(DataSource.class)
@ConditionalOnProperty(prefix = "safesqlite", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SafeSqliteAutoConfiguration {

    /** Static: a BeanPostProcessor must exist before the beans it processes, and before this configuration. */
    @Bean
    static SafeSqliteDataSources safeSqliteDataSources(Environment environment) {
        return new SafeSqliteDataSources(environment);
    }
}
