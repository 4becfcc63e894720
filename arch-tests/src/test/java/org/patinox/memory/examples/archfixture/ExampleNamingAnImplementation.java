package org.patinox.memory.examples.archfixture;

import org.patinox.memory.standard.StandardMemoryProvider;

/** Breach: an example that names an implementation instead of letting ServiceLoader find it. */
final class ExampleNamingAnImplementation {
    Object provider() {
        return new StandardMemoryProvider();
    }
}
