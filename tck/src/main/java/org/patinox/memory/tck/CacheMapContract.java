package org.patinox.memory.tck;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import junit.framework.AssertionFailedError;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;

/**
 * The {@link java.util.concurrent.ConcurrentMap} contract of {@link Cache#asMap()}, checked by
 * guava-testlib's {@link ConcurrentMapTestSuiteBuilder}: some thousand tests of every map method,
 * of the key, value and entry views and of their iterators, as Caffeine runs over its own map.
 * An implementation or backend extends this class with one small subclass, as it does
 * {@link CacheContract}.
 *
 * <p>The suite runs twice: over an unbounded cache, and over a cache bounded well above the sizes
 * the suite uses (so that the bounded code paths run but nothing is evicted, which the map
 * contract would not expect). Neither expires anything.
 *
 * <p>guava-testlib builds JUnit 3 suites; {@link #adapt(Test)} turns each into a tree of JUnit
 * Jupiter dynamic tests, so that they run on the JUnit Platform with no other engine. A test whose
 * expectation differs from the cache's by design is named in {@link #suppressed()} with the
 * reason, and is left out of the suite (as Caffeine does with {@code suppressing(...)}).
 */
public abstract class CacheMapContract {

    /** Far above the sizes the suite's maps reach (a handful of entries), so nothing is evicted. */
    private static final long BOUND = 10_000;

    private MemoryUtilities memory;
    private final List<Cache<String, String>> caches = new ArrayList<>();

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    /** @return the backend under test, or empty for the implementation's own cache */
    protected String backend() {
        return "";
    }

    /** @return the policy of the caches under test; LRU unless the backend runs another */
    protected EvictionPolicy policy() {
        return EvictionPolicy.lru();
    }

    /**
     * The suite's tests that this cache fails by design, each with the reason; none by default.
     * A subclass that adds one documents why the cache differs there from a plain
     * {@link java.util.concurrent.ConcurrentMap}.
     *
     * @return the test methods (of guava-testlib's testers) to leave out
     */
    protected Collection<Method> suppressed() {
        return List.of();
    }

    @BeforeEach
    void open_a_fresh_instance() {
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        caches.forEach(Cache::close);
        caches.clear();
        memory.close();
    }

    /** @return guava-testlib's map suite over unbounded caches */
    @TestFactory
    Stream<DynamicNode> the_map_view_of_an_unbounded_cache_keeps_the_concurrent_map_contract() {
        return adapt(suite("unbounded", false)).children();
    }

    /** @return guava-testlib's map suite over bounded caches that never reach their bound */
    @TestFactory
    Stream<DynamicNode> the_map_view_of_a_bounded_cache_keeps_the_concurrent_map_contract() {
        return adapt(suite("bounded", true)).children();
    }

    private Test suite(String name, boolean bounded) {
        return ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
            @Override
            protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                CacheConfig.Builder<String, String> config = CacheConfig.<String, String>builder()
                        .backend(backend()).policy(policy());
                if (bounded) {
                    config.maximumSize(BOUND);
                }
                Cache<String, String> cache = memory.cache(config.build());
                caches.add(cache);
                for (Map.Entry<String, String> entry : entries) {
                    cache.put(entry.getKey(), entry.getValue());
                }
                return cache.asMap();
            }
        }).named(providerName() + (backend().isEmpty() ? "" : "/" + backend()) + " " + name)
                .withFeatures(CollectionSize.ANY, MapFeature.GENERAL_PURPOSE, MapFeature.ALLOWS_NULL_ENTRY_QUERIES,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
                .suppressing(suppressed())
                .createTestSuite();
    }

    /** A dynamic container of a suite's tests, or a dynamic test of a single test case. */
    private static Adapted adapt(Test test) {
        if (test instanceof TestSuite suite) {
            List<DynamicNode> children = new ArrayList<>();
            for (Enumeration<Test> tests = suite.tests(); tests.hasMoreElements();) {
                children.add(adapt(tests.nextElement()).node());
            }
            String name = suite.getName() == null ? suite.getClass().getSimpleName() : suite.getName();
            return new Adapted(DynamicContainer.dynamicContainer(name, children.stream()), children);
        }
        String name = test instanceof TestCase testCase ? testCase.getName() : test.toString();
        return new Adapted(DynamicTest.dynamicTest(name, () -> run(test)), List.of());
    }

    /** Runs one JUnit 3 test and rethrows its first failure or error, so that Jupiter reports it. */
    private static void run(Test test) throws Throwable {
        TestResult result = new TestResult();
        test.run(result);
        for (Enumeration<TestFailure> errors = result.errors(); errors.hasMoreElements();) {
            throw errors.nextElement().thrownException();
        }
        for (Enumeration<TestFailure> failures = result.failures(); failures.hasMoreElements();) {
            Throwable thrown = failures.nextElement().thrownException();
            // JUnit 3's AssertionFailedError is an AssertionError already; anything else is wrapped.
            throw thrown instanceof AssertionFailedError ? thrown : new AssertionError(thrown);
        }
        if (result.runCount() == 0) {
            throw new AssertionError("the test " + test + " ran nothing");
        }
    }

    private record Adapted(DynamicNode node, List<DynamicNode> childNodes) {
        Stream<DynamicNode> children() {
            return childNodes.stream();
        }
    }
}
