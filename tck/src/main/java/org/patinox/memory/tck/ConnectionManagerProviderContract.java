package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;

/**
 * The contract of a plugin author's {@link ConnectionManagerProvider} and of the managers it makes,
 * as the SPI's javadoc promises them and as the pool relies on them: a name and a connection type,
 * never {@code null}; {@link ConnectionManagerProvider#accepts} total and quiet, answering for any
 * string ({@code null}, empty, garbage, a URL holding a password) without throwing and without
 * logging the password; when registered, the provider found by {@link ServiceLoader} (declared in
 * its module's descriptor and in its {@code META-INF/services}), chosen by {@link
 * MemoryUtilities#pool(String, Properties, Class, PoolConfig)} for its URL, the choice logged at
 * {@code DEBUG} by the provider's name, and named among those
 * found when no provider accepts a URL; {@link ConnectionManagerProvider#create} making a new
 * manager on each call that copies its properties, and refusing a URL it does not accept with a
 * {@link ConfigException} that shows no password; the manager creating open connections of the
 * type told, validating, recycling and destroying them (a destroyed connection is closed), through
 * stages that are never {@code null}; a pool of them serving many threads and closing every
 * connection when it closes; and a URL whose connections cannot be made failing the acquire with a
 * {@link PoolException} in which, as in the logs, events and every {@code toString}, the password
 * never appears.
 *
 * <p>Extend it in the plugin's tests with a factory for the provider, a URL its connections can be
 * opened for during the test and a way to tell whether a connection is open; run it once for each
 * implementation ({@link #memoryProvider()}), on the module path or the class path.
 *
 * @param <C> the type of connection
 */
@Timeout(120)
public abstract class ConnectionManagerProviderContract<C> {

    /** The password the suite gives and looks for where it must never appear. */
    protected static final String SECRET = "tck-s3cr3t-pw";

    private MemoryUtilities memory;
    private RecordingMonitor events;
    private LogCapture log;
    private LogCapture pluginLog;

    /** @return a new provider, as {@link ServiceLoader} makes it (its public no-argument constructor) */
    protected abstract ConnectionManagerProvider newProvider();

    /** @return a URL the provider accepts and whose connections can be opened while the test runs */
    protected abstract String url();

    /**
     * @return the connection properties that open connections for {@link #url()}; none unless
     *     overridden
     */
    protected Properties properties() {
        return new Properties();
    }

    /**
     * @param connection a connection a manager of the provider made
     * @return whether it is open, as its own API tells
     */
    protected abstract boolean isOpen(C connection) throws Exception;

    /**
     * @return a URL the provider accepts but whose connections cannot be made (a closed port, say),
     *     or empty to skip the failure checks
     */
    protected Optional<String> unreachableUrl() {
        return Optional.empty();
    }

    /**
     * @return whether the provider is registered for {@link ServiceLoader}, as a plugin's is;
     *     {@code false} for one given directly to the suite, whose pools are then opened on its
     *     managers rather than by URL
     */
    protected boolean registered() {
        return true;
    }

    /** @return the implementation to run on, or empty for the one found first */
    protected String memoryProvider() {
        return "";
    }

    /**
     * @return the {@code java.util.logging} logger under which the plugin and the libraries it uses
     *     log, captured with the library's own; the provider's package unless overridden
     */
    protected String pluginLogger() {
        return newProvider().getClass().getPackageName();
    }

    /** @return the strings {@code accepts} must answer for; the suite adds {@code null} and secrets */
    protected List<String> strangeUrls() {
        return List.of("", " ", "garbage", ":", "://", "::::", "%zz", "\u0000", "jdbc:", "redis:", "http://",
                "x".repeat(100_000), "\uD800", "file:///etc/passwd", "mailto:a@b", "javascript:alert(1)");
    }

    @BeforeEach
    final void open_an_instance() {
        // Everything the library logs, DEBUG included, and what the plugin logs under its own names.
        log = LogCapture.of(LogCapture.LIBRARY, java.util.logging.Level.FINE);
        pluginLog = pluginLogger().startsWith(LogCapture.LIBRARY) ? null
                : LogCapture.of(pluginLogger(), java.util.logging.Level.FINE);
        events = new RecordingMonitor();
        UtilityConfig.Builder config = UtilityConfig.builder().shutdownTimeout(Duration.ofSeconds(20)).addMonitor(events);
        if (!memoryProvider().isEmpty()) {
            config.provider(memoryProvider());
        }
        memory = MemoryUtilities.open(config.build());
    }

    @AfterEach
    final void close_the_instance() {
        try {
            memory.close();
        } finally {
            log.close();
            if (pluginLog != null) {
                pluginLog.close();
            }
        }
        assertEquals(List.of(), events.eventsOnScheduler(), "events reported on the instance's scheduler thread");
    }

    /** @return the instance the suite opened on {@link #memoryProvider()} */
    protected final MemoryUtilities memory() {
        return memory;
    }

    private PoolConfig poolConfig(int max, Duration acquireTimeout) {
        return PoolConfig.builder().minSize(0).maxSize(max).acquireTimeout(acquireTimeout)
                .createTimeout(Duration.ofSeconds(20)).validationTimeout(Duration.ofSeconds(20)).build();
    }

    @SuppressWarnings("unchecked") // the provider says its managers make connections of its connectionType()
    private ConnectionManager<C> manager(ConnectionManagerProvider provider, String url, Properties properties) {
        return (ConnectionManager<C>) provider.create(url, properties);
    }

    @SuppressWarnings("unchecked") // checked by the pool against connectionType()
    private Pool<C> pool(String url, Properties properties, int max, Duration acquireTimeout) {
        ConnectionManagerProvider provider = newProvider();
        if (registered()) {
            return memory.pool(url, properties, (Class<C>) provider.connectionType(), poolConfig(max, acquireTimeout));
        }
        return memory.pool(manager(provider, url, properties), poolConfig(max, acquireTimeout));
    }

    private static <T> T await(CompletionStage<T> stage, String what) throws Exception {
        assertNotNull(stage, what + " returned a null stage");
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Properties withPassword() {
        Properties p = new Properties();
        p.putAll(properties());
        p.setProperty("password", SECRET);
        return p;
    }

    /** Fails when the secret is in the text, naming where it was seen. */
    private static void assertNoSecret(String where, Object text) {
        assertFalse(String.valueOf(text).contains(SECRET), where + " shows the password: " + text);
    }

    private void assertNoSecretLogged() {
        assertNoSecret("the log", log.text());
        if (pluginLog != null) {
            assertNoSecret("the plugin's log", pluginLog.text());
        }
    }

    private static void assertNoSecretIn(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            assertNoSecret("the message of " + t.getClass().getName(), t.getMessage());
            assertNoSecret("the text of " + t.getClass().getName(), t.toString());
            for (Throwable s : t.getSuppressed()) {
                assertNoSecretIn(s);
            }
        }
    }

    @Test
    void the_name_and_the_connection_type_are_told_and_stay_the_same() {
        ConnectionManagerProvider provider = newProvider();
        String name = provider.name();
        assertNotNull(name, "the name is null");
        assertFalse(name.isBlank(), "the name is blank");
        assertEquals(name, provider.name(), "the name changes");
        assertEquals(name, newProvider().name(), "another instance has another name");
        Class<?> type = provider.connectionType();
        assertNotNull(type, "the connection type is null");
        assertEquals(type, provider.connectionType(), "the connection type changes");
        assertEquals(provider.priority(), newProvider().priority(), "another instance has another priority");
    }

    @Test
    void the_provider_is_registered_in_its_module_descriptor_and_in_meta_inf_services() throws Exception {
        assumeTrue(registered(), "the provider is given to the suite directly");
        Class<?> type = newProvider().getClass();
        List<ConnectionManagerProvider> found = loaded().stream().filter(p -> p.getClass() == type).toList();
        assertEquals(1, found.size(), "ServiceLoader finds " + found.size() + " providers of " + type.getName());
        // The module as its jar or folder declares it: on the class path too, where the class is unnamed.
        PackagedModule module = PackagedModule.of(type);
        module.assertRegistered(ConnectionManagerProvider.class, type);
    }

    /**
     * For a {@link #newProvider()} in a test module that cannot reach the provider's class (in a
     * package its module does not export): a new instance of the one provider {@link
     * ServiceLoader} finds by the name.
     *
     * @param name the provider's {@link ConnectionManagerProvider#name()}
     * @return a new instance of it
     * @throws AssertionError when none or several are found by that name
     */
    protected static ConnectionManagerProvider named(String name) {
        ConnectionManagerProviderContract.class.getModule().addUses(ConnectionManagerProvider.class);
        List<ServiceLoader.Provider<ConnectionManagerProvider>> found = ServiceLoader.load(ConnectionManagerProvider.class)
                .stream().filter(p -> name.equals(p.get().name())).toList();
        assertEquals(1, found.size(), "ServiceLoader finds " + found.size() + " connection manager providers named '"
                + name + "'");
        return found.getFirst().get();
    }

    private static List<ConnectionManagerProvider> loaded() {
        // The kit's module declares no use of the service: it adds it, as a module may for itself.
        ConnectionManagerProviderContract.class.getModule().addUses(ConnectionManagerProvider.class);
        List<ConnectionManagerProvider> found = new ArrayList<>();
        ServiceLoader.load(ConnectionManagerProvider.class).forEach(found::add);
        return found;
    }

    @Test
    void accepts_answers_for_any_string_without_throwing_or_logging_a_password() {
        ConnectionManagerProvider provider = newProvider();
        assertTrue(provider.accepts(url()), "the provider does not accept its own URL " + url());
        List<String> strange = new ArrayList<>(strangeUrls());
        strange.add(null);
        int colon = url().indexOf(':');
        String scheme = colon > 0 ? url().substring(0, colon) : "x";
        strange.add(scheme + "://user:" + SECRET + "@127.0.0.1:1/db");
        strange.add(scheme + "://:" + SECRET + "@[::1/");
        strange.add(scheme + ":" + SECRET);
        strange.add(url() + "?password=" + SECRET);
        strange.add(url() + ";password=" + SECRET);
        strange.add(url().toUpperCase(java.util.Locale.ROOT) + "%%" + SECRET);
        for (String url : strange) {
            boolean first;
            try {
                first = provider.accepts(url);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("accepts threw for " + describe(url) + ": " + e, e);
            }
            assertEquals(first, provider.accepts(url), "accepts changes its answer for " + describe(url));
        }
        assertFalse(provider.accepts(null), "the provider accepts null");
        assertNoSecretLogged();
    }

    private static String describe(String url) {
        return url == null ? "null" : url.length() > 60 ? "'" + url.substring(0, 60) + "...'" : "'" + url + "'";
    }

    @Test
    void the_provider_is_chosen_for_its_url() throws Exception {
        assumeTrue(registered(), "the provider is given to the suite directly");
        Class<?> type = newProvider().getClass();
        // The rule of MemoryUtilities.pool(url, ...): the highest priority among those that accept it.
        ConnectionManagerProvider chosen = null;
        for (ConnectionManagerProvider p : loaded()) {
            if (p.accepts(url()) && (chosen == null || p.priority() > chosen.priority())) {
                chosen = p;
            }
        }
        assertNotNull(chosen, "no provider found accepts " + url());
        assertEquals(type, chosen.getClass(), "for " + url() + " the pool chooses " + chosen.name());
        try (Pool<C> pool = pool(url(), properties(), 1, Duration.ofSeconds(60));
             PooledConnection<C> held = pool.acquire(Duration.ofSeconds(60))) {
            assertInstanceOf(newProvider().connectionType(), held.get());
        }
        // Which provider serves a URL is reported by its name, as the implementation's choice is.
        String reported = "connection manager provider '" + chosen.name() + "'";
        assertTrue(log.has(java.util.logging.Level.FINE, reported), "the log at DEBUG does not name the " + reported
                + " chosen: " + log.text());
    }

    @Test
    void a_url_no_provider_accepts_is_refused_naming_the_providers_found_and_no_password() {
        assumeTrue(registered(), "the provider is given to the suite directly");
        String url = "tck-no-such-scheme://user:" + SECRET + "@127.0.0.1/db";
        ConfigException refused = assertThrows(ConfigException.class,
                () -> memory.pool(url, PoolConfig.defaults()));
        assertTrue(refused.getMessage().contains(newProvider().name()), "the refusal does not name '"
                + newProvider().name() + "' among the providers found: " + refused.getMessage());
        assertNoSecretIn(refused);
        assertNoSecretLogged();
    }

    @Test
    void each_create_makes_a_new_manager_that_does_not_show_the_password() {
        ConnectionManagerProvider provider = newProvider();
        ConnectionManager<C> first = manager(provider, url(), withPassword());
        assertNotNull(first, "create made no manager (null)");
        assertNotSame(first, manager(provider, url(), withPassword()), "two calls of create made one manager");
        assertNoSecret("the manager's toString", first);
        assertNoSecretLogged();
    }

    @Test
    void a_url_the_provider_does_not_accept_is_refused_by_create_with_a_config_exception_showing_no_password() {
        ConnectionManagerProvider provider = newProvider();
        String url = "tck-no-such-scheme://user:" + SECRET + "@127.0.0.1/db";
        assumeTrue(!provider.accepts(url), "the provider accepts any URL");
        ConfigException refused = assertThrows(ConfigException.class, () -> provider.create(url, properties()));
        assertNoSecretIn(refused);
        assertNoSecretLogged();
    }

    @Test
    void the_manager_creates_validates_recycles_and_destroys_a_connection() throws Exception {
        ConnectionManagerProvider provider = newProvider();
        ConnectionManager<C> manager = manager(provider, url(), properties());
        C connection = await(manager.create(), "create");
        assertNotNull(connection, "create completed with null");
        assertInstanceOf(provider.connectionType(), connection, "the connection is not of the type the provider tells");
        try {
            assertTrue(isOpen(connection), "a new connection is not open");
            assertTrue(await(manager.validate(connection), "validate"), "a new connection is not valid");
            await(manager.recycle(connection), "recycle");
            assertTrue(await(manager.validate(connection), "validate"), "a recycled connection is not valid");
        } finally {
            await(manager.destroy(connection), "destroy");
        }
        assertFalse(isOpen(connection), "a destroyed connection is still open");
    }

    @Test
    void the_manager_keeps_a_copy_of_the_properties_it_was_given() throws Exception {
        Properties properties = properties();
        ConnectionManager<C> manager = manager(newProvider(), url(), properties);
        properties.clear();
        properties.setProperty("user", "tck-someone-else");
        properties.setProperty("password", SECRET);
        C connection = await(manager.create(), "create");
        try {
            assertTrue(isOpen(connection), "the connection is not open");
        } finally {
            await(manager.destroy(connection), "destroy");
        }
    }

    @Test
    void a_pool_of_its_connections_serves_many_threads_and_closes_every_connection_when_it_closes() throws Exception {
        Set<C> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Pool<C> pool = pool(url(), properties(), 4, Duration.ofSeconds(60));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (PooledConnection<C> held = pool.acquire(Duration.ofSeconds(60))) {
                            assertTrue(isOpen(held.get()), "the pool handed out a closed connection");
                            seen.add(held.get());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.close();
        }
        assertFalse(seen.isEmpty());
        assertTrue(seen.size() <= 4, seen.size() + " connections for a pool of at most 4");
        for (C c : seen) {
            assertFalse(isOpen(c), "a connection is open after its pool closed");
        }
        assertEquals(0, pool.stats().creationFailures(), pool.stats().toString());
    }

    @Test
    void an_unreachable_url_fails_the_acquire_with_a_pool_exception_and_no_password_anywhere() throws Exception {
        Optional<String> unreachable = unreachableUrl();
        assumeTrue(unreachable.isPresent(), "no unreachable URL given");
        try (Pool<C> pool = pool(unreachable.get(), withPassword(), 1, Duration.ofSeconds(2))) {
            PoolException failed = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofSeconds(2)));
            assertEquals(PoolException.Kind.TIMEOUT, failed.kind());
            assertNotNull(failed.getCause(), "the timeout does not give the creation failure as its cause");
            assertNoSecretIn(failed);
            assertNoSecret("the pool", pool);
        }
        for (MonitorEvent e : events.events()) {
            assertNoSecret("the event " + e.kind(), e);
            e.error().ifPresent(ConnectionManagerProviderContract::assertNoSecretIn);
        }
        assertNoSecretLogged();
    }
}
