package org.patinox.memory.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The borrow-and-return cycle of {@link GenericPoolCycleBenchmark}, counted against the wall clock
 * rather than by JMH, with how the cycles were shared among the threads.
 *
 * <p>Why beside JMH: JMH's throughput with many threads is the sum of each thread's own rate over
 * its own measured window, and a thread's window starts only when it first gets past its blocked
 * call. A pool that lets most threads sleep through an iteration and serves a few in bursts then
 * scores far above what the processors did (on 2 processors, Stormpot's 256-thread figure is about
 * 20 times its 1-thread figure). Here all threads start together, the clock runs from that start to
 * the stop, and the figure is total cycles over elapsed time; the per-thread counts show who was
 * served (a minimum of zero is a thread that never got an object in the whole run), and the
 * voluntary context switches the threads went through per thousand cycles: what a pool's parks and
 * yields cost, and what load from other processes changes least.
 *
 * <p>Run from the benchmarks jar, with the pools, thread counts, pool size and seconds per run. A
 * thread count written {@code v10000} is of virtual threads (their switches are not counted: a
 * virtual thread that parks unmounts rather than switches).
 * Several pools in one JVM make the cycle's call megamorphic for all but the first, so compare
 * pools with one JVM each, as JMH's forks do:
 * <pre>{@code
 * for p in patinox-lockfree patinox-standard stormpot; do
 *   java -cp benchmarks/target/benchmarks.jar org.patinox.memory.benchmarks.WallClockCycle $p 1,16,64,256 8 2
 * done
 * }</pre>
 */
public final class WallClockCycle {

    private WallClockCycle() {
    }

    /**
     * @param args pools (comma-separated {@link GenericPoolCycleBenchmark#pool} values), thread
     *     counts (comma-separated; {@code v} before a count for virtual threads), pool size, seconds
     *     per measured run
     * @throws Exception when a pool fails to open, to cycle or to close
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: WallClockCycle <pools> <threads> <size> <seconds>, e.g. "
                    + "patinox-lockfree,stormpot 1,16,256 8 2; got " + Arrays.toString(args));
        }
        String[] pools = args[0].split(",");
        String[] threadCounts = args[1].split(",");
        int size = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        System.out.println("| threads | pool | cycles/us (wall) | per thread min | median | max | voluntary switches per 1000 cycles |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (String count : threadCounts) {
            boolean virtual = count.startsWith("v");
            int threads = Integer.parseInt(virtual ? count.substring(1) : count);
            for (String pool : pools) {
                // A first run warms the code up; the second is the one reported.
                run(pool, size, threads, virtual, 1);
                Result r = run(pool, size, threads, virtual, seconds);
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %d | %d | %d | %.3f |%n", count, pool,
                        r.total / (r.nanos / 1000.0), r.perThread[0], r.perThread[r.perThread.length / 2],
                        r.perThread[r.perThread.length - 1], r.switches * 1000.0 / Math.max(1, r.total));
            }
        }
    }

    private record Result(long total, long nanos, long[] perThread, long switches) {
    }

    private static Result run(String pool, int size, int threads, boolean virtual, long seconds) throws Exception {
        GenericPoolCycleBenchmark.Cycle cycle = GenericPoolCycleBenchmark.open(pool, size);
        try {
            long[] counts = new long[threads];
            long[] switches = new long[threads];
            Throwable[] failures = new Throwable[threads];
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            // Plain reads of a volatile flag in the loop: a cycle costs tens of nanoseconds.
            Flag stop = new Flag();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
                Thread thread = builder.start(() -> {
                    long n = 0;
                    try {
                        ready.countDown();
                        go.await();
                        long before = virtual ? 0 : contextSwitches();
                        while (!stop.done) {
                            cycle.cycle();
                            n++;
                        }
                        switches[index] = virtual ? 0 : contextSwitches() - before;
                    } catch (Throwable e) {
                        failures[index] = e;
                    }
                    counts[index] = n;
                });
                all.add(thread);
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            TimeUnit.SECONDS.sleep(seconds);
            stop.done = true;
            long elapsed = System.nanoTime() - start;
            for (Thread thread : all) {
                thread.join();
            }
            for (Throwable failure : failures) {
                if (failure != null) {
                    throw new IllegalStateException(pool + " failed at " + threads + " threads", failure);
                }
            }
            long total = Arrays.stream(counts).sum();
            Arrays.sort(counts);
            return new Result(total, elapsed, counts, Arrays.stream(switches).sum());
        } finally {
            cycle.shutdown();
        }
    }

    /**
     * @return the calling thread's voluntary context switches so far (it parked, or yielded to a
     *     thread waiting for the processor), from Linux's {@code /proc/thread-self/status}; 0 where
     *     that is missing. Preemptions are left out: other processes' load changes them, the pool does not
     */
    private static long contextSwitches() {
        try {
            long sum = 0;
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static final class Flag {
        volatile boolean done;
    }
}
