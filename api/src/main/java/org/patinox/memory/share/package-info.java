/**
 * Data sharing between threads: immutable snapshots updated by copy-on-write, mutable data reached
 * only through callbacks so that no lock escapes, concurrent maps, and versioned configuration
 * whose subscribers see every published version in order.
 */
package org.patinox.memory.share;
