package org.patinox.memory.standard.archfixture;

import org.jctools.queues.MpscArrayQueue;

/** Breach: JCTools outside the lockfree implementation. */
final class StandardUsingJctools {
    Object queue() {
        return new MpscArrayQueue<String>(8);
    }
}
