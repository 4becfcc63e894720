/**
 * Connection pooling: a pool of connections of any type, created, validated, recycled and
 * destroyed by a {@code ConnectionManager} from {@link org.patinox.memory.spi}, with asynchronous
 * acquisition that honours a deadline and never pins a virtual thread.
 */
package org.patinox.memory.pool;
