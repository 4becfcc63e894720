package org.patinox.memory.spi;

import org.patinox.memory.cache.CacheEntry;

/** A plain cache entry for tests of strategies and lists. */
public final class TestEntry implements CacheEntry<String, String> {
    private final String key;
    public long writeTime;
    public int weight = 1;
    private CacheEntry<String, String> previous;
    private CacheEntry<String, String> next;
    private int mark;
    private Object state;

    public TestEntry(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String value() {
        return key;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public long writeTime() {
        return writeTime;
    }

    @Override
    public long accessTime() {
        return writeTime;
    }

    @Override
    public CacheEntry<String, String> previous() {
        return previous;
    }

    @Override
    public void previous(CacheEntry<String, String> entry) {
        previous = entry;
    }

    @Override
    public CacheEntry<String, String> next() {
        return next;
    }

    @Override
    public void next(CacheEntry<String, String> entry) {
        next = entry;
    }

    @Override
    public int mark() {
        return mark;
    }

    @Override
    public void mark(int value) {
        mark = value;
    }

    @Override
    public Object state() {
        return state;
    }

    @Override
    public void state(Object value) {
        state = value;
    }

    @Override
    public String toString() {
        return key;
    }
}
