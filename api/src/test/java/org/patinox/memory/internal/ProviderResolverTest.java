package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

final class ProviderResolverTest {

    private static final MemoryProvider STANDARD = new FakeProvider("standard", 100);
    private static final MemoryProvider LOCKFREE = new FakeProvider("lockfree", 200);

    private static ProviderResolver.Choice choose(List<MemoryProvider> found, String configured, String property) {
        return ProviderResolver.choose(new ProviderResolver.Loaded<>(found, List.of()),
                Optional.ofNullable(configured), Optional.ofNullable(property));
    }

    @Test
    void the_highest_priority_wins_when_none_is_named() {
        ProviderResolver.Choice choice = choose(List.of(STANDARD, LOCKFREE), null, null);
        assertSame(LOCKFREE, choice.provider());
        assertEquals(new ProviderSelection("lockfree", "a fake for tests",
                "highest priority among [lockfree (priority 200), standard (priority 100)]",
                List.of("lockfree (priority 200)", "standard (priority 100)"), List.of()), choice.selection());
    }

    @Test
    void a_single_implementation_is_chosen_as_the_only_one() {
        assertEquals("the only implementation found", choose(List.of(STANDARD), null, null).selection().reason());
    }

    @Test
    void equal_priorities_are_broken_by_name_so_the_choice_never_depends_on_class_path_order() {
        MemoryProvider b = new FakeProvider("b", 5);
        MemoryProvider a = new FakeProvider("a", 5);
        assertSame(a, choose(List.of(b, a), null, null).provider());
        assertSame(a, choose(List.of(a, b), null, null).provider());
    }

    @Test
    void the_configured_name_wins_over_the_system_property_which_wins_over_priority() {
        assertEquals("named in the configuration",
                choose(List.of(STANDARD, LOCKFREE), "standard", "lockfree").selection().reason());
        assertSame(STANDARD, choose(List.of(STANDARD, LOCKFREE), "standard", "lockfree").provider());
        ProviderResolver.Choice byProperty = choose(List.of(STANDARD, LOCKFREE), null, "standard");
        assertSame(STANDARD, byProperty.provider());
        assertEquals("named by system property patinox.memory.provider", byProperty.selection().reason());
    }

    /** Runs the action with the system property {@value UtilityConfig#PROVIDER} set, then puts it back. */
    private static void withProviderProperty(String value, Runnable action) {
        String before = System.getProperty(UtilityConfig.PROVIDER);
        System.setProperty(UtilityConfig.PROVIDER, value);
        try {
            action.run();
        } finally {
            if (before == null) {
                System.clearProperty(UtilityConfig.PROVIDER);
            } else {
                System.setProperty(UtilityConfig.PROVIDER, before);
            }
        }
    }

    @Test
    void a_name_from_the_system_property_is_reported_as_such_though_open_reads_it_into_the_configuration() {
        ProviderResolver.Loaded<MemoryProvider> both = new ProviderResolver.Loaded<>(List.of(STANDARD, LOCKFREE), List.of());
        withProviderProperty("standard", () -> {
            ProviderResolver.Choice choice = ProviderResolver.resolve(UtilityConfig.fromSystemProperties(), both);
            assertSame(STANDARD, choice.provider());
            assertEquals("named by system property patinox.memory.provider", choice.selection().reason());
            // A name given in code that differs from the property is the configuration's.
            assertEquals("named in the configuration", ProviderResolver.resolve(
                    UtilityConfig.builder().provider("lockfree").build(), both).selection().reason());
            assertEquals("named by system property patinox.memory.provider",
                    ProviderResolver.resolve(UtilityConfig.defaults(), both).selection().reason());
        });
        withProviderProperty("fast", () -> {
            ConfigException e = assertThrows(ConfigException.class, MemoryUtilities::open);
            assertTrue(e.getMessage().startsWith("patinox.memory.provider (from system property patinox.memory.provider)"
                    + " is 'fast'"), e.getMessage());
        });
    }

    @Test
    void a_blank_system_property_is_refused_by_open_and_by_a_configuration_that_names_no_provider() {
        ProviderResolver.Loaded<MemoryProvider> both = new ProviderResolver.Loaded<>(List.of(STANDARD, LOCKFREE), List.of());
        String message = "patinox.memory.provider must not be blank, but was ' '; leave the setting out to use its default";
        withProviderProperty(" ", () -> {
            assertEquals(message, assertThrows(ConfigException.class, MemoryUtilities::open).getMessage());
            assertEquals(message, assertThrows(ConfigException.class,
                    () -> ProviderResolver.resolve(UtilityConfig.defaults(), both)).getMessage());
        });
    }

    @Test
    void an_unknown_name_lists_what_was_found_and_the_artifacts() {
        ConfigException e = assertThrows(ConfigException.class, () -> choose(List.of(STANDARD), null, "fast"));
        assertEquals("patinox.memory.provider (from system property patinox.memory.provider) is 'fast', but the"
                + " implementations found are [standard (priority 100)]. Add the artifact that provides 'fast'"
                + " (org.patinox:patinox-memory-standard for 'standard', org.patinox:patinox-memory-lockfree"
                + " for 'lockfree').", e.getMessage());
    }

    @Test
    void none_found_names_the_artifacts_to_add_and_what_failed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProviderResolver.choose(
                new ProviderResolver.Loaded<>(List.of(), List.of("com.example.Broken: boom")),
                Optional.empty(), Optional.empty()));
        assertEquals("No Patinox Memory implementation was found on the module path or class path"
                + " (skipped: com.example.Broken: boom). Add one of org.patinox:patinox-memory-standard for"
                + " 'standard', org.patinox:patinox-memory-lockfree for 'lockfree'.", e.getMessage());
    }

    @Test
    void with_no_implementation_on_the_path_open_fails_with_that_message() {
        ConfigException e = assertThrows(ConfigException.class, MemoryUtilities::open);
        assertTrue(e.getMessage().startsWith("No Patinox Memory implementation was found"), e.getMessage());
    }

    @Test
    void a_second_provider_of_the_same_name_is_reported_and_the_first_by_priority_kept() {
        MemoryProvider older = new FakeProvider("standard", 50);
        ProviderResolver.Choice choice = choose(List.of(older, STANDARD), null, null);
        assertSame(STANDARD, choice.provider());
        assertEquals(List.of("standard (priority 100)"), choice.selection().candidates());
        assertEquals(1, choice.selection().skipped().size());
        assertTrue(choice.selection().skipped().getFirst().contains("also provides 'standard'"));
    }

    @Test
    void a_provider_that_cannot_tell_its_name_is_skipped() {
        MemoryProvider broken = new MemoryProvider() {
            @Override
            public String name() {
                throw new IllegalStateException("no name");
            }

            @Override
            public int priority() {
                return 1;
            }

            @Override
            public String description() {
                return "broken";
            }

            @Override
            public Optional<Monitor> createMonitor(ProviderContext context) {
                return Optional.empty();
            }

            @Override
            public <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                          Monitor monitor) {
                throw new AssertionError("never called: the provider is skipped");
            }

            @Override
            public <K, V> org.patinox.memory.cache.Cache<K, V> createCache(
                    org.patinox.memory.cache.CacheConfig<K, V> config,
                    org.patinox.memory.spi.EvictionStrategy<K, V> strategy, ProviderContext context, Monitor monitor) {
                throw new AssertionError("never called: the provider is skipped");
            }

            @Override
            public org.patinox.memory.resource.ResourceRegistry createRegistry(
                    org.patinox.memory.resource.ResourceConfig config,
                    List<org.patinox.memory.spi.AsyncCleanupProvider> cleanups, ProviderContext context, Monitor monitor) {
                throw new AssertionError("never called: the provider is skipped");
            }

            @Override
            public <T> org.patinox.memory.share.SharedData<T> createShared(T initial,
                    org.patinox.memory.share.ShareConfig config, ProviderContext context, Monitor monitor) {
                throw new AssertionError("never called: the provider is skipped");
            }

            @Override
            public <T> org.patinox.memory.share.MutableSharedData<T> createMutableShared(
                    Supplier<? extends T> factory, org.patinox.memory.share.ShareConfig config,
                    ProviderContext context, Monitor monitor) {
                throw new AssertionError("never called: the provider is skipped");
            }

            @Override
            public <K, V> java.util.concurrent.ConcurrentMap<K, V> createConcurrentMap(ProviderContext context) {
                throw new AssertionError("never called: the provider is skipped");
            }

            @Override
            public <T> org.patinox.memory.share.ConfigData<T> createConfig(T initial,
                    List<org.patinox.memory.share.ConfigData.Validator<? super T>> validators,
                    org.patinox.memory.share.ShareConfig config, ProviderContext context, Monitor monitor) {
                throw new AssertionError("never called: the provider is skipped");
            }
        };
        ProviderResolver.Choice choice = choose(List.of(broken, STANDARD), null, null);
        assertSame(STANDARD, choice.provider());
        assertTrue(choice.selection().skipped().getFirst().contains("no name"), choice.selection().skipped()::toString);
    }

    @Test
    void a_provider_that_names_itself_null_is_skipped_and_named_by_its_class() {
        MemoryProvider unnamed = new FakeProvider(null, 100);
        for (List<MemoryProvider> found : List.of(List.of(unnamed, STANDARD), List.of(STANDARD, unnamed))) {
            ProviderResolver.Choice choice = choose(found, null, null);
            assertSame(STANDARD, choice.provider());
            assertEquals(List.of("standard (priority 100)"), choice.selection().candidates());
            assertEquals(List.of(FakeProvider.class.getName() + " gave no name (null)"), choice.selection().skipped());
        }
    }

    /** A lookup that replays a script: a provider, an error from the lookup, or one from instantiation. */
    private static Iterator<ServiceLoader.Provider<MemoryProvider>> lookup(List<Supplier<MemoryProvider>> script) {
        Deque<Supplier<MemoryProvider>> steps = new ArrayDeque<>(script);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !steps.isEmpty();
            }

            @Override
            public ServiceLoader.Provider<MemoryProvider> next() {
                Supplier<MemoryProvider> step = steps.removeFirst();
                return new ServiceLoader.Provider<>() {
                    @Override
                    public Class<? extends MemoryProvider> type() {
                        return MemoryProvider.class;
                    }

                    @Override
                    public MemoryProvider get() {
                        return step.get();
                    }
                };
            }
        };
    }

    @Test
    void providers_that_fail_to_load_are_skipped_and_the_rest_still_load() {
        ProviderResolver.Loaded<MemoryProvider> loaded = ProviderResolver.load("MemoryProvider", lookup(List.of(
                () -> {
                    throw new ServiceConfigurationError("com.example.Missing not found");
                },
                () -> STANDARD,
                () -> {
                    throw new ServiceConfigurationError("com.example.Throws could not be instantiated",
                            new IllegalStateException("constructor failed"));
                },
                () -> {
                    throw new NoClassDefFoundError("com/example/Dependency");
                },
                () -> LOCKFREE)));
        assertEquals(List.of(STANDARD, LOCKFREE), loaded.providers());
        assertEquals(List.of("com.example.Missing not found",
                "com.example.Throws could not be instantiated: java.lang.IllegalStateException: constructor failed",
                "com/example/Dependency"), loaded.failures());
    }

    @Test
    void a_lookup_that_fails_forever_ends() {
        Iterator<ServiceLoader.Provider<MemoryProvider>> broken = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new ServiceConfigurationError("unreadable services file");
            }

            @Override
            public ServiceLoader.Provider<MemoryProvider> next() {
                throw new AssertionError("never reached");
            }
        };
        ProviderResolver.Loaded<MemoryProvider> loaded = ProviderResolver.load("MemoryProvider", broken);
        assertEquals(List.of(), loaded.providers());
        assertEquals(64, loaded.failures().size());
    }
}
