/**
 * Contract suites: extend one, supply the few facts it asks for (such as a provider's name), and
 * JUnit runs its tests against your implementation. {@link
 * org.patinox.memory.tck.MemoryProviderContract} covers a whole implementation, {@link
 * org.patinox.memory.tck.ProviderModuleContract} the module that packages a provider, {@link
 * org.patinox.memory.tck.PoolContract} the connection pool's behaviour and {@link
 * org.patinox.memory.tck.PoolStressContract} its invariants under load. {@link
 * org.patinox.memory.tck.TestConnectionManager} is a scriptable connection manager that checks how a
 * pool uses it, for these suites and for plugin authors' own tests.
 *
 * <p>For plugins: {@link org.patinox.memory.tck.ConnectionManagerProviderContract} and {@link
 * org.patinox.memory.tck.MonitorProviderContract} hold a {@code ConnectionManagerProvider} or a
 * {@code MonitorProvider} to what its SPI promises, and {@link
 * org.patinox.memory.tck.AsyncCleanupContract} a cleanup; {@link
 * org.patinox.memory.tck.TestConnectionManagerProvider} and {@link
 * org.patinox.memory.tck.TestMonitorProvider} are stand-ins, registered nowhere.
 *
 * <p>For caches: {@link org.patinox.memory.tck.CacheContract} and {@link
 * org.patinox.memory.tck.CacheStressContract} hold a cache implementation or backend to the {@code
 * Cache} contract; {@link org.patinox.memory.tck.EvictionStrategyContract} and {@link
 * org.patinox.memory.tck.EvictionStrategyProviderContract} hold an eviction strategy to its SPI,
 * driving it through {@link org.patinox.memory.tck.StrategyHarness}, a single-threaded reference
 * cache. {@link org.patinox.memory.tck.TraceSimulator} replays the bundled or any {@link
 * org.patinox.memory.tck.Trace} through strategies and caches and prints their hit ratios beside
 * the optimum.
 */
package org.patinox.memory.tck;
