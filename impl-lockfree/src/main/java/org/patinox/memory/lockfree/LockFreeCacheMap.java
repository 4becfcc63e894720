package org.patinox.memory.lockfree;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link LockFreeCache#asMap()}: a live {@link ConcurrentMap} over the cache. Reads record the access
 * for the strategy but do not count in the stats; writes are the cache's own (bounded, told to the
 * strategy, reported to the listener), and each is one {@code compute} on the cache's map, so the
 * conditional ones are atomic with respect to every other write. Expired entries are absent.
 * Iteration is weakly consistent, as the underlying {@link java.util.concurrent.ConcurrentHashMap}'s;
 * an iterator's {@code remove} removes the key from the cache, and an entry's {@code setValue} puts.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class LockFreeCacheMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    private final LockFreeCache<K, V> cache;
    private final KeySet keys = new KeySet();
    private final Values values = new Values();
    private final EntrySet entries = new EntrySet();

    LockFreeCacheMap(LockFreeCache<K, V> cache) {
        this.cache = cache;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, cache.viewSize());
    }

    @Override
    public boolean isEmpty() {
        return !cache.liveNodes().hasNext();
    }

    @Override
    public boolean containsKey(Object key) {
        return cache.viewContainsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value, "value");
        for (Iterator<Node<K, V>> nodes = cache.liveNodes(); nodes.hasNext(); ) {
            if (value.equals(nodes.next().value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public V get(Object key) {
        return cache.viewGet(key);
    }

    @Override
    public V put(K key, V value) {
        return cache.viewPut(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return cache.viewPutIfAbsent(key, value);
    }

    @Override
    public V remove(Object key) {
        return cache.viewRemove(key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return cache.viewRemove(key, value);
    }

    @Override
    public V replace(K key, V value) {
        return cache.viewReplace(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return cache.viewReplace(key, oldValue, newValue);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return cache.viewCompute(key, remappingFunction);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        return cache.viewComputeIfAbsent(key, mappingFunction);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return cache.viewComputeIfPresent(key, remappingFunction);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        return cache.viewMerge(key, value, remappingFunction);
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public Set<K> keySet() {
        return keys;
    }

    @Override
    public Collection<V> values() {
        return values;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entries;
    }

    /** Walks the live nodes; {@code remove} removes the last one's key from the cache. */
    private abstract class Walk<T> implements Iterator<T> {
        private final Iterator<Node<K, V>> nodes = cache.liveNodes();
        private K last;

        @Override
        public final boolean hasNext() {
            return nodes.hasNext();
        }

        @Override
        public final T next() {
            Node<K, V> node = nodes.next();
            last = node.key;
            return element(node);
        }

        abstract T element(Node<K, V> node);

        @Override
        public final void remove() {
            if (last == null) {
                throw new IllegalStateException("next() was not called, or remove() was already called for it");
            }
            cache.viewRemove(last);
            last = null;
        }
    }

    private final class KeySet extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new Walk<>() {
                @Override
                K element(Node<K, V> node) {
                    return node.key;
                }
            };
        }

        @Override
        public int size() {
            return LockFreeCacheMap.this.size();
        }

        @Override
        public boolean contains(Object key) {
            return containsKey(key);
        }

        @Override
        public boolean remove(Object key) {
            return LockFreeCacheMap.this.remove(key) != null;
        }

        @Override
        public void clear() {
            cache.invalidateAll();
        }
    }

    private final class Values extends AbstractCollection<V> {
        @Override
        public Iterator<V> iterator() {
            return new Walk<>() {
                @Override
                V element(Node<K, V> node) {
                    return node.value;
                }
            };
        }

        @Override
        public int size() {
            return LockFreeCacheMap.this.size();
        }

        @Override
        public boolean contains(Object value) {
            return containsValue(value);
        }

        @Override
        public void clear() {
            cache.invalidateAll();
        }
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new Walk<>() {
                @Override
                Map.Entry<K, V> element(Node<K, V> node) {
                    return new WriteThroughEntry(node.key, node.value);
                }
            };
        }

        @Override
        public int size() {
            return LockFreeCacheMap.this.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> entry) || entry.getKey() == null || entry.getValue() == null) {
                return false;
            }
            V value = get(entry.getKey());
            return value != null && value.equals(entry.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> entry && entry.getKey() != null
                    && LockFreeCacheMap.this.remove(entry.getKey(), entry.getValue());
        }

        @Override
        public void clear() {
            cache.invalidateAll();
        }
    }

    /** An entry whose {@code setValue} puts the value into the cache. */
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
            put(key, newValue);
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
