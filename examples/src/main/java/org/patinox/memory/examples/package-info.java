/** Runnable programs: {@link org.patinox.memory.examples.Tour} walks through what the library offers. */
package org.patinox.memory.examples;
