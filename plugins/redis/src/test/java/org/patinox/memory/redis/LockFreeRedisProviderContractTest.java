package org.patinox.memory.redis;

/** {@link RedisProviderContract} on the {@code lockfree} pool. */
final class LockFreeRedisProviderContractTest extends RedisProviderContract {

    @Override
    protected String memoryProvider() {
        return "lockfree";
    }
}
