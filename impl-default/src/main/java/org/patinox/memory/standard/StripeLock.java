package org.patinox.memory.standard;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A non-reentrant mutex to extend, so that a stripe's lock state lives in the stripe's own object,
 * beside the fields it guards and before the padding that follows them, rather than in an object of
 * its own (a {@code ReentrantLock}'s state is its {@code Sync}), which the allocator or a
 * collection may place against another stripe's fields.
 */
@SuppressWarnings("serial") // never serialized
abstract class StripeLock extends AbstractQueuedSynchronizer {

    @Override
    protected final boolean tryAcquire(int ignored) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected final boolean tryRelease(int ignored) {
        setState(0);
        return true;
    }

    final void lock() {
        if (!compareAndSetState(0, 1)) {
            acquire(1);
        }
    }

    final boolean tryLock() {
        return compareAndSetState(0, 1);
    }

    final void unlock() {
        release(1);
    }
}
