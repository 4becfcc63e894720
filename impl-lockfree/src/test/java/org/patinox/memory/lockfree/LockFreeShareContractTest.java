package org.patinox.memory.lockfree;

import org.patinox.memory.tck.ShareContract;

/** The {@code lockfree} data sharing against the sharing contract. */
final class LockFreeShareContractTest extends ShareContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
