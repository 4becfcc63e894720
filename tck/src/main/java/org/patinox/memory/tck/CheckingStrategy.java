package org.patinox.memory.tck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Wraps a strategy and checks that the cache keeps the strategy's side of the SPI: calls never
 * overlap, each entry is inserted before it is accessed, updated or removed, removed once, and never
 * touched after; a victim is an entry the strategy holds. Breaches are collected, not thrown, so
 * that the cache's isolation of a throwing strategy does not hide them.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class CheckingStrategy<K, V> implements EvictionStrategy<K, V> {

    private final EvictionStrategy<K, V> delegate;
    private final Set<CacheEntry<K, V>> held = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<CacheEntry<K, V>> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> breaches = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean inCall = new AtomicBoolean();
    private long inserts;
    private long accesses;
    private long removes;

    /** @param delegate the strategy that decides */
    public CheckingStrategy(EvictionStrategy<K, V> delegate) {
        this.delegate = delegate;
    }

    private void enter(String call) {
        if (!inCall.compareAndSet(false, true)) {
            breaches.add(call + " overlapped another call to the strategy");
        }
    }

    private void exit() {
        inCall.set(false);
    }

    private void requireHeld(String call, CacheEntry<K, V> entry) {
        if (!held.contains(entry)) {
            breaches.add(call + " of an entry " + (gone.contains(entry) ? "already removed" : "never inserted")
                    + ": key " + entry.key());
        }
    }

    @Override
    public boolean admit(CacheEntry<K, V> candidate) {
        enter("admit");
        try {
            if (held.contains(candidate)) {
                breaches.add("admit of an entry already inserted: key " + candidate.key());
            }
            return delegate.admit(candidate);
        } finally {
            exit();
        }
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        enter("onInsert");
        try {
            if (!held.add(entry)) {
                breaches.add("onInsert twice: key " + entry.key());
            }
            if (gone.contains(entry)) {
                breaches.add("onInsert of a removed entry: key " + entry.key());
            }
            inserts++;
            delegate.onInsert(entry);
        } finally {
            exit();
        }
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        enter("onAccess");
        try {
            requireHeld("onAccess", entry);
            if (held.contains(entry)) {
                accesses++;
                delegate.onAccess(entry);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        enter("onUpdate");
        try {
            requireHeld("onUpdate", entry);
            if (held.contains(entry)) {
                delegate.onUpdate(entry, previousWeight);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        enter("onRemove");
        try {
            requireHeld("onRemove", entry);
            if (held.remove(entry)) {
                gone.add(entry);
                removes++;
                delegate.onRemove(entry);
            }
        } finally {
            exit();
        }
    }

    @Override
    public CacheEntry<K, V> victim() {
        enter("victim");
        try {
            CacheEntry<K, V> victim = delegate.victim();
            if (victim != null && !held.contains(victim)) {
                breaches.add("the delegate chose a victim it does not hold: key " + victim.key());
            }
            return victim;
        } finally {
            exit();
        }
    }

    @Override
    public boolean usesTime() {
        return delegate.usesTime();
    }

    @Override
    public boolean shouldEvict(CacheEntry<K, V> entry, long now) {
        enter("shouldEvict");
        try {
            requireHeld("shouldEvict", entry);
            return delegate.shouldEvict(entry, now);
        } finally {
            exit();
        }
    }

    /** @return the breaches seen so far */
    public List<String> breaches() {
        synchronized (breaches) {
            return List.copyOf(breaches);
        }
    }

    /**
     * @return the entries inserted and not removed; read it only when the cache is quiet, after
     *     {@code cleanUp()}
     */
    public int held() {
        enter("held");
        try {
            return held.size();
        } finally {
            exit();
        }
    }

    /** @return how many entries were inserted; read it when the cache is quiet */
    public long inserts() {
        return inserts;
    }

    /** @return how many reads of held entries were passed on; read it when the cache is quiet */
    public long accesses() {
        return accesses;
    }

    /** @return how many entries were removed; read it when the cache is quiet */
    public long removes() {
        return removes;
    }
}
