package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use it from your own project" section, taken from the README itself: its
 * {@code module-info.java} and {@code Main.java} are compiled with {@code javac} against the
 * modules its {@code pom.xml} names at compile scope, and run with {@code java -m} in a fresh JVM
 * on a module path of the modules it names at any scope (with their own requirements, as Maven's
 * transitive dependencies would bring them), under {@code --sun-misc-unsafe-memory-access=deny}
 * and without {@code --add-modules}. The output must be the one the README prints.
 *
 * <p>The modules come from this JVM's module path, where Surefire puts the reactor's builds; the
 * artifact of each module is read from the README's table of modules.
 */
final class ReadmeProgramTest {

    private static final String SECTION = "## Use it from your own project";

    @TempDir
    static Path work;

    private static String section;
    private static Path classes;
    private static String runtimeModulePath;
    private static String mainModuleAndClass;
    private static String expectedOutput;

    @BeforeAll
    static void compileTheReadmeProgram() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertTrue(start >= 0, "the README has no section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + 1);
        section = readme.substring(start, end < 0 ? readme.length() : end);

        Map<String, String> moduleOfArtifact = moduleTable(readme);
        String pom = onlyBlock("xml", "<project");
        assertBomImported(pom);
        // The project's own dependencies: those after dependencyManagement.
        String dependencies = pom.substring(pom.indexOf("</dependencyManagement>"));
        Set<String> compileModules = new LinkedHashSet<>();
        Set<String> runtimeModules = new LinkedHashSet<>();
        Matcher d = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(dependencies);
        while (d.find()) {
            assertEquals("org.patinox", tag(d.group(1), "groupId"));
            assertEquals(null, tag(d.group(1), "version"), "the BOM gives the versions");
            String artifact = tag(d.group(1), "artifactId");
            String module = moduleOfArtifact.get(artifact);
            assertTrue(module != null, artifact + " is not in the README's table of modules");
            String scope = tag(d.group(1), "scope");
            if (scope == null || scope.equals("compile")) {
                compileModules.add(module);
            }
            runtimeModules.add(module);
        }
        assertFalse(compileModules.isEmpty(), pom);

        String moduleInfo = onlyBlock("java", "module com.example.hello");
        String main = onlyBlock("java", "package com.example.hello;");
        Path sources = work.resolve("src/main/java");
        Files.createDirectories(sources.resolve("com/example/hello"));
        Files.writeString(sources.resolve("module-info.java"), moduleInfo);
        Files.writeString(sources.resolve("com/example/hello/Main.java"), main);
        classes = work.resolve("target/classes");

        ModuleFinder finder = ModuleFinder.of(paths(System.getProperty("jdk.module.path")));
        String compilePath = modulePath(finder, compileModules);
        runtimeModulePath = classes + File.pathSeparator + modulePath(finder, runtimeModules);

        Result javac = run(List.of(tool("javac"), "--release", "25", "-Xlint:all", "-Werror",
                "--module-path", compilePath, "-d", classes.toString(),
                sources.resolve("module-info.java").toString(),
                sources.resolve("com/example/hello/Main.java").toString()));
        assertEquals(0, javac.exit, "the README's sources do not compile against " + compileModules + ":\n" + javac);

        String command = onlyBlock("sh", "java -p");
        Matcher m = Pattern.compile("java -p target/classes:target/modules -m (\\S+)").matcher(command);
        assertTrue(m.find(), "the README runs its program otherwise than expected: " + command);
        mainModuleAndClass = m.group(1);
        expectedOutput = onlyBlock("text", "provider:");
    }

    @Test
    void the_readme_program_runs_on_the_module_path_and_prints_what_the_readme_says() throws Exception {
        Result java = runProgram();
        assertEquals(0, java.exit, java.toString());
        assertEquals(expectedOutput, java.out, java.toString());
        // No warning of any kind: no sun.misc.Unsafe, no missing module, no skipped monitor.
        assertEquals("", java.err, java.toString());
    }

    /**
     * With {@code jctools-core}'s {@code MpscArrayQueue}, {@code jdk.unsupported} was not resolved
     * for a program launched with {@code -m}, and the lockfree monitor was skipped with
     * {@code NoClassDefFoundError: sun/misc/Unsafe}: no event was ever logged.
     */
    @Test
    void the_lockfree_logging_monitor_works_on_the_module_path_under_deny() throws Exception {
        Result java = runProgram("-Dpatinox.memory.monitor.log-level=INFO", "-Dpatinox.memory.provider=lockfree");
        assertEquals(0, java.exit, java.toString());
        assertEquals(expectedOutput, java.out, java.toString());
        assertFalse(java.err.contains("Skipped"), java.toString());
        assertFalse(java.err.contains("sun/misc/Unsafe") || java.err.contains("sun.misc.Unsafe"), java.toString());
        // The monitor logged the instance's opening and the cache's creation, drained on close.
        assertTrue(java.err.contains("UTILITIES_OPENED") && java.err.contains("provider=lockfree"), java.toString());
        assertTrue(java.err.contains("UTILITIES_CLOSED"), java.toString());
    }

    private static Result runProgram(String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool("java"), "--sun-misc-unsafe-memory-access=deny"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-p", runtimeModulePath, "-m", mainModuleAndClass));
        return run(command);
    }

    /** The one fenced block of the section in that language that contains {@code marker}. */
    private static String onlyBlock(String language, String marker) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                found.add(m.group(1));
            }
        }
        assertEquals(1, found.size(), "blocks of " + language + " with '" + marker + "' in the README's section");
        return found.getFirst();
    }

    /** Artifact to JPMS module, from the README's table of modules. */
    private static Map<String, String> moduleTable(String readme) {
        Map<String, String> modules = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| `[^`]+` \\| `([^`]+)` \\| `([^`]+)` \\|", Pattern.MULTILINE).matcher(readme);
        while (row.find()) {
            modules.put(row.group(1), row.group(2));
        }
        assertTrue(modules.containsKey("patinox-memory-api"), "the README's table of modules: " + modules);
        return modules;
    }

    /** The BOM is imported at the version this build makes (the root pom's). */
    private static void assertBomImported(String pom) throws IOException {
        String root = Files.readString(Path.of("..", "pom.xml"), StandardCharsets.UTF_8);
        String version = tag(root.substring(root.indexOf("<artifactId>patinox-memory-parent</artifactId>")), "version");
        String management = pom.substring(pom.indexOf("<dependencyManagement>"), pom.indexOf("</dependencyManagement>"));
        assertEquals("patinox-memory-bom", tag(management, "artifactId"));
        assertEquals(version, tag(management, "version"));
        assertEquals("pom", tag(management, "type"));
        assertEquals("import", tag(management, "scope"));
    }

    /** The text of the first {@code <name>} element in an XML fragment, or null. */
    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).trim() : null;
    }

    /** The locations of {@code roots} and of every module they require that the finder has. */
    private static String modulePath(ModuleFinder finder, Set<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> locations = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            var found = finder.find(name);
            if (found.isEmpty()) {
                assertTrue(!roots.contains(name) && ModuleFinder.ofSystem().find(name).isPresent(),
                        "module " + name + " is on neither the test's module path nor the JDK's");
                continue;
            }
            ModuleReference reference = found.get();
            locations.add(Path.of(reference.location().orElseThrow()).toString());
            reference.descriptor().requires().stream().map(ModuleDescriptor.Requires::name).forEach(todo::add);
        }
        return String.join(File.pathSeparator, locations);
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 2 minutes: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Splits a path list such as {@code jdk.module.path}. */
    private static Path[] paths(String list) {
        assertTrue(list != null && !list.isEmpty(), "this test runs on the module path");
        return Pattern.compile(Pattern.quote(File.pathSeparator)).splitAsStream(list)
                .filter(s -> !s.isEmpty()).map(Path::of).toArray(Path[]::new);
    }
}
