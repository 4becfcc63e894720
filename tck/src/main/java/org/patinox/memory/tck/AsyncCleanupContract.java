package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.tck.ResourceTesting.collectUntil;

import java.lang.ref.WeakReference;
import java.time.Duration;
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

/**
 * The contract of a plugin author's {@link AsyncCleanup}: it releases its resource whether called
 * directly, through a guard's close, through a forced cleanup or through the safety net for a
 * dropped guard; it completes its stage within the cleanup timeout; and, when it is found through
 * an {@link org.patinox.memory.spi.AsyncCleanupProvider}, registering a resource by type alone
 * finds it. Extend it with a way to make a resource and to tell whether it was released.
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
