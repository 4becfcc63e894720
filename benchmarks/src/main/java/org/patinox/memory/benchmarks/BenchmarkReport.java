package org.patinox.memory.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suites that set this project beside its peers, at a chosen length, and writes one
 * Markdown report: the machine, the JDK, the date, and for each comparison our figure, the peer's
 * from the same run, and how many times faster ours is. Started by {@code benchmarks/report}.
 *
 * <p>Each {@link Suite} names the JMH benchmarks it runs, their thread counts and parameters, and
 * which of its subjects are ours and which are peers: a subject is a parameter's value (the {@code
 * cache} of {@link CacheAccessBenchmark}, the {@code pool} of the pool benchmarks) or a benchmark
 * method (a {@link MappedReadBenchmark} typed read beside its hand-written twin). A row pairs a
 * figure of ours with the peer's measured at the same thread count and with the same other
 * parameters.
 */
public final class BenchmarkReport {

    /**
     * How long each benchmark runs.
     *
     * @param forks JVMs per benchmark
     * @param warmups warm-up iterations
     * @param warmup the length of each
     * @param iterations measured iterations
     * @param iteration the length of each
     */
    record Length(int forks, int warmups, Duration warmup, int iterations, Duration iteration) {

        static final Map<String, Length> NAMED = Map.of(
                "quick", new Length(1, 1, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)),
                "standard", new Length(1, 2, Duration.ofSeconds(2), 3, Duration.ofSeconds(2)),
                "long", new Length(2, 3, Duration.ofSeconds(5), 5, Duration.ofSeconds(5)));

        /** @return the length by name, or an error naming the argument and the names there are */
        static Length named(String name) {
            Length length = NAMED.get(name);
            if (length == null) {
                throw new IllegalArgumentException("length '" + name + "' is not one of " + NAMED.keySet().stream().sorted()
                        .toList());
            }
            return length;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d fork(s), %d warm-up iteration(s) of %d s, %d measured iteration(s) of %d s",
                    forks, warmups, warmup.toSeconds(), iterations, iteration.toSeconds());
        }
    }

    /**
     * Who is compared with whom in a suite.
     *
     * @param ours a subject of ours
     * @param peer the peer it is set beside
     */
    record Pair(String ours, String peer) {
    }

    /**
     * A set of benchmarks run together and the comparisons drawn from them.
     *
     * @param title the section's heading
     * @param include JMH's pattern of the benchmarks to run
     * @param threads the thread counts, one run each
     * @param params the parameters to run with, each to its values; the others keep their defaults
     * @param subjectParam the parameter whose values are the subjects, or {@code null} when the
     *     subjects are the benchmark methods
     * @param pairs the comparisons
     */
    record Suite(String title, String include, List<Integer> threads, Map<String, List<String>> params,
                 String subjectParam, List<Pair> pairs) {
    }

    /** The comparisons of the report, the first ones those users ask about first. */
    static final List<Suite> SUITES = List.of(
            new Suite("Cache: reads, 75/25 reads and writes, writes (Zipf keys)", "CacheAccessBenchmark\\.",
                    List.of(1, 2, 4), Map.of("cache", List.of("patinox-lockfree-w-tinylfu", "patinox-standard-w-tinylfu",
                    "caffeine")), "cache", List.of(new Pair("patinox-lockfree-w-tinylfu", "caffeine"),
                    new Pair("patinox-standard-w-tinylfu", "caffeine"))),
            new Suite("Cache with more threads than cores: 16, 64 and 256 platform threads", "CacheAccessBenchmark\\.",
                    List.of(16, 64, 256), Map.of("cache", List.of("patinox-lockfree-w-tinylfu",
                    "patinox-standard-w-tinylfu", "caffeine")), "cache", List.of(new Pair("patinox-lockfree-w-tinylfu",
                    "caffeine"), new Pair("patinox-standard-w-tinylfu", "caffeine"))),
            new Suite("Cache from 10,000 virtual threads", "CacheVirtualThreadBenchmark\\.", List.of(1), Map.of(), "cache",
                    List.of(new Pair("patinox-lockfree-w-tinylfu", "caffeine"),
                            new Pair("patinox-standard-w-tinylfu", "caffeine"))),
            new Suite("Cache as it grows: 10 thousand, 1 million and 10 million entries", "CacheGrowthBenchmark\\.",
                    List.of(1), Map.of(), "cache", List.of(new Pair("patinox-lockfree-w-tinylfu", "caffeine"),
                    new Pair("patinox-standard-w-tinylfu", "caffeine"))),
            new Suite("JDBC pool: borrow and return a connection (pool of 8)", "ConnectionCycleBenchmark\\.",
                    List.of(1, 4, 16, 64, 256), Map.of("size", List.of("8")), "pool",
                    List.of(new Pair("patinox-lockfree", "hikari"), new Pair("patinox-standard", "hikari"))),
            new Suite("Generic pool: claim and release an object (pool of 8)", "GenericPoolCycleBenchmark\\.",
                    List.of(1, 2, 4, 8, 16, 64, 256), Map.of("size", List.of("8")), "pool",
                    List.of(new Pair("patinox-lockfree", "stormpot"), new Pair("patinox-standard", "stormpot"),
                            new Pair("patinox-lockfree", "commons-pool"), new Pair("patinox-standard", "commons-pool"))),
            new Suite("JDBC pool: 10,000 virtual threads on a pool of 8", "VirtualThreadCycleBenchmark\\.",
                    List.of(1), Map.of("size", List.of("8")), "pool",
                    List.of(new Pair("patinox-lockfree", "hikari"), new Pair("patinox-standard", "hikari"))),
            new Suite("Resource tracking: register and close, beside java.lang.ref.Cleaner and Netty's leak detector",
                    "ResourceRegistryBenchmark\\.(registry_registerAndClose|cleaner_registerAndClean|netty_trackAndClose)",
                    List.of(1, 2), Map.of("level", List.of("DISABLED", "SAMPLED"), "nettyLevel", List.of("SIMPLE")), null,
                    List.of(new Pair("registry_registerAndClose", "cleaner_registerAndClean"),
                            new Pair("registry_registerAndClose", "netty_trackAndClose"))),
            new Suite("Shared data: a read, beside a bare AtomicReference", "SharedDataBenchmark\\.", List.of(1, 2),
                    Map.of(), null, List.of(new Pair("sharedData", "atomicReference"))),
            new Suite("Shared state: reads with 0% and 1% writes, beside the JDK's locks", "SharedStateBenchmark\\.",
                    List.of(1, 4), Map.of("subject", List.of("patinox-lockfree", "patinox-standard", "reentrant-rw-lock",
                    "stamped-lock")), "subject",
                    List.of(new Pair("patinox-lockfree", "reentrant-rw-lock"), new Pair("patinox-lockfree", "stamped-lock"),
                            new Pair("patinox-standard", "reentrant-rw-lock"), new Pair("patinox-standard", "stamped-lock"))),
            new Suite("Shared map: gets and puts, beside ConcurrentHashMap", "SharedMapBenchmark\\.", List.of(1, 2),
                    Map.of(), "subject", List.of(new Pair("patinox-lockfree", "concurrent-hash-map"),
                    new Pair("patinox-standard", "concurrent-hash-map"))),
            new Suite("Mapped files: typed reads, beside hand-written MemorySegment code", "MappedReadBenchmark\\."
                    + "(typed|hand)(SequentialLongs|RandomLongs|SequentialRows|RandomRows|SequentialColumn)$", List.of(1),
                    Map.of("size", List.of("1MiB", "64MiB")), null,
                    List.of(new Pair("typedSequentialLongs", "handSequentialLongs"),
                            new Pair("typedRandomLongs", "handRandomLongs"),
                            new Pair("typedSequentialRows", "handSequentialRows"),
                            new Pair("typedRandomRows", "handRandomRows"),
                            new Pair("typedSequentialColumn", "handSequentialColumn"))));

    /**
     * The Redis plugin's comparisons, run only when {@code PATINOX_REDIS_URL} names a server (as
     * {@code .ci/redis.sh run benchmarks/report quick} does): the tier's local hit beside a plain
     * local cache, its miss beside a direct {@code GET}, and pooled round trips beside Jedis's own.
     */
    static final List<Suite> REDIS_SUITES = List.of(
            new Suite("Redis two-level cache: a local hit, beside the same local cache alone", "RedisTierBenchmark\\.hit$",
                    List.of(1), Map.of("subject", List.of("tier", "local")), "subject", List.of(new Pair("tier", "local"))),
            new Suite("Redis two-level cache: a miss read from Redis, beside a direct GET", "RedisTierBenchmark\\.miss$",
                    List.of(1), Map.of("subject", List.of("tier", "jedis")), "subject", List.of(new Pair("tier", "jedis"))),
            new Suite("Redis: a PING on a pooled connection, beside Jedis's own client", "RedisTierBenchmark\\.ping$",
                    List.of(1, 4), Map.of("subject", List.of("patinox", "jedis-client")), "subject",
                    List.of(new Pair("patinox", "jedis-client"))));

    private BenchmarkReport() {
    }

    /**
     * @param args the length ({@code quick}, {@code standard} or {@code long}), the report's path,
     *     and optionally a regular expression that keeps only the suites whose title it finds
     * @throws RunnerException when a benchmark fails
     * @throws IOException when the report cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: BenchmarkReport quick|standard|long <report.md> [<suite title pattern>]");
            System.exit(2);
            return;
        }
        Length length;
        try {
            length = Length.named(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path report = Path.of(args[1]);
        java.util.regex.Pattern only = java.util.regex.Pattern.compile(args.length == 3 ? args[2] : "");
        Instant started = Instant.now();
        Map<Suite, List<RunResult>> results = new LinkedHashMap<>();
        List<Suite> suites = new ArrayList<>(SUITES);
        boolean redis = System.getenv("PATINOX_REDIS_URL") != null && !System.getenv("PATINOX_REDIS_URL").isBlank();
        if (redis) {
            suites.addAll(REDIS_SUITES);
        }
        for (Suite suite : suites) {
            if (!only.matcher(suite.title()).find()) {
                continue;
            }
            List<RunResult> runs = new ArrayList<>();
            for (int threads : suite.threads()) {
                runs.addAll(new Runner(options(suite, length, threads).build()).run());
            }
            results.put(suite, runs);
            // Written after each suite, so that a run cut short keeps what it measured.
            Files.writeString(report, render(results, length, started, Instant.now(),
                    args[0] + (args.length == 3 ? " '" + args[2] + "'" : ""))
                    + (redis ? "" : "The Redis suites did not run: no `PATINOX_REDIS_URL` (run the report through"
                    + " `.ci/redis.sh run`).\n"));
        }
        System.out.println("Report: " + report.toAbsolutePath());
    }

    private static ChainedOptionsBuilder options(Suite suite, Length length, int threads) {
        ChainedOptionsBuilder options = new OptionsBuilder().include(suite.include()).threads(threads)
                .forks(length.forks()).warmupIterations(length.warmups())
                .warmupTime(TimeValue.milliseconds(length.warmup().toMillis())).measurementIterations(length.iterations())
                .measurementTime(TimeValue.milliseconds(length.iteration().toMillis()));
        suite.params().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return options;
    }

    /**
     * @param results each suite's runs
     * @param length how long each benchmark ran
     * @param started when the run began
     * @param ended when the last suite ended
     * @param command the arguments of {@code benchmarks/report} the report was made with
     * @return the report
     */
    static String render(Map<Suite, List<RunResult>> results, Length length, Instant started, Instant ended,
                         String command) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmark results\n\n");
        b.append("Made by `benchmarks/report ").append(command).append("`: every figure beside"
                + " the peer's from the same run on the same machine. \"Ours / peer\" is how many times faster ours is"
                + " (throughput divided by the peer's, or the peer's time divided by ours): above 1, ours is faster."
                + " JMH's error is the 99.9% confidence interval of the iterations; with the `quick` length it is wide,"
                + " and a ratio near 1 is a tie.\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| date | ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" to ")
                .append(ended.truncatedTo(ChronoUnit.SECONDS)).append(" |\n");
        b.append("| machine | ").append(machine()).append(" |\n");
        b.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"))
                .append(" |\n");
        b.append("| length | ").append(length).append(" |\n\n");
        results.forEach((suite, runs) -> b.append("## ").append(suite.title()).append("\n\n").append(comparison(suite, runs))
                .append('\n'));
        return b.toString();
    }

    /** @return the processor, cores, memory and system of this machine */
    static String machine() {
        String cpu = "";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse("") + ", ";
        } catch (IOException | RuntimeException e) {
            // Not Linux: the processor's name is left out.
        }
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
        return String.format(Locale.ROOT, "%s%d processors, %.0f GiB, %s %s %s", cpu, Runtime.getRuntime().availableProcessors(),
                memory / (double) (1L << 30), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }

    /**
     * @param suite the suite
     * @param runs its results
     * @return one table row per pair, benchmark, other parameters and thread count
     */
    static String comparison(Suite suite, List<RunResult> runs) {
        List<String> rows = new ArrayList<>();
        rows.add("| benchmark | parameters | threads | ours | score | peer | score | unit | ours / peer |");
        rows.add("|---|---|---:|---|---:|---|---:|---|---:|");
        for (Pair pair : suite.pairs()) {
            for (RunResult our : runs) {
                if (!subject(suite, our.getParams()).equals(pair.ours())) {
                    continue;
                }
                Optional<RunResult> peer = runs.stream().filter(r -> subject(suite, r.getParams()).equals(pair.peer())
                        && comparable(suite, our.getParams(), r.getParams())).findFirst();
                if (peer.isEmpty()) {
                    continue;
                }
                BenchmarkParams p = our.getParams();
                Result<?> a = our.getPrimaryResult();
                Result<?> b = peer.get().getPrimaryResult();
                rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %.2f |", benchmark(suite, p),
                        others(suite, p, peer.get().getParams()), p.getThreads(), pair.ours(), score(a), pair.peer(), score(b),
                        a.getScoreUnit(), speedRatio(p.getMode(), a.getScore(), b.getScore())));
            }
        }
        return String.join("\n", rows) + "\n";
    }

    /**
     * @param mode how the benchmark measured
     * @param ours our score
     * @param peer the peer's score, in the same unit
     * @return how many times faster ours is
     */
    static double speedRatio(Mode mode, double ours, double peer) {
        return mode == Mode.Throughput ? ours / peer : peer / ours;
    }

    /** @return the run's subject: the value of the suite's subject parameter, else the method */
    private static String subject(Suite suite, BenchmarkParams p) {
        return suite.subjectParam() == null ? method(p) : p.getParam(suite.subjectParam());
    }

    /**
     * @return whether the runs can be set side by side: the same thread count, the same method when
     *     the subjects are parameter values, and the same value for every other parameter both have
     */
    private static boolean comparable(Suite suite, BenchmarkParams a, BenchmarkParams b) {
        if (a.getThreads() != b.getThreads()) {
            return false;
        }
        if (suite.subjectParam() != null && !method(a).equals(method(b))) {
            return false;
        }
        for (String key : a.getParamsKeys()) {
            if (!key.equals(suite.subjectParam()) && b.getParamsKeys().contains(key)
                    && !a.getParam(key).equals(b.getParam(key))) {
                return false;
            }
        }
        return true;
    }

    /** @return the class, and the method when the subjects are parameter values */
    private static String benchmark(Suite suite, BenchmarkParams p) {
        String name = p.getBenchmark();
        String className = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1, name.lastIndexOf('.'));
        return suite.subjectParam() == null ? className : className + "." + method(p);
    }

    private static String method(BenchmarkParams p) {
        return p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
    }

    /** @return the parameters of either run but the subject, {@code key=value}, sorted */
    private static String others(Suite suite, BenchmarkParams ours, BenchmarkParams peer) {
        Map<String, String> all = new java.util.TreeMap<>();
        for (BenchmarkParams p : List.of(ours, peer)) {
            p.getParamsKeys().stream().filter(k -> !k.equals(suite.subjectParam())).forEach(k -> all.put(k, p.getParam(k)));
        }
        return all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String score(Result<?> r) {
        return Double.isNaN(r.getScoreError()) ? String.format(Locale.ROOT, "%.3f", r.getScore())
                : String.format(Locale.ROOT, "%.3f ± %.3f", r.getScore(), r.getScoreError());
    }
}
