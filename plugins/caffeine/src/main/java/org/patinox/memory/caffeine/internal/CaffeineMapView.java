package org.patinox.memory.caffeine.internal;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link CaffeineCache#asMap()}: Caffeine's own map view, which already keeps the contract (its
 * reads count nothing, its writes are bounded and reported, its atomic operations are Caffeine's,
 * expired entries are absent), with what the cache adds: every call on a closed cache is refused,
 * and a put of the value already there is reported as a replacement, as the cache's own put is.
 */
final class CaffeineMapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    private final CaffeineCache<K, V> cache;
    private final ConcurrentMap<K, V> map;
    private final Set<K> keySet;
    private final Collection<V> values;
    private final Set<Map.Entry<K, V>> entrySet;

    CaffeineMapView(CaffeineCache<K, V> cache, ConcurrentMap<K, V> map) {
        this.cache = cache;
        this.map = map;
        this.keySet = new GuardedSet<>(map.keySet());
        this.values = new GuardedCollection<>(map.values());
        this.entrySet = new GuardedSet<>(map.entrySet());
    }

    @Override
    public int size() {
        cache.requireOpen();
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        cache.requireOpen();
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        cache.requireOpen();
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        cache.requireOpen();
        return map.containsValue(value);
    }

    @Override
    public V get(Object key) {
        cache.requireOpen();
        return map.get(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        cache.requireOpen();
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public V put(K key, V value) {
        cache.requireOpen();
        V old = map.put(key, value);
        if (old == value) {
            cache.replacedByItself(key, value);
        }
        return old;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        cache.requireOpen();
        entries.forEach(this::put);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        cache.requireOpen();
        return map.putIfAbsent(key, value);
    }

    @Override
    public V remove(Object key) {
        cache.requireOpen();
        return map.remove(key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        cache.requireOpen();
        return map.remove(key, value);
    }

    @Override
    public V replace(K key, V value) {
        cache.requireOpen();
        V old = map.replace(key, value);
        if (old == value) {
            cache.replacedByItself(key, value);
        }
        return old;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        cache.requireOpen();
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public void clear() {
        cache.requireOpen();
        map.clear();
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        cache.requireOpen();
        return map.computeIfAbsent(key, mappingFunction);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        cache.requireOpen();
        return map.computeIfPresent(key, remappingFunction);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        cache.requireOpen();
        return map.compute(key, remappingFunction);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        cache.requireOpen();
        return map.merge(key, value, remappingFunction);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        cache.requireOpen();
        map.forEach(action);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        cache.requireOpen();
        map.replaceAll(function);
    }

    @Override
    public Set<K> keySet() {
        cache.requireOpen();
        return keySet;
    }

    @Override
    public Collection<V> values() {
        cache.requireOpen();
        return values;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        cache.requireOpen();
        return entrySet;
    }

    /** One of Caffeine's views, refused once the cache is closed. */
    private final class GuardedSet<E> extends AbstractSet<E> {
        private final Set<E> set;

        GuardedSet(Set<E> set) {
            this.set = set;
        }

        @Override
        public Iterator<E> iterator() {
            cache.requireOpen();
            return set.iterator();
        }

        @Override
        public int size() {
            cache.requireOpen();
            return set.size();
        }

        @Override
        public boolean isEmpty() {
            cache.requireOpen();
            return set.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            cache.requireOpen();
            return set.contains(o);
        }

        @Override
        public boolean remove(Object o) {
            cache.requireOpen();
            return set.remove(o);
        }

        @Override
        public void clear() {
            cache.requireOpen();
            set.clear();
        }
    }

    /** Caffeine's values view, refused once the cache is closed. */
    private final class GuardedCollection<E> extends AbstractCollection<E> {
        private final Collection<E> collection;

        GuardedCollection(Collection<E> collection) {
            this.collection = collection;
        }

        @Override
        public Iterator<E> iterator() {
            cache.requireOpen();
            return collection.iterator();
        }

        @Override
        public int size() {
            cache.requireOpen();
            return collection.size();
        }

        @Override
        public boolean isEmpty() {
            cache.requireOpen();
            return collection.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            cache.requireOpen();
            return collection.contains(o);
        }

        @Override
        public boolean remove(Object o) {
            cache.requireOpen();
            return collection.remove(o);
        }

        @Override
        public void clear() {
            cache.requireOpen();
            collection.clear();
        }
    }
}
