package org.patinox.memory.standard.archfixture;

import org.patinox.memory.lockfree.archfixture.LockfreeHelper;

/** Breach: one implementation that depends on another. */
final class StandardUsingLockfree {
    int value() {
        return LockfreeHelper.value();
    }
}
