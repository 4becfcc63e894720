package org.patinox.memory.tck;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.RemovalListener;

/**
 * A removal listener that keeps every notification, for assertions; thread-safe.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class RecordingListener<K, V> implements RemovalListener<K, V> {

    /**
     * One notification.
     *
     * @param key the key
     * @param value the value
     * @param cause the cause
     * @param thread the thread that delivered it
     */
    public record Removal<K, V>(K key, V value, RemovalCause cause, Thread thread) {
    }

    private final ConcurrentLinkedQueue<Removal<K, V>> removals = new ConcurrentLinkedQueue<>();

    /** Makes a listener that has heard nothing. */
    public RecordingListener() {
    }

    @Override
    public void onRemoval(K key, V value, RemovalCause cause) {
        removals.add(new Removal<>(key, value, cause, Thread.currentThread()));
    }

    /** @return the notifications, in the order they arrived */
    public List<Removal<K, V>> removals() {
        return List.copyOf(removals);
    }

    /** @return the notifications of one cause, in the order they arrived */
    public List<Removal<K, V>> removals(RemovalCause cause) {
        return removals.stream().filter(r -> r.cause() == cause).toList();
    }

    /** @return how many notifications came of each cause */
    public Map<RemovalCause, Integer> counts() {
        Map<RemovalCause, Integer> counts = new EnumMap<>(RemovalCause.class);
        removals.forEach(r -> counts.merge(r.cause(), 1, Integer::sum));
        return counts;
    }
}
