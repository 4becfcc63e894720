/**
 * The Caffeine cache backend. Not exported: only {@link
 * org.patinox.memory.caffeine.internal.CaffeineBackendProvider} is public, for {@link
 * java.util.ServiceLoader}; the cache it makes is reached through {@link
 * org.patinox.memory.cache.Cache}.
 */
package org.patinox.memory.caffeine.internal;
