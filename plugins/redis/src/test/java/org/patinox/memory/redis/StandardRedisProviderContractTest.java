package org.patinox.memory.redis;

/** {@link RedisProviderContract} on the {@code standard} pool. */
final class StandardRedisProviderContractTest extends RedisProviderContract {

    @Override
    protected String memoryProvider() {
        return "standard";
    }
}
