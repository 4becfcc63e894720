package org.patinox.memory.eviction.internal;

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
import org.patinox.memory.tck.EvictionStrategyContract;

/**
 * Proves that the TCK's {@link EvictionStrategyContract} catches the breaches it claims to: each
 * contract of {@link FlawedContracts} drives an LRU strategy with one deliberate flaw, and JUnit,
 * run here through its launcher, must report as failed exactly the checks that flaw breaks.
 */
final class ContractCatchesBreachesTest {

    /** The contract's checks, by method name. */
    private static final String PAST_THE_BOUND = "writes_past_the_bound_evict_down_to_it";
    private static final String SIZE_ZERO = "a_cache_of_size_zero_keeps_nothing";
    private static final String UPDATES = "an_update_that_changes_the_weight_moves_the_entries_within_the_bound";
    private static final String HEAVY = "an_entry_heavier_than_the_whole_cache_leaves";
    private static final String REMOVALS = "explicit_removals_leave_nothing_behind";
    private static final String RANDOM = "random_sequences_keep_the_bound_and_remove_every_entry_once";
    private static final String SKEWED = "a_skewed_workload_hits_more_often_than_with_random_eviction";
    private static final String RESIZED = "a_maximum_changed_at_run_time_is_kept_and_every_entry_removed_once";
    private static final String UNKNOWN = "calls_about_an_entry_it_does_not_hold_are_refused_naming_its_key_and_change_nothing";
    private static final String INSERTED_TWICE = "an_insert_of_an_entry_it_holds_is_refused_naming_its_key_and_changes_nothing";
    private static final String ORDER = "coldest_lists_the_victims_in_order_and_hottest_the_reverse_without_changing_anything";

    /** @return the outcome of every check of the contract: {@code null} when it passed, else what it threw */
    private static Map<String, Throwable> run(Class<? extends EvictionStrategyContract> contract) {
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
        assertEquals(12, outcomes.size(), "the contract's checks that ran: " + outcomes.keySet());
        return outcomes;
    }

    /** Asserts that exactly the named checks failed, each with an assertion that explains itself. */
    private static void onlyTheseFail(Class<? extends EvictionStrategyContract> contract, String... checks) {
        Map<String, Throwable> outcomes = run(contract);
        for (Map.Entry<String, Throwable> e : outcomes.entrySet()) {
            boolean expected = java.util.Arrays.asList(checks).contains(e.getKey());
            if (expected) {
                AssertionError failure = assertInstanceOf(AssertionError.class, e.getValue(),
                        contract.getSimpleName() + " should fail " + e.getKey());
                assertTrue(failure.getMessage() != null && !failure.getMessage().isBlank(), "the failure explains itself");
            } else {
                assertEquals(null, e.getValue(), contract.getSimpleName() + " should pass " + e.getKey());
            }
        }
    }

    @Test
    void a_flawless_lru_passes_every_check() {
        onlyTheseFail(FlawedContracts.Flawless.class);
    }

    @Test
    void a_strategy_that_takes_calls_about_entries_it_does_not_hold_or_inserts_held_ones_is_caught() {
        onlyTheseFail(FlawedContracts.AcceptsUnknownEntries.class, UNKNOWN, INSERTED_TWICE);
    }

    @Test
    void a_strategy_that_keeps_removed_entries_is_caught() {
        onlyTheseFail(FlawedContracts.KeepsRemovedEntries.class, UNKNOWN, PAST_THE_BOUND, SIZE_ZERO, UPDATES, HEAVY, REMOVALS, RANDOM, SKEWED, ORDER, RESIZED);
    }

    @Test
    void a_strategy_without_a_victim_while_it_holds_entries_is_caught() {
        onlyTheseFail(FlawedContracts.NoVictimWhenSmall.class, PAST_THE_BOUND, SIZE_ZERO, UPDATES, HEAVY, REMOVALS, RANDOM, ORDER, RESIZED);
    }

    @Test
    void a_strategy_with_a_victim_after_its_entries_left_is_caught() {
        onlyTheseFail(FlawedContracts.VictimWhenEmpty.class, SIZE_ZERO, UPDATES, HEAVY, REMOVALS, RANDOM, PAST_THE_BOUND, ORDER, RESIZED);
    }

    @Test
    void a_strategy_that_leaves_removed_entries_linked_is_caught_unless_it_uses_the_links_otherwise() {
        onlyTheseFail(FlawedContracts.LeavesLinks.class, PAST_THE_BOUND, UPDATES, HEAVY, REMOVALS, RANDOM, RESIZED);
        onlyTheseFail(FlawedContracts.LeavesLinksByDesign.class);
    }

    @Test
    void a_strategy_that_loses_track_of_weights_is_caught() {
        onlyTheseFail(FlawedContracts.IgnoresUpdatedWeights.class, UPDATES, HEAVY, REMOVALS, RANDOM, ORDER, RESIZED);
    }

    @Test
    void a_strategy_that_keeps_entries_heavier_than_the_cache_is_caught() {
        onlyTheseFail(FlawedContracts.KeepsHeavyEntries.class, SIZE_ZERO, HEAVY, RANDOM, ORDER, RESIZED);
    }

    @Test
    void a_strategy_that_evicts_the_most_recent_entry_first_loses_to_random_eviction_and_is_caught() {
        onlyTheseFail(FlawedContracts.MostRecentFirst.class, SKEWED, ORDER);
    }

    @Test
    void a_strategy_that_lists_another_order_than_it_evicts_in_is_caught() {
        onlyTheseFail(FlawedContracts.ColdestOutOfOrder.class, ORDER);
    }

    @Test
    void a_strategy_that_lists_no_order_is_not_asked_for_one_when_it_says_so() {
        onlyTheseFail(FlawedContracts.ListsNoOrder.class);
    }

    @Test
    void a_strategy_that_lists_no_order_and_does_not_say_so_is_told_how_to_say_it() {
        onlyTheseFail(FlawedContracts.ListsNoOrderAndDoesNotSay.class, ORDER, RESIZED);
        for (Map.Entry<String, Throwable> e : run(FlawedContracts.ListsNoOrderAndDoesNotSay.class).entrySet()) {
            if (e.getValue() != null) {
                assertTrue(e.getValue().getMessage().contains("listsItsOrder()"), e.getKey() + ": " + e.getValue());
            }
        }
    }
}
