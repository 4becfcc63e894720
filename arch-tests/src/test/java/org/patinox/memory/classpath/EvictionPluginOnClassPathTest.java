package org.patinox.memory.classpath;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.patinox.memory.tck.EvictionStrategyProviderContract;

/**
 * A strategy provider of a plugin module ({@code sieve}, of {@code patinox-memory-eviction}) holds
 * its contract on the class path too, its registration included: a plugin author's build may run
 * its tests either way. The module path case is the plugin's own {@code SieveContractTest}.
 */
final class EvictionPluginOnClassPathTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "sieve";
    }

    @Test
    void this_test_runs_on_the_class_path() {
        assertFalse(provider().getClass().getModule().isNamed(), "the plugin's classes are in a named module");
    }
}
