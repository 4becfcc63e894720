package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * The TCK's {@code ConnectionManagerProviderContract} and {@code MonitorProviderContract} catch
 * plugins that break them, each in the checks its flaw concerns and no other: run through JUnit's
 * launcher on {@link FlawedProviderPlugins}.
 */
final class ProviderContractsCatchBreachesTest {

    /** @return the checks of the suite that failed, each with what it threw */
    private static Map<String, Throwable> failed(Class<?> contract) {
        Map<String, Throwable> outcomes = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                    // A check skipped by its assumption (what a provider given directly cannot show) did not fail.
                    outcomes.put(method.getMethodName(), result.getStatus() == TestExecutionResult.Status.FAILED
                            ? result.getThrowable().orElseThrow() : null);
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(contract)).build(), listener);
        assertTrue(outcomes.size() >= 6, "the suite's checks that ran: " + outcomes.keySet());
        outcomes.values().removeIf(Objects::isNull);
        return outcomes;
    }

    @Test
    void an_accepts_that_throws_for_null_fails_the_accepts_check() {
        assertEquals(Set.of("accepts_answers_for_any_string_without_throwing_or_logging_a_password"),
                failed(FlawedProviderPlugins.AcceptsThrowsOnNull.class).keySet());
    }

    @Test
    void a_manager_that_shows_the_password_fails_the_secret_check() {
        assertEquals(Set.of("each_create_makes_a_new_manager_that_does_not_show_the_password"),
                failed(FlawedProviderPlugins.ShowsThePassword.class).keySet());
    }

    @Test
    void a_destroy_that_leaves_the_connection_open_fails_the_lifecycle_and_pool_close_checks() {
        assertEquals(Set.of("the_manager_creates_validates_recycles_and_destroys_a_connection",
                "a_pool_of_its_connections_serves_many_threads_and_closes_every_connection_when_it_closes"),
                failed(FlawedProviderPlugins.DestroyLeavesOpen.class).keySet());
    }

    @Test
    void a_shared_monitor_that_clears_interrupts_fails_the_new_monitor_and_interrupt_checks() {
        assertEquals(Set.of("each_create_makes_a_new_monitor_that_answers_every_kind",
                "record_takes_real_events_of_every_enabled_kind_from_many_threads_keeping_their_interrupts"),
                failed(FlawedProviderPlugins.SharedMonitorClearingInterrupts.class).keySet());
    }
}
