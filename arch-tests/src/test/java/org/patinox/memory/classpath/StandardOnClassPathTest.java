package org.patinox.memory.classpath;

import org.patinox.memory.tck.MemoryProviderContract;

/** The {@code standard} implementation holds its contract on the class path too. */
final class StandardOnClassPathTest extends MemoryProviderContract {

    @Override
    protected String providerName() {
        return "standard";
    }
}
