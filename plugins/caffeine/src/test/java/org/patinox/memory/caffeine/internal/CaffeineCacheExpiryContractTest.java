package org.patinox.memory.caffeine.internal;

import java.time.Duration;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CacheExpiryContract;

/** The {@code caffeine} backend against the per-entry expiry contract: Caffeine's {@code expireAfter}. */
final class CaffeineCacheExpiryContractTest extends CacheExpiryContract {

    @Override
    protected String providerName() {
        return "standard";
    }

    @Override
    protected String backend() {
        return CaffeineBackendProvider.NAME;
    }

    @Override
    protected EvictionPolicy policy() {
        return EvictionPolicy.named("w-tinylfu");
    }

    /** Caffeine caps a variable expiry to about 146 years (2^62 - 1 ns) after the entry's last write or read. */
    @Override
    protected Duration neverOutlived() {
        return Duration.ofDays(365L * 140);
    }

    /** Caffeine applies its bound before its timer wheel reaches an entry expired at once. */
    @Override
    protected boolean anEntryExpiredAtOnceLeavesAsExpiredOverTheBound() {
        return false;
    }
}
