package org.patinox.memory.classpath;

import org.patinox.memory.tck.MemoryProviderContract;

/** The {@code lockfree} implementation holds its contract on the class path too. */
final class LockFreeOnClassPathTest extends MemoryProviderContract {

    @Override
    protected String providerName() {
        return "lockfree";
    }
}
