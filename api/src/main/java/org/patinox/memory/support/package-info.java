/**
 * What the first-party implementations ({@code standard}, {@code lockfree}, and the {@code
 * caffeine} cache backend) must do alike, written once: bounded manager calls, the destroy reasons
 * and messages of pools, the logging monitor, and the {@code asMap} view of caches. Slow paths
 * only; each implementation keeps its own hot paths.
 *
 * <p>Not an API: the package is exported to those modules alone, and on the class path, where a
 * qualified export is not enforced, an ArchUnit rule of the arch tests holds the same line.
 */
package org.patinox.memory.support;
