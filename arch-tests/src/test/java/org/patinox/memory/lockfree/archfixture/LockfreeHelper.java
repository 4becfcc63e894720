package org.patinox.memory.lockfree.archfixture;

/** Breach: a public implementation class that is not a provider. */
public final class LockfreeHelper {
    /** @return something for another module to depend on */
    public static int value() {
        return 1;
    }
}
