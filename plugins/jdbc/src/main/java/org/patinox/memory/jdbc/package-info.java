/**
 * JDBC on Patinox Memory: {@link org.patinox.memory.jdbc.PooledDataSource}, a {@link
 * javax.sql.DataSource} whose connections come from a Patinox {@link org.patinox.memory.pool.Pool},
 * and the {@link org.patinox.memory.spi.ConnectionManager} of JDBC connections behind it, which the
 * provider {@code jdbc} also hands to {@link org.patinox.memory.MemoryUtilities#pool(String,
 * java.util.Properties, Class, org.patinox.memory.pool.PoolConfig)} for any {@code jdbc:} URL.
 *
 * <p>Passwords, whether in the URL ({@code password=...}, {@code //user:password@host}) or in the
 * connection properties, never appear in an exception message, an event, a log line, a {@code
 * toString} or the pool's statistics.
 */
package org.patinox.memory.jdbc;
