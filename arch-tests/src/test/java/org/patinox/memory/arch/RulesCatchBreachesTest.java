package org.patinox.memory.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of {@link LayersTest}, evaluated against a small deliberately wrong fixture from the
 * test sources, must report the breach: a rule that cannot fail proves nothing.
 */
final class RulesCatchBreachesTest {

    static Stream<Arguments> breaches() {
        String fixtures = "org.patinox.memory.";
        return Stream.of(
                Arguments.of("api_depends_on_nothing_but_the_jdk", LayersTest.api_depends_on_nothing_but_the_jdk,
                        new String[] {fixtures + "spi.archfixture.SpiUsingJUnit"}),
                Arguments.of("implementations_and_plugins_never_depend_on_each_other",
                        LayersTest.implementations_and_plugins_never_depend_on_each_other,
                        new String[] {fixtures + "standard.archfixture.StandardUsingLockfree",
                            fixtures + "lockfree.archfixture.LockfreeHelper"}),
                Arguments.of("implementations_and_plugins_depend_on_no_project_module_but_the_api",
                        LayersTest.implementations_and_plugins_depend_on_no_project_module_but_the_api,
                        new String[] {fixtures + "lockfree.archfixture.LockfreeUsingTck"}),
                Arguments.of("the_support_package_is_used_only_by_the_first_party_implementations",
                        LayersTest.the_support_package_is_used_only_by_the_first_party_implementations,
                        new String[] {fixtures + "examples.archfixture.ExampleUsingSupport"}),
                Arguments.of("jctools_is_used_only_by_the_lockfree_implementation",
                        LayersTest.jctools_is_used_only_by_the_lockfree_implementation,
                        new String[] {fixtures + "standard.archfixture.StandardUsingJctools"}),
                Arguments.of("jctools_is_used_only_through_its_varhandle_and_atomic_queues",
                        LayersTest.jctools_is_used_only_through_its_varhandle_and_atomic_queues,
                        new String[] {fixtures + "lockfree.archfixture.LockfreeUsingUnsafeJctools"}),
                Arguments.of("examples_and_benchmarks_reach_implementations_only_through_the_api",
                        LayersTest.examples_and_benchmarks_reach_implementations_only_through_the_api,
                        new String[] {fixtures + "examples.archfixture.ExampleNamingAnImplementation"}),
                Arguments.of("implementation_classes_other_than_providers_are_not_public",
                        LayersTest.implementation_classes_other_than_providers_are_not_public,
                        new String[] {fixtures + "lockfree.archfixture.LockfreeHelper"}),
                Arguments.of("implementation_classes_are_final_or_abstract",
                        LayersTest.implementation_classes_are_final_or_abstract,
                        new String[] {fixtures + "standard.archfixture.OpenForExtension"}),
                Arguments.of("spi_types_live_in_the_spi_package", LayersTest.spi_types_live_in_the_spi_package,
                        new String[] {fixtures + "cache.archfixture.WidgetProvider"}),
                // JCTools itself reaches sun.misc.Unsafe: the rule must see that in any class.
                Arguments.of("nothing_uses_sun_misc_unsafe_or_jdk_internals",
                        LayersTest.nothing_uses_sun_misc_unsafe_or_jdk_internals,
                        new String[] {"org.jctools.util.UnsafeAccess"}),
                Arguments.of("only_the_mapping_package_touches_ffm_memory",
                        LayersTest.only_the_mapping_package_touches_ffm_memory,
                        new String[] {fixtures + "cache.archfixture.CacheUsingMemorySegment"}));
    }

    @Test
    void every_rule_is_proven_to_catch_a_breach() {
        Set<String> rules = Arrays.stream(LayersTest.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(ArchTest.class))
                .map(Field::getName)
                .collect(Collectors.toSet());
        Set<String> proven = breaches().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertEquals(rules, proven);
    }

    @Test
    void the_jctools_rule_reports_the_unsafe_queue_and_lets_its_varhandle_twin_through() throws ClassNotFoundException {
        Class<?> fixture = Class.forName("org.patinox.memory.lockfree.archfixture.LockfreeUsingUnsafeJctools");
        EvaluationResult result = LayersTest.jctools_is_used_only_through_its_varhandle_and_atomic_queues
                .evaluate(new ClassFileImporter().importClasses(fixture));
        List<String> violations = result.getFailureReport().getDetails();
        assertTrue(violations.stream().anyMatch(v -> v.contains("org.jctools.queues.MpscArrayQueue")), violations::toString);
        assertFalse(violations.stream().anyMatch(v -> v.contains("org.jctools.queues.varhandle")), violations::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaches")
    void the_rule_reports_the_breach(String rule, ArchRule archRule, String[] classes) throws ClassNotFoundException {
        Class<?>[] loaded = new Class<?>[classes.length];
        for (int i = 0; i < classes.length; i++) {
            loaded[i] = Class.forName(classes[i]);
        }
        EvaluationResult result = archRule.evaluate(new ClassFileImporter().importClasses(loaded));
        assertTrue(result.hasViolation(), rule + " let a breach through");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains(loaded[0].getSimpleName()), report);
    }
}
