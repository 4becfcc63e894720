/**
 * Contract suites: extend one, supply the few facts it asks for (such as a provider's name), and
 * JUnit runs its tests against your implementation. {@link
 * org.patinox.memory.tck.MemoryProviderContract} covers a whole implementation, {@link
 * org.patinox.memory.tck.ProviderModuleContract} the module that packages a provider, {@link
 * org.patinox.memory.tck.PoolContract} the connection pool's behaviour and {@link
 * org.patinox.memory.tck.PoolStressContract} its invariants under load. {@link
 * org.patinox.memory.tck.TestConnectionManager} is a scriptable connection manager that checks how a
 * pool uses it, for these suites and for plugin authors' own tests.
 */
package org.patinox.memory.tck;
