package org.patinox.memory.lockfree.archfixture;

import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * Breach: the lockfree implementation, where JCTools is allowed, naming a JCTools queue that
 * reaches {@code sun.misc.Unsafe}. Its VarHandle twin beside it is allowed.
 */
final class LockfreeUsingUnsafeJctools {
    Object unsafeQueue() {
        return new MpscArrayQueue<String>(8);
    }

    Object varHandleQueue() {
        return new MpscVarHandleArrayQueue<String>(8);
    }
}
