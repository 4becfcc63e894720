package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are the code that {@link GuideSnippetsTest} and this module compile
 * and run: each block under a {@code <!-- snippet: name -->} line must equal the source regions
 * tagged {@code tag::name[]} ... {@code end::name[]} in the sources of any module of the
 * repository (several regions of one name are joined in order), indentation aside. Every Java block of the README is such a snippet, but
 * those of "Use it from your own project", which {@link ReadmeProgramTest} compiles whole.
 */
final class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: ([a-z0-9-]+) -->\\n+( *)```java\\n(.*?)\\n\\2```",
            Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([a-z0-9-]+)\\[\\]\\s*$");
    private static final String COMPILED_WHOLE = "## Use it from your own project";

    /** @return each tag's regions, joined in file order, dedented */
    static Map<String, String> regions() throws IOException {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        List<Path> sources;
        // Every module's sources: a snippet lives beside the tests that run it (the Redis plugin's need a server).
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/")
                    && !f.toString().contains("/target/") && !f.toString().contains("/.")).sorted().toList();
        }
        for (Path source : sources) {
            String open = null;
            int number = 0;
            for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
                number++;
                Matcher tag = TAG.matcher(line);
                if (!tag.matches()) {
                    if (open != null) {
                        lines.get(open).add(line);
                    }
                    continue;
                }
                boolean start = tag.group(1).equals("tag");
                if (start == (open != null) || !start && !tag.group(2).equals(open)) {
                    throw new AssertionError(source + ":" + number + ": " + line.strip() + " while "
                            + (open == null ? "no region is open" : "region " + open + " is open"));
                }
                open = start ? tag.group(2) : null;
                lines.computeIfAbsent(tag.group(2), k -> new ArrayList<>());
            }
            assertEquals(null, open, source + " ends inside a region");
        }
        Map<String, String> regions = new LinkedHashMap<>();
        lines.forEach((name, body) -> regions.put(name, dedent(body)));
        return regions;
    }

    /** @return the lines without the indentation they all share, joined */
    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min()
                .orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList());
    }

    @Test
    void every_snippet_of_the_readme_is_code_that_is_compiled_and_run() throws IOException {
        Map<String, String> regions = regions();
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher snippet = SNIPPET.matcher(readme);
        TreeSet<String> shown = new TreeSet<>();
        while (snippet.find()) {
            String name = snippet.group(1);
            assertTrue(regions.containsKey(name), "the README shows snippet '" + name + "', which no source tags; tagged: "
                    + regions.keySet());
            assertEquals(regions.get(name), dedent(snippet.group(3).lines().toList()),
                    "the README's snippet '" + name + "' differs from its tagged source");
            shown.add(name);
        }
        assertEquals(new TreeSet<>(regions.keySet()), shown, "every tagged region is shown in the README");
    }

    @Test
    void every_java_block_of_the_readme_is_a_snippet() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        boolean compiledWhole = false;
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                compiledWhole = line.equals(COMPILED_WHOLE);
            }
            if (line.strip().equals("```java") && !compiledWhole) {
                assertTrue(previous.strip().startsWith("<!-- snippet: "), "README.md:" + (i + 1)
                        + ": a Java block that is not a snippet; tag its code in a test and put <!-- snippet: name --> above it");
            }
            if (!line.isBlank()) {
                previous = line;
            }
        }
    }
}
