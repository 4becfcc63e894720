package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The TCK's {@link AsyncCleanupContract} catches a plugin whose provider is never the one found:
 * its resource is {@link AutoCloseable} and no provider of its own type is registered, so that
 * registering it by type finds the library's built-in {@code AutoCloseable} cleanup, which closes
 * it and so releases it. Every check of the resource's release then passes; the contract must
 * still fail, since the cleanup it claims to test was never found. Run through JUnit's launcher, on
 * {@link FlawedCleanupPlugins}, whose name keeps Surefire from running it as a test of its own.
 */
final class CleanupContractCatchesBreachesTest {

    /** @return the outcome of every check of the suite: {@code null} when it passed, else what it threw */
    private static Map<String, Throwable> run(Class<?> contract) {
        Map<String, Throwable> outcomes = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                    outcomes.put(method.getMethodName(), result.getThrowable().orElse(null));
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(contract)).build(), listener);
        return outcomes;
    }

    @Test
    void a_plugin_whose_provider_is_not_found_fails_the_contract_though_the_built_in_releases_its_resource() {
        Map<String, Throwable> outcomes = run(FlawedCleanupPlugins.UnregisteredProvider.class);
        assertTrue(outcomes.size() >= 4, "the suite's checks that ran: " + outcomes.keySet());
        Map<String, Throwable> failed = new TreeMap<>(outcomes);
        failed.values().removeIf(java.util.Objects::isNull);
        assertEquals(1, failed.size(), "the checks that failed: " + failed);
        AssertionError failure = assertInstanceOf(AssertionError.class, failed.values().iterator().next());
        assertTrue(failure.getMessage().contains(FlawedCleanupPlugins.Handle.class.getName()) && failure.getMessage().contains("built-in"),
                failure.getMessage());
    }
}
