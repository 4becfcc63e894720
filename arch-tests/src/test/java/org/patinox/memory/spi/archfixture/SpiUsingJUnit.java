package org.patinox.memory.spi.archfixture;

/** Breach: an API type that depends on a library beyond the JDK. */
final class SpiUsingJUnit {
    void check() {
        org.junit.jupiter.api.Assertions.assertTrue(true);
    }
}
