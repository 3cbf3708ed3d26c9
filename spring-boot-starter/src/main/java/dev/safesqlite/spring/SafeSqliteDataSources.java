package dev.safesqlite.spring;

import dev.safesqlite.SafeSqliteDriver;
import java.sql.Driver;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Points every SQLite {@link DataSource} bean at the SafeSQLite driver before its pool opens a
 * connection, in the manner of spring-boot-data-source-decorator (a {@link BeanPostProcessor}
 * over DataSource beans).
 *
 * <p>Re-pointed rather than wrapped: a {@code jdbc:sqlite:} URL becomes {@code jdbc:safesqlite:}
 * (and the pool's driver class the SafeSQLite driver), so the pool pools connections the driver
 * opened, exactly as for a user who wrote {@code jdbc:safesqlite:} by hand: WAL and busy timeout
 * set once per connection, one code path for protection, no per-borrow wrapper. A URL that is
 * already {@code jdbc:safesqlite:} is not re-pointed, so nothing is protected twice; the
 * {@code safesqlite.*} properties are added to either as URL parameters, which reach the driver
 * through any pool (HikariCP, Tomcat, DBCP2, Spring's driver data sources).
 *
 * <p>A SQLite DataSource that cannot be re-pointed (a pool already started, an
 * {@code org.sqlite.SQLiteDataSource} given to HikariCP as {@code dataSourceClassName}) stops the
 * application with a message saying what to write instead: never an unprotected start.
 */
final class SafeSqliteDataSources implements BeanPostProcessor, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(SafeSqliteDataSources.class);
    static final String SQLITE = "jdbc:sqlite:";

    private final Environment environment;
    private volatile SpringSettings settings;

    SafeSqliteDataSources(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        // After Spring's own processors have bound DataSourceProperties, before anything that proxies.
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof DataSource ds && !ScopedProxyUtils.isScopedTarget(beanName)) {
            return protect(ds, beanName);
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (BOOT_JDBC) DriverForSafeSqliteUrl.name(bean);
        return bean;
    }

    /** Spring Boot's JDBC support (DataSourceProperties) is there only with spring-jdbc. */
    private static final boolean BOOT_JDBC = ClassUtils.isPresent(
            "org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType", SafeSqliteDataSources.class.getClassLoader());

    /** Apart, so that DataSourceProperties is loaded only where spring-jdbc is. */
    private static final class DriverForSafeSqliteUrl {
        /** Spring Boot guesses a driver class from the URL and knows no jdbc:safesqlite:; name it. */
        static void name(Object bean) {
            if (bean instanceof DataSourceProperties p && p.getUrl() != null
                    && p.getUrl().startsWith(SafeSqliteDriver.PREFIX)
                    && (p.getDriverClassName() == null || p.getDriverClassName().isBlank())) {
                p.setDriverClassName(SafeSqliteDriver.class.getName());
            }
        }
    }

    private Object protect(DataSource ds, String beanName) {
        if (SqliteDataSourceReplacement.applies(ds)) {
            return SqliteDataSourceReplacement.of(ds, target(((org.sqlite.SQLiteDataSource) ds).getUrl()));
        }
        BeanWrapper w = PropertyAccessorFactory.forBeanPropertyAccess(ds);
        String urlProperty = w.isReadableProperty("jdbcUrl") ? "jdbcUrl" : w.isReadableProperty("url") ? "url" : null;
        if (urlProperty == null) {
            return ds; // a proxy or a data source without a URL: its target, when a bean, comes here itself
        }
        Object value = w.getPropertyValue(urlProperty);
        if (value == null) {
            refuseSqliteWithoutUrl(w, ds, beanName);
            return ds;
        }
        String url = value.toString();
        boolean sqlite = url.regionMatches(true, 0, SQLITE, 0, SQLITE.length());
        if (!sqlite && !url.regionMatches(true, 0, SafeSqliteDriver.PREFIX, 0, SafeSqliteDriver.PREFIX.length())) {
            return ds;
        }
        String target = target(url);
        if (target.equals(url)) return ds;
        try {
            w.setPropertyValue(urlProperty, target);
            if (sqlite) useSafeSqliteDriver(w);
        } catch (BeansException e) {
            closeQuietly(ds); // refused: its pool must not keep a connection open in a JVM that goes on
            throw new BeanCreationException(beanName, "SafeSQLite cannot protect the DataSource bean '" + beanName + "' ("
                    + ds.getClass().getName() + ", " + urlProperty + "=" + url + "): " + rootMessage(e) + ". Create it"
                    + " unstarted (Spring Boot's spring.datasource.* does) or write " + SafeSqliteDriver.PREFIX
                    + "... in its URL yourself, or set safesqlite.enabled=false to leave it alone.", e);
        }
        LOG.info("SafeSQLite protects DataSource bean '{}' ({}): {}", beanName, ds.getClass().getSimpleName(), target);
        return ds;
    }

    /** The jdbc:safesqlite: URL for this SQLite URL, with the Spring settings added. */
    private String target(String url) {
        String safe = url.regionMatches(true, 0, SQLITE, 0, SQLITE.length())
                ? SafeSqliteDriver.PREFIX + url.substring(SQLITE.length()) : url;
        return settings().addTo(safe);
    }

    private SpringSettings settings() {
        SpringSettings s = settings;
        if (s == null) {
            s = SpringSettings.from(environment);
            s.validate();
            settings = s;
        }
        return s;
    }

    /** Pools name their driver as a class name (HikariCP, Tomcat, DBCP2), a class or an instance (Spring's SimpleDriverDataSource). */
    private static void useSafeSqliteDriver(BeanWrapper w) {
        if (w.isWritableProperty("driverClassName")) {
            w.setPropertyValue("driverClassName", SafeSqliteDriver.class.getName());
        }
        if (w.isWritableProperty("driver") && w.isReadableProperty("driver") && w.getPropertyValue("driver") instanceof Driver) {
            w.setPropertyValue("driver", new SafeSqliteDriver());
        }
    }

    /** HikariCP given {@code dataSourceClassName=org.sqlite.SQLiteDataSource} opens SQLite without a URL to re-point. */
    private static void refuseSqliteWithoutUrl(BeanWrapper w, DataSource ds, String beanName) {
        if (!w.isReadableProperty("dataSourceClassName")) return;
        Object cls = w.getPropertyValue("dataSourceClassName");
        if (cls != null && cls.toString().equals("org.sqlite.SQLiteDataSource")) {
            throw new BeanCreationException(beanName, "SafeSQLite cannot protect the DataSource bean '" + beanName + "' ("
                    + ds.getClass().getName() + "): its dataSourceClassName org.sqlite.SQLiteDataSource opens SQLite"
                    + " without a JDBC URL. Set its jdbcUrl to jdbc:sqlite:... instead, or dataSourceClassName to"
                    + " dev.safesqlite.SafeSqliteDataSource, or set safesqlite.enabled=false to leave it alone.");
        }
    }

    private static void closeQuietly(DataSource ds) {
        if (ds instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the failure being reported is the one that matters
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
