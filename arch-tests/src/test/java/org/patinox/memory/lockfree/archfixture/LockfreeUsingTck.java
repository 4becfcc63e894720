package org.patinox.memory.lockfree.archfixture;

import org.patinox.memory.tck.RecordingMonitor;

/** Breach: an implementation that depends on the TCK, against the direction of dependencies. */
final class LockfreeUsingTck {
    Object monitor() {
        return new RecordingMonitor();
    }
}
