package dev.safesqlite.spring;

import dev.safesqlite.micrometer.SafeSqliteMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** Registers SafeSQLite's meters; Spring Boot binds every MeterBinder bean to its registries. */
@AutoConfiguration(after = SafeSqliteAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, SafeSqliteMetrics.class})
@ConditionalOnProperty(prefix = "safesqlite", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SafeSqliteMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SafeSqliteMetrics safeSqliteMetrics() {
        return new SafeSqliteMetrics();
    }
}
