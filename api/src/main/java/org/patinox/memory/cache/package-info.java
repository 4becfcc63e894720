/**
 * Caching with pluggable eviction: a bounded cache whose eviction policy (LRU, LFU, TTL or any
 * {@code EvictionStrategy} from {@link org.patinox.memory.spi}) is chosen per cache.
 */
package org.patinox.memory.cache;
