package org.patinox.memory.internal;

/**
 * A scheduler that, shut down at once (the whole library closing past its shutdown timeout),
 * hands the bounds of calls still waiting in it to threads of their own rather than drop them: the
 * library's own scheduler is one ({@link LibraryScheduler}). Without it, a call whose timer was
 * dropped would never end, and whoever waits for its outcome would wait for ever.
 */
public interface BoundHandover {

    /** The bound of a call in flight: a timer on the scheduler that can move elsewhere. */
    interface Bound {
        /**
         * Bounds the call on a virtual thread of its own, at the same deadline, rather than on the
         * scheduler; a second call does nothing, nor does a call whose bound is no longer needed.
         */
        void rearm();
    }

    /** @param bound a bound about to wait in this scheduler */
    void waiting(Bound bound);

    /** @param bound a bound no longer needed: its call settled */
    void settled(Bound bound);
}
