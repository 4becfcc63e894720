package org.patinox.memory.mapping;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Settings;

/**
 * How {@link org.patinox.memory.MemoryUtilities#map} opens and maps a file. Built with {@link
 * #builder()} or read from {@code patinox.memory.mapping.*} properties; every value is checked when
 * the configuration is built, and a bad one is a {@link ConfigException} naming the setting and the
 * value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key ({@code patinox.memory.mapping.} +)</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>assigned</td><td>the mapping's name in events and messages</td></tr>
 *   <tr><td>{@code mode}</td><td>{@code read-only}</td><td>{@code read-only}, {@code read-write}, or
 *       {@code create} (read-write, creating the file when absent)</td></tr>
 *   <tr><td>{@code size}</td><td>0</td><td>bytes the file is grown to when shorter (writable modes
 *       only), such as {@code 4096}, {@code 64KiB}, {@code 16MiB}, {@code 5GiB}: a whole number and
 *       one of the units {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}, in any case;
 *       0 maps the file as it is</td></tr>
 *   <tr><td>{@code arena}</td><td>{@code shared}</td><td>{@code shared}: any thread may read, write
 *       and close the mapping; {@code confined}: only the thread that opened it, for a little
 *       less cost on close (see {@link Arena})</td></tr>
 *   <tr><td>{@code force-on-close}</td><td>{@code false}</td><td>whether close flushes the written
 *       pages to the storage device before unmapping, as {@link MappedFile#force()} does</td></tr>
 * </table>
 *
 * @param name the mapping's name; empty to have {@link org.patinox.memory.MemoryUtilities} assign one; stored
 *     without the white space around it, as properties are read
 * @param mode how the file is opened
 * @param size bytes a writable file is grown to when shorter; 0 to map it as it is
 * @param arena which threads may use the mapping
 * @param forceOnClose whether {@link MappedFile#close()} flushes written pages first
 */
public record MappingConfig(String name, Mode mode, long size, Arena arena, boolean forceOnClose) {

    private static final String P = Settings.MAPPING;
    /** Key of {@link #name()}. */
    public static final String NAME = P + "name";
    /** Key of {@link #mode()}. */
    public static final String MODE = P + "mode";
    /** Key of {@link #size()}. */
    public static final String SIZE = P + "size";
    /** Key of {@link #arena()}. */
    public static final String ARENA = P + "arena";
    /** Key of {@link #forceOnClose()}. */
    public static final String FORCE_ON_CLOSE = P + "force-on-close";

    private static final List<String> KEYS = List.of(NAME, MODE, SIZE, ARENA, FORCE_ON_CLOSE);
    /** A whole number, then perhaps a unit: any word, so that an unknown one is named in the error. */
    private static final Pattern BYTES = Pattern.compile("([0-9]+)\\s*([A-Za-z]*)");

    /** How the file is opened. */
    public enum Mode {
        /** Read only; the file must exist; {@link MappedSlice#set} throws. */
        READ_ONLY("read-only"),
        /** Read and write; the file must exist. */
        READ_WRITE("read-write"),
        /**
         * Read and write; the file is created when absent, and removed again when the mapping that
         * created it fails to open (too large to grow or map, say).
         */
        CREATE("create");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        /** @return the name of the mode in properties, such as {@code read-only} */
        public String text() {
            return text;
        }

        /** @return whether the mapping may be written */
        public boolean writable() {
            return this != READ_ONLY;
        }
    }

    /**
     * Which threads may use a mapping; the FFM {@link java.lang.foreign.Arena} it is mapped in.
     * Choose {@link #SHARED} when the mapping (or a slice of it) is handed to other threads, and
     * {@link #CONFINED} for a mapping one thread opens, uses and closes.
     */
    public enum Arena {
        /**
         * One thread, the one that opened the mapping, may access and close it; another thread's
         * access is a {@link WrongThreadException}, and its {@code close()} an {@link
         * IllegalStateException}. Closing costs no more than the unmap itself. Because only that
         * thread can unmap it, a confined mapping that is never closed stays mapped until the JVM
         * exits, and {@link org.patinox.memory.MemoryUtilities#close()} on another thread reports it
         * rather than unmapping it.
         */
        CONFINED("confined"),
        /**
         * Any thread may access and close the mapping. Closing it makes every other thread's
         * next access an {@link IllegalStateException}, even one in the middle of a loop: the JVM
         * stops those threads at a safepoint handshake first, a cost each close pays in proportion
         * to the threads running (measured by the mapping benchmarks), so do not open and close
         * shared mappings in a hot loop.
         */
        SHARED("shared");

        private final String text;

        Arena(String text) {
            this.text = text;
        }

        /** @return the name of the arena kind in properties, such as {@code shared} */
        public String text() {
            return text;
        }
    }

    /** Checks every setting; see the class description. */
    public MappingConfig {
        name = Settings.name(NAME, name);
        Objects.requireNonNull(mode, MODE);
        Objects.requireNonNull(arena, ARENA);
        if (size < 0) {
            throw new ConfigException(SIZE + " must be 0 or more bytes, but was " + size);
        }
        if (size > 0 && !mode.writable()) {
            throw new ConfigException(SIZE + " (" + size + ") needs " + MODE + " read-write or create, but "
                    + MODE + " is " + mode.text() + ": a read-only mapping cannot grow its file");
        }
    }

    /** @return a configuration that maps an existing file read-only, in a shared arena */
    public static MappingConfig readOnly() {
        return builder().build();
    }

    /** @return a configuration that maps an existing file for reading and writing, in a shared arena */
    public static MappingConfig readWrite() {
        return builder().mode(Mode.READ_WRITE).build();
    }

    /**
     * @param size bytes the file is grown to when shorter
     * @return a configuration that creates the file when absent, in a shared arena
     */
    public static MappingConfig create(long size) {
        return builder().mode(Mode.CREATE).size(size).build();
    }

    /** @return a builder holding the defaults: read-only, the file's own size, shared, no force on close */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().name(name).mode(mode).size(size).arena(arena).forceOnClose(forceOnClose);
    }

    /**
     * Reads the {@code patinox.memory.mapping.*} entries of the properties (and of their defaults).
     *
     * @param properties the source; keys outside {@code patinox.memory.mapping.} are ignored
     * @return a builder with the settings read, defaults for the rest
     * @throws ConfigException for a value that is blank, does not parse or does not fit, or an unknown
     *     {@code patinox.memory.mapping.*} key, naming the key and the value
     */
    public static Builder fromProperties(Properties properties) {
        Settings s = Settings.of(properties, Settings.MAPPING);
        Builder b = builder();
        s.string(NAME).ifPresent(b::name);
        s.string(MODE).ifPresent(v -> b.mode(named(MODE, v, Mode.values(), Mode::text)));
        s.string(SIZE).ifPresent(v -> b.size(bytes(SIZE, v)));
        s.string(ARENA).ifPresent(v -> b.arena(named(ARENA, v, Arena.values(), Arena::text)));
        s.bool(FORCE_ON_CLOSE).ifPresent(b::forceOnClose);
        s.rejectUnknown(KEYS);
        return b;
    }

    /** @return the settings as properties that {@link #fromProperties} reads back */
    public Properties toProperties() {
        Properties p = new Properties();
        if (!name.isEmpty()) {
            p.setProperty(NAME, name);
        }
        p.setProperty(MODE, mode.text());
        p.setProperty(SIZE, Long.toString(size));
        p.setProperty(ARENA, arena.text());
        p.setProperty(FORCE_ON_CLOSE, Boolean.toString(forceOnClose));
        return p;
    }

    private static <E extends Enum<E>> E named(String key, String value, E[] values,
                                               java.util.function.Function<E, String> text) {
        String wanted = value.toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (text.apply(e).equals(wanted)) {
                return e;
            }
        }
        throw new ConfigException(key + " must be one of " + java.util.Arrays.stream(values).map(text).toList()
                + ", but was '" + value + "'");
    }

    /**
     * @return bytes written as a whole number with an optional binary unit, in any case, as
     *     durations take theirs: {@code 4096}, {@code 64KiB}, {@code 64kib}, {@code 5GIB}. Decimal or
     *     bare units ({@code GB}, {@code g}) are refused: whether {@code GB} means 10^9 or 2^30
     *     bytes depends on who wrote it.
     */
    static long bytes(String key, String value) {
        String expected = key + " must be a number of bytes such as 4096, 64KiB, 16MiB or 5GiB, but was '" + value + "'";
        Matcher m = BYTES.matcher(value);
        if (!m.matches()) {
            throw new ConfigException(expected + Settings.digitsNote(value));
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 0;
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> throw new ConfigException(expected + ": the unit '" + m.group(2)
                    + "' is none of B, KiB, MiB, GiB, TiB (in any case)");
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be at most " + Long.MAX_VALUE + " bytes, but was '" + value + "'", e);
        }
    }

    /** Collects the settings of a {@link MappingConfig}; {@link #build()} checks them. */
    public static final class Builder {
        private String name = "";
        private Mode mode = Mode.READ_ONLY;
        private long size;
        private Arena arena = Arena.SHARED;
        private boolean forceOnClose;

        private Builder() {
        }

        /**
         * @param value see {@link MappingConfig#name()}
         * @return this builder
         */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /**
         * @param value see {@link MappingConfig#mode()}
         * @return this builder
         */
        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        /**
         * @param value see {@link MappingConfig#size()}
         * @return this builder
         */
        public Builder size(long value) {
            size = value;
            return this;
        }

        /**
         * @param value see {@link MappingConfig#arena()}
         * @return this builder
         */
        public Builder arena(Arena value) {
            arena = value;
            return this;
        }

        /**
         * @param value see {@link MappingConfig#forceOnClose()}
         * @return this builder
         */
        public Builder forceOnClose(boolean value) {
            forceOnClose = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException when a setting is out of range
         */
        public MappingConfig build() {
            return new MappingConfig(name, mode, size, arena, forceOnClose);
        }
    }
}
