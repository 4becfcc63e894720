package org.patinox.memory.lockfree;

import org.patinox.memory.tck.ShareStressContract;

/** The {@code lockfree} data sharing against the sharing stress contract. */
final class LockFreeShareStressContractTest extends ShareStressContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
