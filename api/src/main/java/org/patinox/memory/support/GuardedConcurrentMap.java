package org.patinox.memory.support;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link ConcurrentHashMap} whose mapping functions may not update it. {@code
 * ConcurrentHashMap} runs {@code compute}'s function holding the lock of the key's bin; a function
 * that updates another key takes that key's bin lock too, and two threads doing so in opposite
 * order deadlock (a function updating its own bin may instead loop or throw). Here a method that
 * changes the map, called from a mapping function of the same map on the same thread, throws
 * {@link IllegalStateException} before it changes anything; reads stay allowed.
 *
 * <p>What it costs: {@code get} nothing; a write one volatile read of a counter that is non-zero
 * only while some mapping function runs, and only then a thread-local lookup; a mapping method two
 * atomic updates of that counter. The views ({@code keySet()}, {@code values()}, {@code entrySet()})
 * are the inner map's, unguarded: updating the map through them from a mapping function is, as for
 * a bare {@code ConcurrentHashMap}, the caller's error.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class GuardedConcurrentMap<K, V> implements ConcurrentMap<K, V> {

    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final AtomicInteger functionsRunning = new AtomicInteger();
    private final ReentryGuard guard = new ReentryGuard("concurrentMap",
            "a mapping function (compute, computeIfAbsent, computeIfPresent or merge)");

    /** Makes an empty map. */
    public GuardedConcurrentMap() {
    }

    private void checkWrite(String call) {
        if (functionsRunning.get() != 0) {
            guard.check(call);
        }
    }

    private boolean[] enterFunction(String call) {
        boolean[] mark = guard.enter(call);
        functionsRunning.incrementAndGet();
        return mark;
    }

    private void exitFunction(boolean[] mark) {
        functionsRunning.decrementAndGet();
        ReentryGuard.exit(mark);
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public V put(K key, V value) {
        checkWrite("put");
        return map.put(key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        checkWrite("putAll");
        map.putAll(m);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        checkWrite("putIfAbsent");
        return map.putIfAbsent(key, value);
    }

    @Override
    public V remove(Object key) {
        checkWrite("remove");
        return map.remove(key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        checkWrite("remove");
        return map.remove(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        checkWrite("replace");
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        checkWrite("replace");
        return map.replace(key, value);
    }

    @Override
    public void clear() {
        checkWrite("clear");
        map.clear();
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        boolean[] mark = enterFunction("computeIfAbsent");
        try {
            return map.computeIfAbsent(key, mappingFunction);
        } finally {
            exitFunction(mark);
        }
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        boolean[] mark = enterFunction("computeIfPresent");
        try {
            return map.computeIfPresent(key, remappingFunction);
        } finally {
            exitFunction(mark);
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        boolean[] mark = enterFunction("compute");
        try {
            return map.compute(key, remappingFunction);
        } finally {
            exitFunction(mark);
        }
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        boolean[] mark = enterFunction("merge");
        try {
            return map.merge(key, value, remappingFunction);
        } finally {
            exitFunction(mark);
        }
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        // ConcurrentHashMap runs this function without a bin lock, but an update from it would still
        // race with the replacement of the same key: refused as the other functions' are.
        boolean[] mark = enterFunction("replaceAll");
        try {
            map.replaceAll(function);
        } finally {
            exitFunction(mark);
        }
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach(action);
    }

    @Override
    public Set<K> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<V> values() {
        return map.values();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return map.entrySet();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || map.equals(o);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
