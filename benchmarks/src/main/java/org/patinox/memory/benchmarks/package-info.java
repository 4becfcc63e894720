/**
 * JMH benchmarks of Patinox Memory beside its peers, run on demand with {@code benchmarks/run};
 * they reach implementations only through the API, as users do.
 */
package org.patinox.memory.benchmarks;
