/**
 * The technology compatibility kit: abstract JUnit contract suites that every implementation and
 * plugin extends with one small subclass, so that all of them are held to the same behaviour.
 * Open, so that JUnit can reach the inherited test methods.
 */
open module org.patinox.memory.tck {
    requires transitive org.patinox.memory.api;
    requires transitive org.junit.jupiter.api;
    requires transitive java.logging; // LogCapture speaks java.util.logging
    // CacheMapContract: guava-testlib's map suites (JUnit 3). Static: a user of the kit's other
    // parts (the benchmarks, for their test connections) may leave guava-testlib out.
    requires static transitive com.google.common.testlib;

    exports org.patinox.memory.tck;

    uses org.patinox.memory.spi.EvictionStrategyProvider;
}
