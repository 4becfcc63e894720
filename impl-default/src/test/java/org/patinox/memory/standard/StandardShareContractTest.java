package org.patinox.memory.standard;

import org.patinox.memory.tck.ShareContract;

/** The {@code standard} data sharing against the sharing contract. */
final class StandardShareContractTest extends ShareContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
