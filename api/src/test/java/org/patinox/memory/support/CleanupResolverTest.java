package org.patinox.memory.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.BuiltInCleanups;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;

/** How a cleanup is chosen for a class: the most specific type, then the priority, then the name. */
final class CleanupResolverTest {

    private record Provider(String name, Class<?> resourceType, int priority) implements AsyncCleanupProvider {
        @Override
        public AsyncCleanup<?> create(ResourceConfig config) {
            return resource -> CompletableFuture.completedFuture(null);
        }
    }

    private static final List<AsyncCleanupProvider> BUILT_INS = List.of(new BuiltInCleanups.AutoCloseables(),
            new BuiltInCleanups.ExecutorServices(), new BuiltInCleanups.Processes(), new BuiltInCleanups.Paths(),
            new BuiltInCleanups.Arenas());

    private static String chosen(List<AsyncCleanupProvider> providers, Class<?> type) {
        return new CleanupResolver(providers, ResourceConfig.defaults()).providerFor(type);
    }

    private static List<AsyncCleanupProvider> with(AsyncCleanupProvider... more) {
        return java.util.stream.Stream.concat(BUILT_INS.stream(), java.util.stream.Stream.of(more)).toList();
    }

    @Test
    void the_most_specific_built_in_wins_over_a_general_one() {
        assertEquals("executor-service", chosen(BUILT_INS, ForkJoinPool.class));
        assertEquals("auto-closeable", chosen(BUILT_INS, ByteArrayInputStream.class));
        assertEquals("path", chosen(BUILT_INS, Path.of("x").getClass()));
    }

    @Test
    void a_users_provider_of_a_more_specific_type_wins_whatever_its_priority() {
        assertEquals("streams", chosen(with(new Provider("streams", InputStream.class, -1_000)), ByteArrayInputStream.class));
    }

    @Test
    void among_equally_specific_types_the_highest_priority_wins_then_the_first_name() {
        assertEquals("mine", chosen(with(new Provider("mine", ExecutorService.class, 0)), ForkJoinPool.class),
                "a user's provider at its default priority outranks the built-in of the same type");
        assertEquals("a", chosen(with(new Provider("b", ExecutorService.class, 5), new Provider("a", ExecutorService.class, 5)),
                ForkJoinPool.class));
        assertEquals("high", chosen(with(new Provider("low", Runnable.class, 1), new Provider("high", AutoCloseable.class, 2)),
                FutureLike.class), "unrelated types: the priority decides");
    }

    @Test
    void a_provider_without_a_name_or_a_type_is_skipped_and_the_others_still_chosen() {
        List<AsyncCleanupProvider> providers = with(new Provider("untyped", null, 0), new Provider(null, ExecutorService.class, 0),
                new Provider("b", ExecutorService.class, 0));
        assertEquals("auto-closeable", chosen(providers, ByteArrayInputStream.class));
        assertEquals("b", chosen(providers, ForkJoinPool.class));
    }

    /** Both a Runnable and an AutoCloseable, types unrelated to each other. */
    private static final class FutureLike implements Runnable, AutoCloseable {
        @Override
        public void run() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void the_cleanup_is_made_once_per_class() {
        CleanupResolver resolver = new CleanupResolver(BUILT_INS, ResourceConfig.defaults());
        assertSame(resolver.cleanupFor(ByteArrayInputStream.class), resolver.cleanupFor(ByteArrayInputStream.class));
    }

    @Test
    void a_class_no_provider_handles_is_refused_naming_it_and_the_types_handled() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new CleanupResolver(BUILT_INS, ResourceConfig.defaults()).cleanupFor(String.class));
        assertTrue(e.getMessage().startsWith("No cleanup provider handles resources of type java.lang.String;"), e.getMessage());
        assertTrue(e.getMessage().contains("java.util.concurrent.ExecutorService (executor-service)"), e.getMessage());
    }

    @Test
    void a_provider_that_fails_to_make_its_cleanup_is_a_config_error_naming_it_and_the_type() {
        ConfigException e = assertThrows(ConfigException.class, () -> new CleanupResolver(with(new AsyncCleanupProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Class<?> resourceType() {
                return InputStream.class;
            }

            @Override
            public AsyncCleanup<?> create(ResourceConfig config) {
                throw new IllegalStateException("injected");
            }
        }), ResourceConfig.defaults()).cleanupFor(ByteArrayInputStream.class));
        assertTrue(e.getMessage().contains("Cleanup provider 'broken' failed to make the cleanup for"
                + " java.io.ByteArrayInputStream: java.lang.IllegalStateException: injected"), e.getMessage());
    }
}
