package org.patinox.memory.tck;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * A block-access trace from published cache research, read into memory: the sequence of keys a
 * demand-filled cache is asked for. Immutable.
 *
 * <p>Two formats are read, gzipped or not (told apart by the gzip magic number), by the file name
 * less its {@code .gz}:
 * <ul>
 *   <li>{@code *.trace} (the LIRS traces): one integer block id per line; a line holding only
 *       {@code *}, and a blank line, are skipped.
 *   <li>{@code *.lis} (the ARC traces): lines {@code start count ignored request-number}, each
 *       standing for {@code count} requests, for the blocks {@code start}, {@code start+1}, ...
 *       {@code start+count-1} in that order.
 * </ul>
 *
 * <p>The LIRS traces {@value #BUNDLED_NAMES} are bundled with the TCK as they are distributed with
 * the Caffeine simulator, so that tests run where no trace directory exists; {@link #load(String)}
 * takes either such a name or a path.
 */
public final class Trace {

    /** The traces bundled as resources of this module, by the names {@link #bundled} takes. */
    public static final String BUNDLED_NAMES = "gli, multi1, multi2, multi3, sprite, loop, 2_pools";

    private static final List<String> BUNDLED = List.of(BUNDLED_NAMES.split(", "));

    private final String name;
    private final long[] keys;
    /** Each request's key as a dense number, 0 for the first key seen, 1 for the next new one ... */
    private final int[] ids;
    /** The key of each dense number, boxed once, so that a replay allocates no key. */
    private final Long[] boxedKeys;

    private Trace(String name, long[] keys) {
        this.name = name;
        this.keys = keys;
        this.ids = new int[keys.length];
        Map<Long, Integer> idOf = new HashMap<>();
        Long[] boxed = new Long[16];
        for (int i = 0; i < keys.length; i++) {
            Long key = keys[i];
            Integer id = idOf.get(key);
            if (id == null) {
                id = idOf.size();
                idOf.put(key, id);
                if (id == boxed.length) {
                    boxed = Arrays.copyOf(boxed, boxed.length * 2);
                }
                boxed[id] = key;
            }
            ids[i] = id;
        }
        this.boxedKeys = Arrays.copyOf(boxed, idOf.size());
    }

    /**
     * @param name what to call the trace in tables
     * @param keys the requests, in order; copied
     * @return a trace of those requests
     */
    public static Trace of(String name, long... keys) {
        return new Trace(Objects.requireNonNull(name, "name"), keys.clone());
    }

    /**
     * @param nameOrPath the name of a bundled trace ({@value #BUNDLED_NAMES}), or the path of a
     *     trace file
     * @return the trace
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the name is neither a bundled trace nor an existing
     *     file, or the file is not in a known format
     */
    public static Trace load(String nameOrPath) throws IOException {
        if (BUNDLED.contains(nameOrPath)) {
            return bundled(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("trace '" + nameOrPath + "': neither a bundled trace (" + BUNDLED_NAMES
                    + ") nor a file");
        }
        return read(path);
    }

    /**
     * @param name one of {@value #BUNDLED_NAMES}
     * @return the bundled trace of that name
     * @throws IllegalArgumentException when no trace of that name is bundled
     */
    public static Trace bundled(String name) {
        if (!BUNDLED.contains(name)) {
            throw new IllegalArgumentException("no bundled trace '" + name + "'; bundled: " + BUNDLED_NAMES);
        }
        String resource = "traces/" + name + ".trace.gz";
        try (InputStream in = Trace.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled trace " + resource + " is missing from the TCK");
            }
            return new Trace(name, parse(name + ".trace.gz", in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled trace " + resource, e);
        }
    }

    /**
     * @param path a {@code .trace} or {@code .lis} file, gzipped or not
     * @return its trace, named after the file less its extensions
     * @throws IOException when the file cannot be read, or its gzip is corrupt or cut short, naming it
     * @throws IllegalArgumentException when the file name is neither {@code .trace} nor {@code .lis},
     *     or a line does not parse
     */
    public static Trace read(Path path) throws IOException {
        String file = path.getFileName().toString();
        try (InputStream in = Files.newInputStream(path)) {
            return new Trace(baseName(file), parse(file, in));
        }
    }

    private static String baseName(String file) {
        String base = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static long[] parse(String file, InputStream raw) throws IOException {
        try {
            return keys(file, raw);
        } catch (IOException e) {
            // A corrupt or truncated gzip tells only what inflating met ("Unexpected end of ZLIB input stream").
            throw new IOException("trace file '" + file + "' cannot be read: " + e, e);
        }
    }

    private static long[] keys(String file, InputStream raw) throws IOException {
        String format = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        boolean lis;
        if (format.endsWith(".trace")) {
            lis = false;
        } else if (format.endsWith(".lis")) {
            lis = true;
        } else {
            throw new IllegalArgumentException("trace file '" + file + "': unknown format; expected *.trace or *.lis,"
                    + " optionally gzipped (.gz)");
        }
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        InputStream text = gzip ? new GZIPInputStream(in, 1 << 16) : in;
        BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.US_ASCII), 1 << 16);
        long[] keys = new long[1 << 16];
        int n = 0;
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String s = line.strip();
            if (s.isEmpty() || s.equals("*")) {
                continue;
            }
            try {
                if (lis) {
                    String[] fields = s.split("\\s+");
                    if (fields.length < 2) {
                        throw new IllegalArgumentException("expected 'start count ignored request-number'");
                    }
                    long start = Long.parseLong(fields[0]);
                    long count = Long.parseLong(fields[1]);
                    if (count < 0 || n + count > Integer.MAX_VALUE - 8) {
                        throw new IllegalArgumentException("count " + count + " out of range");
                    }
                    // start + count may overflow, which read every block of the line as none.
                    if (count > 0 && start > Long.MAX_VALUE - (count - 1)) {
                        throw new IllegalArgumentException(count + " blocks from " + start + " run past the largest key, "
                                + Long.MAX_VALUE);
                    }
                    for (long i = 0; i < count; i++) {
                        if (n == keys.length) {
                            keys = Arrays.copyOf(keys, keys.length * 2);
                        }
                        keys[n++] = start + i;
                    }
                } else {
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, keys.length * 2);
                    }
                    keys[n++] = Long.parseLong(s);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trace file '" + file + "', line " + lineNumber + " ('" + line
                        + "'): " + e.getMessage(), e);
            }
        }
        return Arrays.copyOf(keys, n);
    }

    /** @return the trace's name, such as {@code gli} */
    public String name() {
        return name;
    }

    /** @return the number of requests */
    public int requests() {
        return keys.length;
    }

    /** @return the number of distinct keys requested */
    public int distinctKeys() {
        return boxedKeys.length;
    }

    /** @param i a request's index, from 0 @return the key it asks for */
    public long key(int i) {
        return keys[i];
    }

    /** @return the keys requested, in order; a copy */
    public long[] keys() {
        return keys.clone();
    }

    /** @return each request's key as a dense number from 0; not copied, do not modify */
    int[] ids() {
        return ids;
    }

    /** @param id a dense number of {@link #ids()} @return its key, boxed once for every replay */
    Long boxedKey(int id) {
        return boxedKeys[id];
    }

    @Override
    public String toString() {
        return name + " (" + keys.length + " requests, " + boxedKeys.length + " distinct keys)";
    }
}
