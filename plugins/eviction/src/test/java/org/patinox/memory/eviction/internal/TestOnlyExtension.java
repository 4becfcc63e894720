package org.patinox.memory.eviction.internal;

import org.junit.jupiter.api.extension.Extension;

/**
 * A JUnit extension registered in the tests' own {@code META-INF/services}, as a plugin author's
 * tests may register one for JUnit to detect: that registration is the tests', not the module's,
 * and {@link EvictionModuleTest} checks that the provider-module contract does not count it, though
 * Surefire patches the tests' resources into the module. JUnit detects it only when told to, which
 * these tests are not: it does nothing.
 */
public final class TestOnlyExtension implements Extension {

    /** Made by {@link java.util.ServiceLoader}. */
    public TestOnlyExtension() {
    }
}
