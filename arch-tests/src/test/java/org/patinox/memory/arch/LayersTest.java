package org.patinox.memory.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layers of Patinox Memory as ArchUnit rules, held against every module of the project.
 * Modules are told apart by package: the API owns {@code org.patinox.memory} and its component
 * packages, each implementation or plugin owns {@code org.patinox.memory.<name>..}.
 * {@link RulesCatchBreachesTest} proves that each rule fails on a deliberate breach.
 */
@AnalyzeClasses(packages = LayersTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
final class LayersTest {

    static final String ROOT = "org.patinox.memory";

    static final String[] API = {
        ROOT, ROOT + ".pool..", ROOT + ".resource..", ROOT + ".share..", ROOT + ".mapping..",
        ROOT + ".cache..", ROOT + ".monitor..", ROOT + ".spi..", ROOT + ".internal..", ROOT + ".support.."
    };

    /**
     * Who may use the API module's support package: the first-party implementations, as its
     * qualified export names them. On the class path that export is not enforced; this list is.
     */
    static final List<String> SUPPORT_USER_NAMES = List.of("standard", "lockfree", "caffeine");

    /** The whole implementations; users reach them only through the API and ServiceLoader. */
    static final List<String> IMPLEMENTATION_NAMES = List.of("standard", "lockfree");

    /** Implementations and plugins: none may depend on another. */
    static final List<String> PROVIDING_MODULE_NAMES = List.of(
            "standard", "lockfree", "jdbc", "micrometer", "eviction", "caffeine", "redis");

    /** A plugin may export one package of its own API, named after it; everything below it is hidden. */
    static final String[] PLUGIN_API_PACKAGES = PROVIDING_MODULE_NAMES.stream()
            .filter(n -> !IMPLEMENTATION_NAMES.contains(n)).map(n -> ROOT + "." + n).toArray(String[]::new);

    static final String[] IMPLEMENTATIONS = packagesOf(IMPLEMENTATION_NAMES);
    static final String[] PROVIDING_MODULES = packagesOf(PROVIDING_MODULE_NAMES);
    static final String[] TOOLING = {ROOT + ".tck..", ROOT + ".examples..", ROOT + ".benchmarks.."};

    /** The extension points that are not themselves found through ServiceLoader. */
    static final List<String> EXTENSION_POINTS = List.of("Monitor", "ConnectionManager", "EvictionStrategy", "AsyncCleanup");

    private static String[] packagesOf(List<String> names) {
        return names.stream().map(n -> ROOT + "." + n + "..").toArray(String[]::new);
    }

    private static String[] with(String[] packages, String... more) {
        return Stream.concat(Stream.of(packages), Stream.of(more)).toArray(String[]::new);
    }

    private static final DescribedPredicate<JavaClass> A_PROVIDER = DescribedPredicate.describe(
            "a provider (implements an org.patinox.memory.spi.*Provider)",
            c -> c.getAllRawInterfaces().stream().anyMatch(i -> i.getPackageName().equals(ROOT + ".spi")
                    && i.getSimpleName().endsWith("Provider")));

    private static final DescribedPredicate<JavaClass> A_SERVICE_OR_EXTENSION_POINT = DescribedPredicate.describe(
            "named *Provider or an extension point " + EXTENSION_POINTS,
            c -> c.getSimpleName().endsWith("Provider") || EXTENSION_POINTS.contains(c.getSimpleName()));

    private static final SliceAssignment BY_PROVIDING_MODULE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            for (String name : PROVIDING_MODULE_NAMES) {
                String pkg = ROOT + "." + name;
                if (c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".")) {
                    return SliceIdentifier.of(name);
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "implementations and plugins";
        }
    };

    @ArchTest
    static final ArchRule api_depends_on_nothing_but_the_jdk = classes()
            .that().resideInAnyPackage(API)
            .should().onlyDependOnClassesThat().resideInAnyPackage(with(API, "java.."))
            .because("the API module requires java.base only, so that users and plugin authors can depend on it alone");

    @ArchTest
    static final ArchRule implementations_and_plugins_never_depend_on_each_other = slices()
            .assignedFrom(BY_PROVIDING_MODULE)
            .should().notDependOnEachOther()
            .because("each implementation and plugin must work alone beside the API; ServiceLoader combines them");

    @ArchTest
    static final ArchRule implementations_and_plugins_depend_on_no_project_module_but_the_api = noClasses()
            .that().resideInAnyPackage(PROVIDING_MODULES)
            .should().dependOnClassesThat().resideInAnyPackage(TOOLING)
            .because("dependencies point one way: api <- implementations and plugins <- tck, examples, benchmarks");

    @ArchTest
    static final ArchRule the_support_package_is_used_only_by_the_first_party_implementations = noClasses()
            .that().resideOutsideOfPackages(with(packagesOf(SUPPORT_USER_NAMES), ROOT + ".support.."))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".support..")
            .because("org.patinox.memory.support is exported only to " + SUPPORT_USER_NAMES
                    + " (module-info): it is shared implementation code, not an API, free to change with them");

    @ArchTest
    static final ArchRule jctools_is_used_only_by_the_lockfree_implementation = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".lockfree..")
            .should().dependOnClassesThat().resideInAPackage("org.jctools..")
            .because("JCTools is the lockfree provider's own library; the API and the standard provider run on the JDK alone");

    private static final DescribedPredicate<JavaClass> JCTOOLS_BEYOND_ITS_VARHANDLE_AND_ATOMIC_QUEUES =
            JavaClass.Predicates.resideInAPackage("org.jctools..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                            "org.jctools.queues.varhandle..", "org.jctools.queues.atomic..")))
                    .as("are JCTools classes outside org.jctools.queues.varhandle and org.jctools.queues.atomic");

    @ArchTest
    static final ArchRule jctools_is_used_only_through_its_varhandle_and_atomic_queues = noClasses()
            .should().dependOnClassesThat(JCTOOLS_BEYOND_ITS_VARHANDLE_AND_ATOMIC_QUEUES)
            .because("the rest of JCTools (MpscArrayQueue, UnsafeAccess ...) reaches sun.misc.Unsafe: on the module path"
                    + " that needs jdk.unsupported, which a user's module does not resolve, and"
                    + " --sun-misc-unsafe-memory-access=deny refuses it");

    @ArchTest
    static final ArchRule examples_and_benchmarks_reach_implementations_only_through_the_api = noClasses()
            .that().resideInAnyPackage(ROOT + ".examples..", ROOT + ".benchmarks..")
            .should().dependOnClassesThat().resideInAnyPackage(IMPLEMENTATIONS)
            .because("implementations arrive by service binding, so that swapping one needs no code change");

    @ArchTest
    static final ArchRule implementation_classes_other_than_providers_are_not_public = classes()
            .that().resideInAnyPackage(PROVIDING_MODULES).and().resideOutsideOfPackages(PLUGIN_API_PACKAGES)
            .and().arePublic()
            .should().beAssignableTo(A_PROVIDER)
            .because("an implementation's types are its own business: only the provider is public, for ServiceLoader,"
                    + " beside the API package a plugin exports (org.patinox.memory.<plugin>)");

    @ArchTest
    static final ArchRule implementation_classes_are_final_or_abstract = classes()
            .that().resideInAnyPackage(PROVIDING_MODULES)
            .and().areNotInterfaces().and().areNotEnums().and().areNotAnonymousClasses()
            .should().haveModifier(JavaModifier.FINAL).orShould().haveModifier(JavaModifier.ABSTRACT)
            .because("an implementation class is not designed for extension");

    @ArchTest
    static final ArchRule spi_types_live_in_the_spi_package = classes()
            .that().resideInAnyPackage(API).and().areInterfaces().and(A_SERVICE_OR_EXTENSION_POINT)
            .should().resideInAPackage(ROOT + ".spi")
            .because("what others implement is kept apart from what users call, as org.slf4j.spi is from org.slf4j");

    @ArchTest
    static final ArchRule nothing_uses_sun_misc_unsafe_or_jdk_internals = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("sun.misc..", "jdk.internal..")
            .because("the FFM API and VarHandles do the same job safely; JDK 25 warns on sun.misc.Unsafe and will remove it");

    @ArchTest
    static final ArchRule only_the_mapping_package_touches_ffm_memory = noClasses()
            .that().resideOutsideOfPackages(ROOT + ".mapping..", ROOT + ".benchmarks..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("java.lang.foreign..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(Arena.class, MemorySegment.Scope.class))))
            .because("raw memory (MemorySegment, ValueLayout, MemoryLayout) is reached only through the mapping"
                    + " package's bounds-checked, deterministically closed slices; the benchmarks alone hold"
                    + " hand-written MemorySegment code, as the baseline those slices are measured against. An"
                    + " Arena's lifecycle (its close, as the built-in cleanup does it, and its scope) is no memory access");
}
