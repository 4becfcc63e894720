/**
 * Resource management: a registry of live resources whose asynchronous cleanup runs exactly once,
 * whether by an explicit close, by a forced cleanup of everything, or when a guard is dropped
 * unclosed, which is then reported as a leak.
 */
package org.patinox.memory.resource;
