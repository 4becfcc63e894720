package org.patinox.memory.standard;

import java.util.List;

/**
 * The fields of a {@link Stripe}: its lock (the class is a {@link StripeLock}), its stack of idle
 * slots, linked through the slots themselves ({@link Slot#below}, {@link Slot#above}) so that the
 * stack writes no object of its own, and its count of borrows; every field and link guarded by the
 * lock.
 *
 * @param <C> the type of connection
 */
@SuppressWarnings("serial") // never serialized
abstract class IdleStack<C> extends StripeLock {

    /** The most recently pushed; {@code null} when empty. */
    private Slot<C> top;
    /** The longest idle; {@code null} when empty. */
    private Slot<C> bottom;
    private int size;
    /** Connections borrowed straight from this stripe, for {@code PoolStats.acquired}. */
    long acquired;

    final boolean isEmpty() {
        return size == 0;
    }

    final int size() {
        return size;
    }

    /** @return the top of the stack, or {@code null} */
    final Slot<C> peekTop() {
        return top;
    }

    /** @return the top of the stack, taken off it, or {@code null} */
    final Slot<C> popTop() {
        Slot<C> s = top;
        if (s != null) {
            unlink(s);
        }
        return s;
    }

    /** Puts the slot on top of the stack. */
    final void pushTop(Slot<C> s) {
        s.idleIn = this;
        s.below = top;
        s.above = null;
        if (top == null) {
            bottom = s;
        } else {
            top.above = s;
        }
        top = s;
        size++;
    }

    /** Puts the slot at the bottom of the stack, as the longest idle. */
    final void pushBottom(Slot<C> s) {
        s.idleIn = this;
        s.above = bottom;
        s.below = null;
        if (bottom == null) {
            top = s;
        } else {
            bottom.below = s;
        }
        bottom = s;
        size++;
    }

    /** @return whether the slot was in this stack, now taken out of it */
    final boolean remove(Slot<C> s) {
        if (s.idleIn != this) {
            return false;
        }
        unlink(s);
        return true;
    }

    /** @return the longest idle slot, from which {@link Slot#above} leads to the top; {@code null} when empty */
    final Slot<C> bottom() {
        return bottom;
    }

    /** Adds every slot, bottom first, to the list. */
    final void copyTo(List<Slot<C>> list) {
        for (Slot<C> s = bottom; s != null; s = s.above) {
            list.add(s);
        }
    }

    /** Empties the stack. */
    final void clear() {
        for (Slot<C> s = bottom; s != null; ) {
            Slot<C> next = s.above;
            s.idleIn = null;
            s.above = null;
            s.below = null;
            s = next;
        }
        top = null;
        bottom = null;
        size = 0;
    }

    private void unlink(Slot<C> s) {
        Slot<C> below = s.below;
        Slot<C> above = s.above;
        if (below == null) {
            bottom = above;
        } else {
            below.above = above;
        }
        if (above == null) {
            top = below;
        } else {
            above.below = below;
        }
        s.idleIn = null;
        s.below = null;
        s.above = null;
        size--;
    }
}
