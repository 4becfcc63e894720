package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * The contract of an {@link EvictionStrategyProvider} and of the strategies it makes: everything
 * {@link EvictionStrategyContract} checks, on strategies made by the provider that {@link
 * java.util.ServiceLoader} finds by {@link #providerName()}, and the provider's own duties: exactly
 * one provider has the name; the name is lower case, without blanks, and survives {@link
 * EvictionPolicy#named}; the description is not blank; the provider is registered both in its
 * module's descriptor ({@code provides}) and in its {@code META-INF/services}; every call of
 * {@link EvictionStrategyProvider#create} makes a new strategy; and a strategy for an unbounded
 * cache works without a bound to size itself by.
 *
 * <p>Extend it in the provider module's tests, on the module path or on the class path: on the
 * class path the registration is read from the {@code module-info.class} and {@code
 * META-INF/services} of the provider's jar or folder.
 */
public abstract class EvictionStrategyProviderContract extends EvictionStrategyContract {


    /** @return the name of the provider under test, such as {@code w-tinylfu} */
    protected abstract String providerName();

    /** @return the one provider {@link java.util.ServiceLoader} finds by {@link #providerName()} */
    protected final EvictionStrategyProvider provider() {
        List<EvictionStrategyProvider> named = TraceSimulator.providers().stream()
                .filter(p -> p.name().equals(providerName())).toList();
        assertEquals(1, named.size(), "providers named '" + providerName() + "' among "
                + TraceSimulator.providers().stream().map(EvictionStrategyProvider::name).toList());
        return named.getFirst();
    }

    @Override
    protected final <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
        return provider().create(config);
    }

    @Test
    void the_name_is_lower_case_without_blanks_and_the_description_is_not_blank() {
        EvictionStrategyProvider p = provider();
        String name = p.name();
        assertFalse(name.isBlank(), "the name is blank");
        assertEquals(name.toLowerCase(Locale.ROOT), name, "the name is not lower case");
        assertTrue(name.chars().noneMatch(Character::isWhitespace), "the name '" + name + "' holds a blank");
        assertEquals(name, EvictionPolicy.named(name).name(), "EvictionPolicy.named changes the name");
        assertNotNull(p.description(), "the description is null");
        assertFalse(p.description().isBlank(), "the description is blank");
    }

    @Test
    void the_provider_is_registered_in_its_module_descriptor_and_in_meta_inf_services() throws IOException {
        Class<?> type = provider().getClass();
        // The module as its jar or folder declares it: on the class path too, where the class is unnamed.
        PackagedModule module = PackagedModule.of(type);
        module.assertRegistered(EvictionStrategyProvider.class, type);
        assertFalse(module.descriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .anyMatch(type.getPackageName()::equals), "the provider's package " + type.getPackageName()
                + " is exported: users reach a strategy by its name, never by its class");
    }

    @Test
    void each_call_of_create_makes_a_new_strategy() {
        CacheConfig<Integer, Integer> config = counted(10);
        assertNotSame(provider().create(config), provider().create(config));
    }

    @Test
    void a_strategy_for_an_unbounded_cache_needs_no_bound() {
        StrategyHarness<Integer, Integer> h = harness(unbounded());
        for (int k = 0; k < 10_000; k++) {
            h.put(k, k);
            h.get(k / 2);
        }
        assertEquals(10_000, h.size(), "an unbounded cache evicted");
        for (int k = 0; k < 10_000; k++) {
            h.remove(k);
        }
        assertNull(h.strategy().victim(), "the strategy has a victim after every entry was removed");
    }
}
