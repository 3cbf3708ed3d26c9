package dev.safesqlite.spring;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** The {@code safesqlite} health indicator and endpoint, when the application has Actuator. */
@AutoConfiguration(after = SafeSqliteAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(prefix = "safesqlite", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SafeSqliteActuatorAutoConfiguration {

    /** Named so that it reports as {@code safesqlite} under /actuator/health. */
    @Bean
    @ConditionalOnMissingBean(name = "safesqliteHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("safesqlite")
    SafeSqliteHealthIndicator safesqliteHealthIndicator() {
        return new SafeSqliteHealthIndicator();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    SafeSqliteEndpoint safeSqliteEndpoint() {
        return new SafeSqliteEndpoint();
    }
}
