/**
 * The service-provider side of the JDBC plugin. Not exported: only {@link
 * org.patinox.memory.jdbc.internal.JdbcConnectionManagerProvider} is public, for {@link
 * java.util.ServiceLoader}.
 */
package org.patinox.memory.jdbc.internal;
