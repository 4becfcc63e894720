package org.patinox.memory.jdbc;

import java.sql.Connection;

/**
 * A set of connections by identity, for a manager to know its own: read without a lock, copied
 * whole on every change. Connections are created and destroyed seldom and looked up only when one
 * comes back unreported, so the set keeps no node per connection, only one slot of an
 * open-addressing table less than three quarters full: about 5 to 11 bytes per connection with
 * compressed references.
 *
 * <p>Thread-safe: {@link #contains} reads the current table; {@link #add} and {@link #remove}
 * replace it under the set's lock.
 */
final class ConnectionSet {

    private static final Connection[] EMPTY = new Connection[0];

    /** Open addressing with linear probing; its length is a power of two, and a slot is always free. */
    private volatile Connection[] table = EMPTY;
    /** How many connections the table holds; guarded by this. */
    private int size;

    /** @return whether the connection, compared by identity, is in the set */
    boolean contains(Connection connection) {
        Connection[] t = table;
        if (t.length == 0) {
            return false;
        }
        int mask = t.length - 1;
        for (int i = slot(connection, mask); ; i = (i + 1) & mask) {
            Connection c = t[i];
            if (c == connection) {
                return true;
            }
            if (c == null) {
                return false;
            }
        }
    }

    /** Adds a connection not in the set yet. */
    synchronized void add(Connection connection) {
        size++;
        table = copy(table, null, connection, size);
    }

    /**
     * @param connection a connection
     * @return whether it was in the set, and is no longer
     */
    synchronized boolean remove(Connection connection) {
        if (!contains(connection)) {
            return false;
        }
        size--;
        table = copy(table, connection, null, size);
        return true;
    }

    /** @return how many connections the set holds */
    synchronized int size() {
        return size;
    }

    /**
     * @param from the current table
     * @param without a connection to leave out, or {@code null}
     * @param with a connection to add, or {@code null}
     * @param size how many the new table holds
     * @return a new table of them all
     */
    private static Connection[] copy(Connection[] from, Connection without, Connection with, int size) {
        if (size == 0) {
            return EMPTY;
        }
        int length = Integer.highestOneBit(Math.max(1, size + size / 3)) << 1;
        Connection[] to = new Connection[length];
        for (Connection c : from) {
            if (c != null && c != without) {
                put(to, c);
            }
        }
        if (with != null) {
            put(to, with);
        }
        return to;
    }

    private static void put(Connection[] table, Connection connection) {
        int mask = table.length - 1;
        int i = slot(connection, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = connection;
    }

    private static int slot(Connection connection, int mask) {
        int h = System.identityHashCode(connection);
        return (h ^ (h >>> 16)) & mask;
    }
}
