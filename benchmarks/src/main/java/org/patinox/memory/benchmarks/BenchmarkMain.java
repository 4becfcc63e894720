package org.patinox.memory.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with its usual command line, and writes the results twice: as JMH's JSON and as Markdown
 * tables beside it (same name, {@code .md}). Without {@code -rff}, the JSON goes to
 * {@code jmh-results.json} in the working directory. Two options of its own come before or among
 * JMH's:
 * <ul>
 *   <li>{@code --threads 1,2,4,8} runs the selection once per thread count (JMH's {@code -t} holds
 *       for a whole run) and writes one JSON and one set of tables for all of them. Without it
 *       (and without {@code -t}), a selection that includes a pool benchmark runs at {@link
 *       #POOL_THREADS}: the counts past the processors, where pools differ most, are never left out;
 *   <li>{@code --footprint} runs no benchmark but {@link PoolMemoryFootprint}, {@link
 *       CacheMemoryFootprint}, {@link ResourceMemoryFootprint} and {@link CacheGrowthFootprint},
 *       and writes their tables as {@code footprint-*.md} beside where the
 *       JSON would go.
 * </ul>
 */
public final class BenchmarkMain {

    private static final String THREADS = "--threads";
    private static final String FOOTPRINT = "--footprint";

    /**
     * The thread counts of a run that selects a pool benchmark and gives none: few threads, and
     * many more threads than connections (pools of 8 and 32), where a pool that parks and wakes
     * per cycle collapses.
     */
    static final List<Integer> POOL_THREADS = List.of(1, 2, 4, 8, 16, 64, 256);

    /** The pool benchmarks whose thread count is the point ({@link VirtualThreadCycleBenchmark} has its own). */
    private static final List<Class<?>> POOL_BENCHMARKS = List.of(ConnectionCycleBenchmark.class,
            GenericPoolCycleBenchmark.class, ConnectionLatencyBenchmark.class);

    private BenchmarkMain() {
    }

    /**
     * @param args JMH's command-line options, such as {@code MonitorDispatch -f 1 -rff out.json},
     *     with {@code --threads} or {@code --footprint}
     * @throws CommandLineOptionException for options JMH does not understand
     * @throws org.openjdk.jmh.runner.RunnerException when a benchmark fails
     * @throws IOException when a result file cannot be written
     * @throws Exception when a pool measured for its footprint fails to open or close
     */
    public static void main(String[] args) throws Exception {
        List<String> jmhArgs = new ArrayList<>(Arrays.asList(args));
        boolean footprint = jmhArgs.remove(FOOTPRINT);
        List<Integer> threadCounts = threadCounts(jmhArgs);
        CommandLineOptions command = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        if (command.shouldHelp() || command.shouldList() || command.shouldListProfilers()
                || command.shouldListResultFormats() || command.shouldListWithParams()) {
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
            return;
        }
        Path json = Path.of(command.getResult().orElse("jmh-results.json"));
        if (footprint) {
            String table = PoolMemoryFootprint.measure() + "\n" + CacheMemoryFootprint.measure()
                    + "\n" + ResourceMemoryFootprint.measure() + "\n" + CacheGrowthFootprint.measure();
            Path markdown = sibling(json, "footprint-", ".md");
            Files.writeString(markdown, table);
            System.out.println(table + "\nTable: " + markdown.toAbsolutePath());
            return;
        }
        if (!threadCounts.isEmpty() && command.getThreads().hasValue()) {
            throw new CommandLineOptionException(THREADS + " replaces -t; give one or the other");
        }
        if (threadCounts.isEmpty() && !command.getThreads().hasValue() && selectsPoolBenchmark(command.getIncludes())) {
            threadCounts = POOL_THREADS;
        }
        List<RunResult> results = new ArrayList<>();
        // One run per thread count; an empty list is one run with JMH's own thread setting.
        for (Integer threads : threadCounts.isEmpty() ? Arrays.asList((Integer) null) : threadCounts) {
            OptionsBuilder options = new OptionsBuilder();
            options.parent(command);
            // Each run writes the file, so that a run cut short leaves its last results; the
            // complete file is written once all runs are done.
            options.resultFormat(ResultFormatType.JSON).result(json.toString());
            if (threads != null) {
                options.threads(threads);
            }
            results.addAll(new Runner(options.build()).run());
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(json), false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
        Path markdown = sibling(json, "", ".md");
        Files.writeString(markdown, table(results) + "\n" + comparison(results) + latency(results));
        System.out.println("Results: " + json.toAbsolutePath() + " and " + markdown.toAbsolutePath());
    }

    /** Removes {@code --threads 1,2,4,8} from the arguments. @return the counts, empty if absent */
    private static List<Integer> threadCounts(List<String> args) throws CommandLineOptionException {
        int at = args.indexOf(THREADS);
        if (at < 0) {
            return List.of();
        }
        if (at + 1 >= args.size()) {
            throw new CommandLineOptionException(THREADS + " needs a list of thread counts, such as 1,2,4,8");
        }
        String list = args.remove(at + 1);
        args.remove(at);
        List<Integer> counts = new ArrayList<>();
        for (String count : list.split(",")) {
            try {
                counts.add(Integer.parseInt(count.strip()));
            } catch (NumberFormatException e) {
                throw new CommandLineOptionException(THREADS + " takes thread counts such as 1,2,4,8, but was '" + list + "'", e);
            }
            if (counts.getLast() < 1) {
                throw new CommandLineOptionException(THREADS + " takes counts of 1 or more, but was '" + list + "'");
            }
        }
        return counts;
    }

    /**
     * @param includes JMH's benchmark patterns (regular expressions found in the benchmark's name);
     *     none selects every benchmark
     * @return whether they select a pool benchmark
     */
    static boolean selectsPoolBenchmark(Collection<String> includes) {
        if (includes.isEmpty()) {
            return true;
        }
        for (String include : includes) {
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(include);
            for (Class<?> benchmark : POOL_BENCHMARKS) {
                if (pattern.matcher(benchmark.getName() + ".").find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For sampled benchmarks ({@code Mode.SampleTime}), a table of percentiles: one row per
     * parameters, thread count and pool or cache.
     *
     * @return the table under its heading, or nothing when no run was sampled
     */
    static String latency(Collection<RunResult> results) {
        List<RunResult> sampled = results.stream()
                .filter(r -> r.getParams().getMode() == org.openjdk.jmh.annotations.Mode.SampleTime).toList();
        if (sampled.isEmpty()) {
            return "";
        }
        List<String> rows = new ArrayList<>();
        rows.add("\n### Latency percentiles\n");
        rows.add("| benchmark | parameters | threads | p50 | p99 | p99.9 | p99.99 | max | samples | unit |");
        rows.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (RunResult run : grouped(sampled, p -> name(p) + " " + params(p, subject(p)))) {
            BenchmarkParams p = run.getParams();
            Result<?> r = run.getPrimaryResult();
            org.openjdk.jmh.util.Statistics s = r.getStatistics();
            rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %s |", name(p),
                    params(p, null), p.getThreads(), s.getPercentile(50), s.getPercentile(99), s.getPercentile(99.9),
                    s.getPercentile(99.99), s.getMax(), s.getN(), r.getScoreUnit()));
        }
        return String.join("\n", rows) + "\n";
    }

    private static Path sibling(Path json, String prefix, String extension) {
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        return json.resolveSibling(prefix.isEmpty() ? stem + extension : stem.replaceFirst("^jmh-", prefix) + extension);
    }

    /**
     * @return one row per benchmark, parameter set and thread count; the thread counts of one
     *     benchmark and parameter set follow each other, in increasing order
     */
    static String table(Collection<RunResult> results) {
        List<RunResult> ordered = grouped(results, p -> name(p) + " " + params(p, null));
        List<String> rows = new ArrayList<>();
        rows.add("| benchmark | parameters | threads | mode | score | error | unit |");
        rows.add("|---|---|---:|---|---:|---:|---|");
        for (RunResult run : ordered) {
            BenchmarkParams p = run.getParams();
            Result<?> r = run.getPrimaryResult();
            rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.3f | %s | %s |", name(p), params(p, null),
                    p.getThreads(), p.getMode().shortLabel(), r.getScore(), error(r), r.getScoreUnit()));
        }
        return String.join("\n", rows) + "\n";
    }

    /** The parameters that name what a benchmark compares: a pool, or a cache. */
    private static final List<String> SUBJECTS = List.of("pool", "cache");

    /**
     * For each benchmark with a {@code pool} or {@code cache} parameter, a table with one row per
     * other parameters and thread count, one column per pool or cache, then the ratio of each of
     * this project's (a {@code patinox-} value) to each peer. For throughput, a ratio above 1 means
     * ours is faster.
     *
     * @return the tables, or nothing when no benchmark has such a parameter
     */
    static String comparison(Collection<RunResult> results) {
        Map<String, List<RunResult>> byBenchmark = results.stream()
                .filter(r -> subject(r.getParams()) != null)
                .collect(Collectors.groupingBy(r -> name(r.getParams()), LinkedHashMap::new, Collectors.toList()));
        List<String> tables = new ArrayList<>();
        byBenchmark.forEach((benchmark, runs) -> tables.add("### " + benchmark + "\n\n"
                + comparisonOf(runs, subject(runs.getFirst().getParams()))));
        return String.join("\n", tables);
    }

    /** @return the benchmark's parameter that names what it compares, or {@code null} */
    private static String subject(BenchmarkParams p) {
        return SUBJECTS.stream().filter(s -> p.getParam(s) != null).findFirst().orElse(null);
    }

    private static String comparisonOf(List<RunResult> runs, String subject) {
        Set<String> pools = new LinkedHashSet<>();
        Map<String, Map<String, Result<?>>> rows = new LinkedHashMap<>();
        for (RunResult run : grouped(runs, p -> params(p, subject))) {
            BenchmarkParams p = run.getParams();
            pools.add(p.getParam(subject));
            String row = String.format(Locale.ROOT, "| %s | %d | %s |", params(p, subject), p.getThreads(),
                    run.getPrimaryResult().getScoreUnit());
            rows.computeIfAbsent(row, k -> new HashMap<>()).put(p.getParam(subject), run.getPrimaryResult());
        }
        List<String> ours = pools.stream().filter(s -> s.startsWith(PoolSettings.PATINOX)).toList();
        List<String> peers = pools.stream().filter(s -> !s.startsWith(PoolSettings.PATINOX)).toList();
        StringBuilder header = new StringBuilder("| parameters | threads | unit |");
        StringBuilder rule = new StringBuilder("|---|---:|---|");
        for (String pool : pools) {
            header.append(' ').append(pool).append(" |");
            rule.append("---:|");
        }
        for (String our : ours) {
            for (String peer : peers) {
                // Short of its prefix, unless that would read as a peer's name (patinox-caffeine).
                String label = our.substring(PoolSettings.PATINOX.length());
                header.append(' ').append(peers.contains(label) ? our : label).append(" / ").append(peer).append(" |");
                rule.append("---:|");
            }
        }
        List<String> lines = new ArrayList<>(List.of(header.toString(), rule.toString()));
        rows.forEach((row, scores) -> {
            StringBuilder line = new StringBuilder(row);
            for (String pool : pools) {
                Result<?> r = scores.get(pool);
                line.append(r == null ? " |" : String.format(Locale.ROOT, " %.3f %s", r.getScore(), error(r)).stripTrailing() + " |");
            }
            for (String our : ours) {
                for (String peer : peers) {
                    Result<?> a = scores.get(our);
                    Result<?> b = scores.get(peer);
                    line.append(a == null || b == null ? " |" : String.format(Locale.ROOT, " %.2f |", a.getScore() / b.getScore()));
                }
            }
            lines.add(line.toString());
        });
        return String.join("\n", lines) + "\n";
    }

    /** @return the results grouped by key in the order keys first appear, each group by thread count */
    private static List<RunResult> grouped(Collection<RunResult> results, java.util.function.Function<BenchmarkParams, String> key) {
        Map<String, Integer> first = new HashMap<>();
        for (RunResult run : results) {
            first.putIfAbsent(key.apply(run.getParams()), first.size());
        }
        return results.stream()
                .sorted(Comparator.<RunResult>comparingInt(r -> first.get(key.apply(r.getParams())))
                        .thenComparingInt(r -> r.getParams().getThreads()))
                .toList();
    }

    /** @return the class and method, without the package */
    private static String name(BenchmarkParams p) {
        String b = p.getBenchmark();
        return b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
    }

    /** @return {@code key=value} of every parameter but {@code except} */
    private static String params(BenchmarkParams p, String except) {
        return p.getParamsKeys().stream().filter(k -> !k.equals(except)).map(k -> k + "=" + p.getParam(k))
                .collect(Collectors.joining(", "));
    }

    private static String error(Result<?> r) {
        return Double.isNaN(r.getScoreError()) ? "" : String.format(Locale.ROOT, "± %.3f", r.getScoreError());
    }
}
