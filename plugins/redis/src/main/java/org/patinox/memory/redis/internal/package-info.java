/** The service the plugin provides: no API, not exported. */
package org.patinox.memory.redis.internal;
