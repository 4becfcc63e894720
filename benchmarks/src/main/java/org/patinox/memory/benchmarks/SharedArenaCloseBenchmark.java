package org.patinox.memory.benchmarks;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * What closing a shared arena costs: the JVM stops every thread at a handshake to make sure none is
 * in the middle of an access to the segments it frees, so the close of a {@link
 * MappingConfig.Arena#SHARED shared} mapping grows with the threads running Java code, while a
 * {@link MappingConfig.Arena#CONFINED confined} one does not. One operation maps a 64 KiB file,
 * reads a long and closes it, while {@code busyThreads} other threads read another mapping in a
 * loop; {@code readerPasses} (a secondary metric, JMH's per-operation count of the readers' passes) shows what the
 * readers lost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SharedArenaCloseBenchmark {

    /** Threads reading another mapping meanwhile. */
    @Param({"0", "1", "4"})
    public int busyThreads;

    /** The arena of the mapping opened and closed. */
    @Param({"shared", "confined"})
    public String arena;

    private MemoryUtilities memory;
    private Path small;
    private Path busy;
    private MappedFile busyFile;
    private MappingConfig config;
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean running;
    private final AtomicLong passes = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
        memory = MemoryUtilities.open();
        small = Files.createTempFile("patinox-bench-close", ".bin");
        busy = Files.createTempFile("patinox-bench-busy", ".bin");
        try (MappedFile f = memory.map(small, MappingConfig.create(64 * 1024))) {
            f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN)).set(0, 1L);
        }
        busyFile = memory.map(busy, MappingConfig.create(1 << 20));
        MappedSlice<Long> slice = busyFile.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
        config = MappingConfig.builder().arena(arena.equals("shared") ? MappingConfig.Arena.SHARED
                : MappingConfig.Arena.CONFINED).build();
        running = true;
        for (int t = 0; t < busyThreads; t++) {
            readers.add(Thread.ofPlatform().daemon(true).start(() -> {
                long sum = 0;
                while (running) {
                    for (long i = 0; i < slice.length(); i++) {
                        sum += slice.get(i);
                    }
                    passes.incrementAndGet();
                }
                if (sum == 42) {
                    System.out.print("");
                }
            }));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
        running = false;
        for (Thread t : readers) {
            t.join();
        }
        busyFile.close();
        memory.close();
        Files.deleteIfExists(small);
        Files.deleteIfExists(busy);
    }

    /** Map, read one long, close. */
    @Benchmark
    public long mapReadClose() {
        try (MappedFile f = memory.map(small, config)) {
            return f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN)).get(0);
        }
    }
}
