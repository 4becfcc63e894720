package org.patinox.memory.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with its usual command line, and writes the results twice: as JMH's JSON and as a
 * Markdown table beside it (same name, {@code .md}). Without {@code -rff}, the JSON goes to
 * {@code jmh-results.json} in the working directory.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /**
     * @param args JMH's command-line options, such as {@code MonitorDispatch -f 1 -rff out.json}
     * @throws CommandLineOptionException for options JMH does not understand
     * @throws RunnerException when a benchmark fails
     * @throws IOException when the table cannot be written
     */
    public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
        CommandLineOptions command = new CommandLineOptions(args);
        if (command.shouldHelp() || command.shouldList() || command.shouldListProfilers()
                || command.shouldListResultFormats() || command.shouldListWithParams()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Path json = Path.of(command.getResult().orElse("jmh-results.json"));
        OptionsBuilder options = new OptionsBuilder();
        options.parent(command);
        options.resultFormat(ResultFormatType.JSON).result(json.toString());
        Collection<RunResult> results = new Runner(options.build()).run();
        Path markdown = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(markdown, table(results));
        System.out.println("Results: " + json.toAbsolutePath() + " and " + markdown.toAbsolutePath());
    }

    /** @return one row per benchmark and parameter set, in the order JMH ran them */
    static String table(Collection<RunResult> results) {
        List<String> rows = new ArrayList<>();
        rows.add("| benchmark | parameters | threads | mode | score | error | unit |");
        rows.add("|---|---|---:|---|---:|---:|---|");
        for (RunResult run : results) {
            BenchmarkParams p = run.getParams();
            Result<?> r = run.getPrimaryResult();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            String params = p.getParamsKeys().stream().map(k -> k + "=" + p.getParam(k)).collect(Collectors.joining(", "));
            rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.3f | %s | %s |", name, params, p.getThreads(),
                    p.getMode().shortLabel(), r.getScore(),
                    Double.isNaN(r.getScoreError()) ? "" : String.format(Locale.ROOT, "± %.3f", r.getScoreError()),
                    r.getScoreUnit()));
        }
        return String.join("\n", rows) + "\n";
    }
}
