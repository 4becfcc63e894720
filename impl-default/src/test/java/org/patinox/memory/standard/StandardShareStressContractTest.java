package org.patinox.memory.standard;

import org.patinox.memory.tck.ShareStressContract;

/** The {@code standard} data sharing against the sharing stress contract. */
final class StandardShareStressContractTest extends ShareStressContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
