/**
 * The eviction strategies of the plugin, found by name through {@link
 * org.patinox.memory.spi.EvictionStrategyProvider}: {@code w-tinylfu}, {@code arc}, {@code sieve},
 * {@code s3-fifo} and {@code adaptive}. Not exported: only the providers are public, for {@link
 * java.util.ServiceLoader}; users choose a strategy with {@code EvictionPolicy.named(...)}.
 *
 * <p>Each strategy keeps its per-entry state in the entries themselves (their links through {@link
 * org.patinox.memory.spi.EntryList}, and {@link org.patinox.memory.cache.CacheEntry#mark()}), so
 * that it allocates nothing per entry; what outlives the entries (the ghost keys of ARC and
 * S3-FIFO in {@link org.patinox.memory.eviction.internal.GhostQueue}, W-TinyLFU's {@link
 * org.patinox.memory.eviction.internal.FrequencySketch}) lives in arrays bounded by the cache's
 * size. Like every strategy, they are called from one thread at a time and keep plain fields.
 */
package org.patinox.memory.eviction.internal;
