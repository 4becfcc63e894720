package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/** {@code s3-fifo} against the strategy contract, as ServiceLoader finds it. */
final class S3FifoContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "s3-fifo";
    }
}
