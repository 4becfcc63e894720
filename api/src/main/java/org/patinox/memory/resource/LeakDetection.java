package org.patinox.memory.resource;

/**
 * How much a {@link ResourceRegistry} records about where its resources were made, as Netty's
 * {@code ResourceLeakDetector} levels. At every level a guard dropped unclosed is cleaned by the
 * safety net and reported as leaked; the level decides whether the report names the creation site.
 */
public enum LeakDetection {
    /** No creation site is recorded: a leak is reported with the resource's type, id and thread only. */
    DISABLED,
    /**
     * The creation site of about one resource in {@link ResourceConfig#samplingInterval()} is
     * recorded (chosen at random, as Netty samples), so that a recurring leak is soon reported with
     * the code that made it, at a small cost per registration.
     */
    SAMPLED,
    /** The creation site of every resource is recorded: for tests and for hunting a leak. */
    PARANOID
}
