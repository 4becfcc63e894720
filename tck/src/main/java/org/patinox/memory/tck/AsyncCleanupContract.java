package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.tck.ResourceTesting.collectUntil;

import java.lang.ref.WeakReference;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.resource.CleanupReport;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;

/**
 * The contract of a plugin author's {@link AsyncCleanup}: it releases its resource whether called
 * directly, through a guard's close, through a forced cleanup or through the safety net for a
 * dropped guard; it completes its stage within the cleanup timeout; and, when it is found through
 * an {@link org.patinox.memory.spi.AsyncCleanupProvider}, registering a resource by type alone
 * finds it: the provider the registry's rule chooses for the resource's class (the most specific
 * type, then the highest priority, then the first name) is a plugin's, not one of the library's
 * built-in cleanups, which would otherwise stand in for a provider never found (a resource that is
 * {@link AutoCloseable} is released by the built-in one too). Extend it with a way to make a
 * resource and to tell whether it was released.
 *
 * @param <T> the type of resource
 */
@Timeout(120)
public abstract class AsyncCleanupContract<T> {

    private MemoryUtilities memory;
    private ResourceRegistry registry;
    private LogCapture log;

    /** @return a new resource, not yet released */
    protected abstract T newResource() throws Exception;

    /**
     * @return the cleanup under test; {@code null} to test the one a provider contributes, found
     *     by {@link ResourceRegistry#register(Object)} for the resource's class
     */
    protected abstract AsyncCleanup<? super T> cleanup();

    /**
     * @param resource a resource of {@link #newResource()}
     * @return whether it was released
     */
    protected abstract boolean isReleased(T resource) throws Exception;

    /** @return how long a cleanup may take; the registry's cleanup timeout in these tests */
    protected Duration cleanupTimeout() {
        return Duration.ofSeconds(20);
    }

    /**
     * @return whether the cleanup under test, found by type ({@link #cleanup()} answers {@code
     *     null}), is one of the library's built-in ones, as in the library's own tests; {@code
     *     false} unless overridden: a plugin's provider must be the one found
     */
    protected boolean testsABuiltInCleanup() {
        return false;
    }

    /** @return the implementation to run on, or empty for the one found first */
    protected String providerName() {
        return "";
    }

    @BeforeEach
    void open_a_registry() {
        log = LogCapture.library();
        UtilityConfig.Builder config = UtilityConfig.builder().shutdownTimeout(Duration.ofSeconds(10));
        if (!providerName().isEmpty()) {
            config.provider(providerName());
        }
        memory = MemoryUtilities.open(config.build());
        registry = memory.resources(ResourceConfig.builder().name("cleanup-contract").cleanupTimeout(cleanupTimeout())
                .build());
    }

    @AfterEach
    void close_the_registry() {
        try {
            memory.close();
        } finally {
            log.close();
        }
    }

    private ResourceGuard<T> register(T resource) {
        AsyncCleanup<? super T> cleanup = cleanup();
        return cleanup == null ? registry.register(resource) : registry.register(resource, cleanup);
    }

    @Test
    void registering_by_type_finds_the_plugin_s_provider() throws Exception {
        if (cleanup() != null) {
            return;
        }
        T resource = newResource();
        try {
            AsyncCleanupProvider found = providerFor(resource.getClass());
            boolean builtIn = isBuiltIn(found);
            if (builtIn && !testsABuiltInCleanup()) {
                throw new AssertionError("registering a " + resource.getClass().getName() + " by type finds the"
                        + " library's built-in cleanup '" + found.name() + "' (for " + found.resourceType().getName()
                        + "), not a plugin's: register the plugin's AsyncCleanupProvider ('provides' in its"
                        + " module-info and META-INF/services) for the resource's type or a subtype of "
                        + found.resourceType().getName());
            }
            assertEquals(testsABuiltInCleanup(), builtIn, "registering a " + resource.getClass().getName()
                    + " by type finds '" + found.name() + "', which is not built in, while the test says it tests a"
                    + " built-in cleanup");
        } finally {
            register(resource).close();
        }
    }

    /**
     * @return the provider the registry chooses for resources of the class, by the rule of {@link
     *     AsyncCleanupProvider}: the most specific type, then the highest priority, then the first name
     */
    private static AsyncCleanupProvider providerFor(Class<?> type) {
        // The kit's module declares no use of the service: it adds it, as a module may for itself.
        AsyncCleanupContract.class.getModule().addUses(AsyncCleanupProvider.class);
        List<AsyncCleanupProvider> fitting = new ArrayList<>();
        for (AsyncCleanupProvider p : ServiceLoader.load(AsyncCleanupProvider.class)) {
            if (p.resourceType() != null && p.resourceType().isAssignableFrom(type)) {
                fitting.add(p);
            }
        }
        return fitting.stream()
                .filter(c -> fitting.stream().noneMatch(o -> o.resourceType() != c.resourceType()
                        && c.resourceType().isAssignableFrom(o.resourceType())))
                .min(Comparator.comparingInt(AsyncCleanupProvider::priority).reversed()
                        .thenComparing(AsyncCleanupProvider::name))
                .orElseThrow(() -> new AssertionError("no AsyncCleanupProvider found handles " + type.getName()));
    }

    /** @return whether the provider is one of the library's own, packaged with the API */
    private static boolean isBuiltIn(AsyncCleanupProvider provider) {
        Class<?> api = AsyncCleanupProvider.class;
        Class<?> type = provider.getClass();
        if (api.getModule().isNamed() || type.getModule().isNamed()) {
            return type.getModule() == api.getModule();
        }
        // On the class path every class is in the unnamed module: tell them by their jar or folder.
        CodeSource a = api.getProtectionDomain().getCodeSource();
        CodeSource t = type.getProtectionDomain().getCodeSource();
        return a != null && t != null && Objects.equals(a.getLocation(), t.getLocation());
    }

    @Test
    void called_directly_it_releases_the_resource_within_the_timeout() throws Exception {
        AsyncCleanup<? super T> cleanup = cleanup();
        T resource = newResource();
        assertFalse(isReleased(resource), "a new resource is not released");
        if (cleanup == null) {
            register(resource).close();
        } else {
            CompletionStage<Void> stage = cleanup.cleanup(resource);
            assertNotNull(stage, "a cleanup returns a stage, never null");
            stage.toCompletableFuture().get(cleanupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        assertTrue(isReleased(resource));
    }

    @Test
    void closing_its_guard_releases_the_resource_once_and_reports_no_failure() throws Exception {
        T resource = newResource();
        ResourceGuard<T> guard = register(resource);
        guard.close();
        guard.close();
        assertTrue(isReleased(resource));
        assertEquals(1, registry.stats().cleaned(), registry.stats().describe());
        assertEquals(0, registry.stats().failed() + registry.stats().timedOut(), log.text());
    }

    @Test
    void a_forced_cleanup_releases_the_resource() throws Exception {
        T resource = newResource();
        register(resource);
        CleanupReport report = registry.cleanupAll(cleanupTimeout().plusSeconds(5));
        assertTrue(report.isComplete(), report.describe() + " " + report.failed());
        assertEquals(1, report.cleaned().size());
        assertTrue(isReleased(resource));
    }

    @Test
    void a_dropped_guard_has_its_resource_released_by_the_safety_net() throws Exception {
        T resource = newResource();
        WeakReference<ResourceGuard<T>> guard = new WeakReference<>(register(resource));
        collectUntil("the dropped guard's resource is released", () -> guard.get() == null
                && registry.stats().cleaned() == 1);
        assertTrue(isReleased(resource));
        assertEquals(1, registry.stats().leaked());
    }
}
