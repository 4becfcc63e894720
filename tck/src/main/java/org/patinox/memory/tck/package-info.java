/**
 * Contract suites: extend one, supply the few facts it asks for (such as a provider's name), and
 * JUnit runs its tests against your implementation. {@link
 * org.patinox.memory.tck.MemoryProviderContract} covers a whole implementation and {@link
 * org.patinox.memory.tck.ProviderModuleContract} the module that packages a provider.
 */
package org.patinox.memory.tck;
