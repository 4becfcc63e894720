package org.patinox.memory.benchmarks;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappedSlice;
import org.patinox.memory.mapping.MappingConfig;

/**
 * Reads of a memory-mapped file in the page cache, side by side: a typed {@link MappedSlice} of
 * {@code long}s, of a record (each record's three components summed) and of one component of
 * every record ({@link MappedSlice#component}), against hand-written {@link MemorySegment} code over the same
 * file mapped by {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}, against {@link
 * FileChannel} reads into a direct {@link ByteBuffer}; and a bulk {@link MemorySegment#copy} of the
 * same bytes, the machine's limit in the same run. One operation is a whole pass (sequential) or
 * {@value #RANDOM_READS} reads at random indexes (random); GB/s is the size over the time of a pass.
 *
 * <p>The files ({@code patinox-bench-map-<size>.bin} in {@code java.io.tmpdir}, or in the folder
 * the system property {@code patinox.bench.dir} names) are written once and reused by later forks;
 * each trial reads its file once before measuring, so that it is in the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class MappedReadBenchmark {

    static final int RANDOM_READS = 1 << 16;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long COPY_CHUNK = 64L << 20;

    /** A record of 24 bytes: id@0, price@8, quantity@16, 4 bytes of padding. */
    public record Row(long id, double price, int quantity) {
    }

    /** The file's size: 1MiB, 64MiB, 1GiB or 4GiB. */
    @Param({"1MiB", "64MiB", "1GiB", "4GiB"})
    public String size;

    private MemoryUtilities memory;
    private MappedFile file;
    private MappedSlice<Long> typedLongs;
    private MappedSlice<Row> typedRows;
    private MappedSlice<Double> typedPrices;
    private Arena arena;
    private MemorySegment segment;
    private FileChannel channel;
    private ByteBuffer buffer;
    private MemorySegment copyTarget;
    private long[] randomIndexes;
    private long[] randomRows;
    private long longs;
    private long rows;

    static long bytes(String size) {
        long n = Long.parseLong(size.replaceAll("[^0-9]", ""));
        return size.endsWith("GiB") ? n << 30 : size.endsWith("MiB") ? n << 20 : n;
    }

    static Path file(String size) {
        return Path.of(System.getProperty("patinox.bench.dir", System.getProperty("java.io.tmpdir")),
                "patinox-bench-map-" + size + ".bin");
    }

    @Setup(Level.Trial)
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial; close() closes it
    public void open() throws IOException {
        long bytes = bytes(size);
        Path path = file(size);
        memory = MemoryUtilities.open();
        if (!Files.exists(path) || Files.size(path) != bytes) {
            Files.deleteIfExists(path);
            try (MappedFile f = memory.map(path, MappingConfig.create(bytes))) {
                MappedSlice<Long> s = f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
                long[] chunk = new long[1 << 16];
                for (long from = 0; from < s.length(); from += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = from + i;
                    }
                    s.copyFrom(chunk, 0, from, (int) Math.min(chunk.length, s.length() - from));
                }
            }
        }
        file = memory.map(path, MappingConfig.readOnly());
        typedLongs = file.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
        MappableType<Row> rowType = MappableType.record(Row.class, ByteOrder.LITTLE_ENDIAN);
        rows = bytes / rowType.byteSize();
        typedRows = file.slice(rowType, 0, rows);
        typedPrices = typedRows.component("price", Double.class);
        longs = typedLongs.length();
        arena = Arena.ofShared();
        channel = FileChannel.open(path, StandardOpenOption.READ);
        segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
        buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        copyTarget = arena.allocate(Math.min(COPY_CHUNK, bytes), 64);
        SplittableRandom random = new SplittableRandom(42);
        randomIndexes = new long[RANDOM_READS];
        for (int i = 0; i < RANDOM_READS; i++) {
            randomIndexes[i] = random.nextLong(longs);
        }
        randomRows = new long[RANDOM_READS];
        for (int i = 0; i < RANDOM_READS; i++) {
            randomRows[i] = random.nextLong(rows);
        }
        handSequentialLongs(); // into the page cache
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        file.close();
        memory.close();
        arena.close();
        channel.close();
    }

    /** The typed slice, {@code get(i)} over every long. */
    @Benchmark
    public long typedSequentialLongs() {
        MappedSlice<Long> s = typedLongs;
        long sum = 0;
        for (long i = 0; i < longs; i++) {
            sum += s.get(i);
        }
        return sum;
    }

    /** Hand-written: {@code segment.get(JAVA_LONG, i * 8)} over every long. */
    @Benchmark
    public long handSequentialLongs() {
        MemorySegment m = segment;
        long sum = 0;
        for (long i = 0; i < longs; i++) {
            sum += m.get(LONG, i * 8);
        }
        return sum;
    }

    /** FileChannel reads of 1 MiB into a direct buffer, then every long of it. */
    @Benchmark
    public long channelSequentialLongs() throws IOException {
        long sum = 0;
        long position = 0;
        ByteBuffer b = buffer;
        while (true) {
            b.clear();
            int read = channel.read(b, position);
            if (read <= 0) {
                return sum;
            }
            position += read;
            b.flip();
            while (b.remaining() >= 8) {
                sum += b.getLong();
            }
        }
    }

    /** The typed slice at random indexes. */
    @Benchmark
    public long typedRandomLongs() {
        MappedSlice<Long> s = typedLongs;
        long[] indexes = randomIndexes;
        long sum = 0;
        for (long index : indexes) {
            sum += s.get(index);
        }
        return sum;
    }

    /** Hand-written, at the same random indexes. */
    @Benchmark
    public long handRandomLongs() {
        MemorySegment m = segment;
        long[] indexes = randomIndexes;
        long sum = 0;
        for (long index : indexes) {
            sum += m.get(LONG, index * 8);
        }
        return sum;
    }

    /** FileChannel positional reads of 8 bytes, at the same random indexes. */
    @Benchmark
    public long channelRandomLongs() throws IOException {
        ByteBuffer b = buffer;
        long sum = 0;
        for (long index : randomIndexes) {
            b.clear().limit(8);
            channel.read(b, index * 8);
            sum += b.getLong(0);
        }
        return sum;
    }

    /** The typed slice of records, {@code get(i)} over every row, each record's three components summed. */
    @Benchmark
    public long typedSequentialRows() {
        MappedSlice<Row> s = typedRows;
        long sum = 0;
        for (long i = 0; i < rows; i++) {
            Row r = s.get(i);
            sum += r.id() + r.quantity() + (long) r.price();
        }
        return sum;
    }

    /** Hand-written: every row's three fields read where the record's layout puts them, the same sum. */
    @Benchmark
    public long handSequentialRows() {
        MemorySegment m = segment;
        long sum = 0;
        for (long i = 0; i < rows; i++) {
            long at = i * 24;
            sum += m.get(LONG, at) + m.get(INT, at + 16) + (long) m.get(DOUBLE, at + 8);
        }
        return sum;
    }

    /** FileChannel reads of 1 MiB (a whole number of rows) into a direct buffer, then every row's three fields. */
    @Benchmark
    public long channelSequentialRows() throws IOException {
        long sum = 0;
        long position = 0;
        ByteBuffer b = buffer;
        int chunk = b.capacity() / 24 * 24;
        while (true) {
            b.clear().limit(chunk);
            int read = channel.read(b, position);
            if (read <= 0) {
                return sum;
            }
            position += read;
            b.flip();
            while (b.remaining() >= 24) {
                int at = b.position();
                sum += b.getLong(at) + b.getInt(at + 16) + (long) b.getDouble(at + 8);
                b.position(at + 24);
            }
        }
    }

    /** The typed slice of records at random rows, each record's three components summed. */
    @Benchmark
    public long typedRandomRows() {
        MappedSlice<Row> s = typedRows;
        long sum = 0;
        for (long index : randomRows) {
            Row r = s.get(index);
            sum += r.id() + r.quantity() + (long) r.price();
        }
        return sum;
    }

    /** Hand-written, at the same random rows. */
    @Benchmark
    public long handRandomRows() {
        MemorySegment m = segment;
        long sum = 0;
        for (long index : randomRows) {
            long at = index * 24;
            sum += m.get(LONG, at) + m.get(INT, at + 16) + (long) m.get(DOUBLE, at + 8);
        }
        return sum;
    }

    /** FileChannel positional reads of one row, at the same random rows. */
    @Benchmark
    public long channelRandomRows() throws IOException {
        ByteBuffer b = buffer;
        long sum = 0;
        for (long index : randomRows) {
            b.clear().limit(24);
            channel.read(b, index * 24);
            sum += b.getLong(0) + b.getInt(16) + (long) b.getDouble(8);
        }
        return sum;
    }

    /** One column: the typed view of the {@code price} component of every row. */
    @Benchmark
    public double typedSequentialColumn() {
        MappedSlice<Double> s = typedPrices;
        double sum = 0;
        for (long i = 0; i < rows; i++) {
            sum += s.get(i);
        }
        return sum;
    }

    /** Hand-written: the price of every row, read where the record's layout puts it. */
    @Benchmark
    public double handSequentialColumn() {
        MemorySegment m = segment;
        double sum = 0;
        for (long i = 0; i < rows; i++) {
            sum += m.get(DOUBLE, i * 24 + 8);
        }
        return sum;
    }

    /** The machine's limit: a bulk copy of every byte, in chunks of up to 64 MiB, to one buffer. */
    @Benchmark
    public long bulkCopy() {
        long total = segment.byteSize();
        long chunk = copyTarget.byteSize();
        for (long from = 0; from < total; from += chunk) {
            MemorySegment.copy(segment, from, copyTarget, 0, Math.min(chunk, total - from));
        }
        return copyTarget.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Maps the whole file through {@code MemoryUtilities.map}, reads one long, and unmaps it (shared arena). */
    @Benchmark
    public long mapReadOneUnmapShared() {
        try (MappedFile f = memory.map(file(size), MappingConfig.readOnly())) {
            return f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN)).get(0);
        }
    }

    /** The same in a confined arena. */
    @Benchmark
    public long mapReadOneUnmapConfined() {
        try (MappedFile f = memory.map(file(size), MappingConfig.builder().arena(MappingConfig.Arena.CONFINED).build())) {
            return f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN)).get(0);
        }
    }

    /** Maps the whole file, touches every page (one long per 4 KiB), and unmaps it. */
    @Benchmark
    public long mapTouchAllUnmap() {
        try (MappedFile f = memory.map(file(size), MappingConfig.builder().arena(MappingConfig.Arena.CONFINED).build())) {
            MappedSlice<Long> s = f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
            long sum = 0;
            for (long i = 0; i < s.length(); i += 512) {
                sum += s.get(i);
            }
            return sum;
        }
    }
}
