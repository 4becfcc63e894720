package org.patinox.memory.support;

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
 * The {@code asMap()} view of a cache, the same for every implementation: a live {@link
 * ConcurrentMap} whose every operation is the cache's (see {@link CacheMapOperations} for what that
 * promises). Its key, value and entry views are live too; their iterators are weakly consistent,
 * an iterator's {@code remove} removes the last key from the cache, and an entry's {@code setValue}
 * puts into the cache. Every call on a closed cache, the views' and their iterators' included (an
 * iterator made before the close too), throws.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class CacheMapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    private final CacheMapOperations<K, V> cache;
    private final CacheLoading<K, V> loading;
    private final KeySet keys = new KeySet();
    private final Values values = new Values();
    private final EntrySet entries = new EntrySet();

    /**
     * @param cache the cache the view reads and writes
     * @param loading the cache's loading, told of every write before it is made ({@link CacheLoading#written})
     */
    public CacheMapView(CacheMapOperations<K, V> cache, CacheLoading<K, V> loading) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.loading = Objects.requireNonNull(loading, "loading");
    }

    /**
     * Refuses a write the cache would refuse, before the view tells the loading of it: on a closed
     * cache, then of a {@code null}, in the cache's words. Otherwise a refused write would still
     * discard the key's refresh in flight, whose value would then never be stored.
     *
     * @param key the key written
     * @param values the other arguments, each followed by its name
     */
    private void check(Object key, Object... values) {
        cache.requireOpen();
        Objects.requireNonNull(key, "key");
        for (int i = 0; i < values.length; i += 2) {
            Objects.requireNonNull(values[i], (String) values[i + 1]);
        }
    }

    /** @return the cache, once the key's refresh in flight is discarded; the key is not {@code null} */
    private CacheMapOperations<K, V> writing(Object key) {
        cache.checkWrite(key);
        loading.written(key);
        return cache;
    }

    /** @return the cache, once the key's refresh and load in flight are told of its removal */
    private CacheMapOperations<K, V> removing(Object key) {
        cache.checkWrite(key);
        loading.removed(key);
        return cache;
    }

    /** @return the cache, once every refresh and load in flight is told of the removal of every key */
    private CacheMapOperations<K, V> clearing() {
        cache.checkWrite(null);
        loading.removedAll();
        return cache;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, cache.viewSize());
    }

    @Override
    public boolean isEmpty() {
        return !cache.viewEntries().hasNext();
    }

    @Override
    public boolean containsKey(Object key) {
        cache.requireOpen(); // closed first, whatever the key, as every cache's own calls
        return cache.viewContainsKey(Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean containsValue(Object value) {
        cache.requireOpen();
        Objects.requireNonNull(value, "value");
        for (Iterator<Map.Entry<K, V>> it = cache.viewEntries(); it.hasNext(); ) {
            if (value.equals(it.next().getValue())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public V get(Object key) {
        cache.requireOpen();
        return cache.viewGet(Objects.requireNonNull(key, "key"));
    }

    @Override
    public V put(K key, V value) {
        check(key, value, "value");
        return writing(key).viewPut(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        check(key, value, "value");
        return writing(key).viewPutIfAbsent(key, value);
    }

    @Override
    public V remove(Object key) {
        check(key);
        return removing(key).viewRemove(key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        check(key);
        if (value == null) {
            // No entry holds it: nothing is written, and the key's refresh in flight goes on.
            cache.checkWrite(key);
            return cache.viewRemove(key, null);
        }
        return writing(key).viewRemove(key, value);
    }

    @Override
    public V replace(K key, V value) {
        check(key, value, "value");
        return writing(key).viewReplace(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        check(key, oldValue, "oldValue", newValue, "newValue");
        return writing(key).viewReplace(key, oldValue, newValue);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        check(key, remappingFunction, "remappingFunction");
        return writing(key).viewCompute(key, remappingFunction);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        check(key, mappingFunction, "mappingFunction");
        return writing(key).viewComputeIfAbsent(key, mappingFunction);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        check(key, remappingFunction, "remappingFunction");
        return writing(key).viewComputeIfPresent(key, remappingFunction);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        check(key, value, "value", remappingFunction, "remappingFunction");
        return writing(key).viewMerge(key, value, remappingFunction);
    }

    @Override
    public void clear() {
        clearing().viewClear();
    }

    @Override
    public Set<K> keySet() {
        cache.requireOpen();
        return keys;
    }

    @Override
    public Collection<V> values() {
        cache.requireOpen();
        return values;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        cache.requireOpen();
        return entries;
    }

    /**
     * Walks the live entries; {@code remove} removes the last one's key from the cache. Every call
     * on a closed cache throws, as the view's own do: the close dropped the entries, which an
     * iterator made before it would otherwise go on handing out.
     */
    private abstract class Walk<T> implements Iterator<T> {
        private final Iterator<Map.Entry<K, V>> it = cache.viewEntries();
        private K last;

        @Override
        public final boolean hasNext() {
            cache.requireOpen();
            return it.hasNext();
        }

        @Override
        public final T next() {
            cache.requireOpen();
            Map.Entry<K, V> entry = it.next();
            last = entry.getKey();
            return element(entry.getKey(), entry.getValue());
        }

        abstract T element(K key, V value);

        @Override
        public final void remove() {
            if (last == null) {
                throw new IllegalStateException("next() was not called, or remove() was already called for it");
            }
            removing(last).viewRemove(last);
            last = null;
        }
    }

    private final class KeySet extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new Walk<>() {
                @Override
                K element(K key, V value) {
                    return key;
                }
            };
        }

        @Override
        public int size() {
            return CacheMapView.this.size();
        }

        @Override
        public boolean isEmpty() {
            return CacheMapView.this.isEmpty();
        }

        @Override
        public boolean contains(Object key) {
            return key != null && containsKey(key);
        }

        @Override
        public boolean remove(Object key) {
            return key != null && CacheMapView.this.remove(key) != null;
        }

        @Override
        public void clear() {
            clearing().viewClear();
        }
    }

    private final class Values extends AbstractCollection<V> {
        @Override
        public Iterator<V> iterator() {
            return new Walk<>() {
                @Override
                V element(K key, V value) {
                    return value;
                }
            };
        }

        @Override
        public int size() {
            return CacheMapView.this.size();
        }

        @Override
        public boolean isEmpty() {
            return CacheMapView.this.isEmpty();
        }

        @Override
        public boolean contains(Object value) {
            return value != null && containsValue(value);
        }

        @Override
        public void clear() {
            clearing().viewClear();
        }
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new Walk<>() {
                @Override
                Map.Entry<K, V> element(K key, V value) {
                    return new WriteThroughEntry(key, value);
                }
            };
        }

        @Override
        public int size() {
            return CacheMapView.this.size();
        }

        @Override
        public boolean isEmpty() {
            return CacheMapView.this.isEmpty();
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
                    && CacheMapView.this.remove(entry.getKey(), entry.getValue());
        }

        @Override
        public void clear() {
            clearing().viewClear();
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
