/**
 * A JDBC driver that does no I/O, so that a benchmark of connection pools measures the pools and
 * not a database: every pool under test gets its connections from this same driver, through
 * {@code jdbc:stub:} URLs, as HikariCP's own benchmarks do with theirs.
 */
package org.patinox.memory.benchmarks.stub;
