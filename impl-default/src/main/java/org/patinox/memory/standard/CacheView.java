package org.patinox.memory.standard;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.patinox.memory.cache.RemovalCause;

/**
 * The {@link StandardCache#asMap()} view. Reads go to the cache's map without its lock and count
 * nothing in the stats, though they are offered to the strategy as the cache's own reads are;
 * writes take the cache's lock as the cache's own do, so they are bounded, told to the strategy and
 * reported to the listener. The functions of {@code computeIfAbsent}, {@code computeIfPresent},
 * {@code compute} and {@code merge} run once, under the cache's lock: they must be short and must
 * not wait for another thread that writes to the cache. Expired entries are absent from every
 * method and view. Iterators are weakly consistent, as the {@link
 * java.util.concurrent.ConcurrentHashMap}'s they wrap.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class CacheView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    private final StandardCache<K, V> cache;
    private final EntrySet entries = new EntrySet();

    CacheView(StandardCache<K, V> cache) {
        this.cache = cache;
    }

    @Override
    public int size() {
        cache.requireOpen();
        if (!cache.expires()) {
            return cache.map().size();
        }
        int live = 0;
        for (Node<K, V> node : cache.map().values()) {
            if (!cache.expiredNow(node)) {
                live++;
            }
        }
        return live;
    }

    @Override
    public boolean isEmpty() {
        cache.requireOpen();
        if (!cache.expires()) {
            return cache.map().isEmpty();
        }
        for (Node<K, V> node : cache.map().values()) {
            if (!cache.expiredNow(node)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean containsKey(Object key) {
        cache.requireOpen();
        return cache.peek(Objects.requireNonNull(key, "key")) != null;
    }

    @Override
    public boolean containsValue(Object value) {
        cache.requireOpen();
        Objects.requireNonNull(value, "value");
        for (Node<K, V> node : cache.map().values()) {
            if (value.equals(node.value) && !cache.expiredNow(node)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public V get(Object key) {
        cache.requireOpen();
        return cache.read(Objects.requireNonNull(key, "key"));
    }

    @Override
    public V put(K key, V value) {
        return cache.write(key, value, false);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        V present = cache.read(key);
        return present != null ? present : cache.write(key, value, true);
    }

    @Override
    public V remove(Object key) {
        return cache.removeKey(key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return false;
        }
        cache.lockForChange();
        try {
            cache.requireOpen();
            Node<K, V> node = cache.live(key, cache.now());
            if (node == null || !value.equals(node.value)) {
                return false;
            }
            cache.remove(node, RemovalCause.EXPLICIT);
            return true;
        } finally {
            cache.unlockAndDeliver();
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        int w = cache.weigh(key, newValue);
        cache.lockForChange();
        try {
            cache.requireOpen();
            long now = cache.now();
            Node<K, V> node = cache.live(key, now);
            if (node == null || !oldValue.equals(node.value)) {
                return false;
            }
            cache.update(node, newValue, w, now);
            return true;
        } finally {
            cache.unlockAndDeliver();
        }
    }

    @Override
    public V replace(K key, V value) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int w = cache.weigh(key, value);
        cache.lockForChange();
        try {
            cache.requireOpen();
            long now = cache.now();
            Node<K, V> node = cache.live(key, now);
            if (node == null) {
                return null;
            }
            V old = node.value;
            cache.update(node, value, w, now);
            return old;
        } finally {
            cache.unlockAndDeliver();
        }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        V present = cache.read(key);
        if (present != null) {
            return present;
        }
        cache.lockForChange();
        try {
            cache.requireOpen();
            Node<K, V> node = cache.live(key, cache.now());
            if (node != null) {
                return node.value;
            }
            V value = mappingFunction.apply(key);
            return value == null ? null : store(key, null, null, value);
        } finally {
            cache.unlockAndDeliver();
        }
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        if (!cache.map().containsKey(key)) {
            return null;
        }
        cache.lockForChange();
        try {
            cache.requireOpen();
            Node<K, V> node = cache.live(key, cache.now());
            if (node == null) {
                return null;
            }
            V old = node.value;
            return store(key, node, old, remappingFunction.apply(key, old));
        } finally {
            cache.unlockAndDeliver();
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        cache.lockForChange();
        try {
            cache.requireOpen();
            Node<K, V> node = cache.live(key, cache.now());
            V old = node == null ? null : node.value;
            return store(key, node, old, remappingFunction.apply(key, old));
        } finally {
            cache.unlockAndDeliver();
        }
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        cache.lockForChange();
        try {
            cache.requireOpen();
            Node<K, V> node = cache.live(key, cache.now());
            V old = node == null ? null : node.value;
            return store(key, node, old, old == null ? value : remappingFunction.apply(old, value));
        } finally {
            cache.unlockAndDeliver();
        }
    }

    /**
     * Under the lock, after a function ran: applies its result to the key, whose live node (or
     * {@code null}) and value were {@code node} and {@code old} before the function ran.
     *
     * @return the result
     * @throws ConcurrentModificationException when the function changed the key's entry itself
     */
    private V store(K key, Node<K, V> node, V old, V result) {
        cache.requireOpen();
        if (cache.map().get(key) != node || (node != null && node.value != old)) {
            throw new ConcurrentModificationException("cache '" + cache.name()
                    + "': the function computing key " + key + " changed that key's entry itself");
        }
        if (result == null) {
            if (node != null) {
                cache.remove(node, RemovalCause.EXPLICIT);
            }
            return null;
        }
        int w = cache.weigh(key, result);
        long now = cache.now();
        if (node == null) {
            cache.insert(key, result, w, now);
        } else {
            cache.update(node, result, w, now);
        }
        return result;
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        cache.requireOpen();
        return entries;
    }

    /** The live entries; removal goes through the cache. */
    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            cache.requireOpen();
            return new EntryIterator();
        }

        @Override
        public int size() {
            return CacheView.this.size();
        }

        @Override
        public boolean isEmpty() {
            return CacheView.this.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
                return false;
            }
            cache.requireOpen();
            V value = cache.peek(e.getKey());
            return value != null && value.equals(e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && CacheView.this.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            cache.invalidateAll();
        }
    }

    /** Walks the map's nodes, skipping expired ones; {@code remove} removes the key's entry. */
    private final class EntryIterator implements Iterator<Map.Entry<K, V>> {

        private final Iterator<Node<K, V>> nodes = cache.map().values().iterator();
        private Map.Entry<K, V> next;
        private K last;

        @Override
        public boolean hasNext() {
            while (next == null && nodes.hasNext()) {
                Node<K, V> node = nodes.next();
                V value = node.value;
                if (!cache.expiredNow(node)) {
                    next = new WriteThroughEntry(node.key, value);
                }
            }
            return next != null;
        }

        @Override
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<K, V> entry = next;
            next = null;
            last = entry.getKey();
            return entry;
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() has not been called, or remove() was called after it");
            }
            cache.removeKey(last);
            last = null;
        }
    }

    /** An entry whose {@code setValue} puts the value in the cache. */
    private final class WriteThroughEntry implements Map.Entry<K, V> {

        private final K key;
        private V value;

        WriteThroughEntry(K key, V value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value;
        }

        @Override
        public V setValue(V newValue) {
            Objects.requireNonNull(newValue, "value");
            cache.write(key, newValue, false);
            V old = value;
            value = newValue;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && value.equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ value.hashCode();
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
