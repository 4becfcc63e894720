package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.pool.PoolConfig;

/**
 * {@link PooledDataSource} configured as a framework configures a bean: a Spring-style properties
 * file ({@code datasource.properties}, relaxed kebab-case names) bound by a tiny reflective binder,
 * one setter per property, as Spring Boot binds {@code spring.datasource.hikari.*} onto a
 * {@code HikariDataSource}; then the first {@code getConnection} opens the pool.
 */
final class PooledDataSourcePropertiesTest {

    private static final String PREFIX = "spring.datasource.";
    /** The pool's own settings, under their namespace as Spring Boot puts HikariCP's under {@code hikari.}. */
    private static final String POOL = "pool.";
    /** Names Spring's DataSourceBuilder maps onto another property of the pool. */
    private static final Map<String, String> ALIASES = Map.of("url", "jdbcUrl");

    /**
     * Calls, for each property under the prefix, the bean's public setter of that name, its value
     * converted to the setter's parameter type: what a framework's binder does, in a few lines.
     *
     * @throws IllegalArgumentException for a property the bean has no setter for, naming it
     */
    static void bind(Properties properties, Object bean) {
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String name = key.substring(PREFIX.length());
            name = name.startsWith(POOL) ? name.substring(POOL.length()) : name;
            name = ALIASES.getOrDefault(name, camel(name));
            String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            Method method = Arrays.stream(bean.getClass().getMethods())
                    .filter(m -> m.getName().equals(setter) && m.getParameterCount() == 1)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No setter " + setter + " for " + key));
            String text = properties.getProperty(key).strip();
            Class<?> type = method.getParameterTypes()[0];
            Object value = type == String.class ? text
                    : type == int.class ? Integer.parseInt(text)
                    : type == long.class ? Long.parseLong(text)
                    : type == boolean.class ? Boolean.parseBoolean(text)
                    : fail(key, type);
            try {
                method.invoke(bean, value);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Object fail(String key, Class<?> type) {
        throw new IllegalArgumentException("Cannot convert " + key + " to " + type.getName());
    }

    /** {@code maximum-pool-size} to {@code maximumPoolSize}. */
    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
                upper = false;
            }
        }
        return out.toString();
    }

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = PooledDataSourcePropertiesTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource);
            p.load(in);
        }
        return p;
    }

    @Test
    void a_data_source_bound_from_a_spring_style_properties_file_opens_its_pool_as_configured() throws Exception {
        Properties file = load("datasource.properties");
        PooledDataSource db = new PooledDataSource();
        db.setMemoryUtilities(Fixture.memory());
        bind(file, db);
        assertEquals("orders-from-properties", db.getPoolName());
        assertEquals("VALUES 1", db.getConnectionTestQuery());
        assertEquals("org.h2.Driver", db.getDriverClassName());
        assertFalse(db.toString().contains("from-properties-pw"), db.toString());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT @APPLICATION")) {
            assertTrue(r.next());
            assertEquals("orders", r.getString(1), "the init SQL ran on this connection");
            assertEquals("SA", c.getMetaData().getUserName());
        }
        try {
            PoolConfig config = db.pool().config();
            assertEquals("orders-from-properties", db.name());
            assertEquals(4, config.maxSize());
            assertEquals(1, config.minSize());
            assertEquals(Duration.ofSeconds(5), config.acquireTimeout());
            assertEquals(Duration.ofMinutes(2), config.idleTimeout());
            assertEquals(Duration.ofMinutes(15), config.maxLifetime());
            assertEquals(Duration.ofSeconds(3), config.validationTimeout());
        } finally {
            db.close();
        }
    }

    @Test
    void a_bad_value_in_the_file_is_refused_naming_the_property_and_value() throws SQLException {
        Properties file = new Properties();
        file.setProperty("spring.datasource.pool.maximum-pool-size", "0");
        ConfigException e = assertThrows(ConfigException.class, () -> bind(file, new PooledDataSource()));
        assertEquals("maximumPoolSize must be 1 connection or more, but was 0", e.getMessage());
        Properties unknown = new Properties();
        unknown.setProperty("spring.datasource.pool.no-such-setting", "1");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> bind(unknown, new PooledDataSource()));
        assertTrue(none.getMessage().contains("setNoSuchSetting"), none.getMessage());
    }
}
