package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file truncated by another process under a live mapping: the access to the pages lost is a
 * {@link org.patinox.memory.MappingException} of kind TRUNCATED, not a crash. The mapping lives in
 * a child JVM, so that if it did crash, only the child would die and this test would see it. The
 * same holds for a typed file's header, read by {@code openTyped} and written by {@code createTyped}.
 */
final class TruncationTest {

    @TempDir
    Path dir;

    @Test
    void an_access_to_a_file_truncated_by_another_process_is_a_truncated_mapping_exception() throws Exception {
        Path file = dir.resolve("truncated.bin");
        int count = 1 << 17; // 1 MiB of longs
        try (MappedFile f = new Mapped().open(file, MappingConfig.create(8L * count))) {
            MappedSlice<Long> s = f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
            for (int i = 0; i < count; i++) {
                s.set(i, (long) i);
            }
        }
        Child child = Child.run(file, 4096, List.of(), TruncationChild.class.getName(), file.toString());
        List<String> lines = child.lines();
        assertEquals(0, child.exitValue(), "the child JVM did not exit cleanly: " + lines);
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("OUTCOME MappingException TRUNCATED"), lines.toString());
        assertTrue(lines.get(0).contains("is now 4096 bytes, shorter than its mapping of 1048576 bytes"), lines.get(0));
        assertTrue(lines.get(1).startsWith("OUTCOME MappingException TRUNCATED"), lines.toString());
        assertEquals("OUTCOME MappingException TRUNCATED bulk", lines.get(2));
        assertEquals("HEAD 1", lines.get(3));
        assertEquals("CLOSED", lines.get(4));
    }

    /**
     * The header reads of {@code openTyped} and writes of {@code createTyped} on a file truncated
     * to 0 bytes: cold (interpreted: the fault surfaces in the access) and warmed up until compiled
     * (the fault surfaces instructions later, where the method must still catch it). The child
     * compiles in the foreground ({@code -Xbatch}), so that its methods are compiled by the time
     * it says READY however busy the machine is; without it, a compilation still running let the
     * cold path pass for the warm one.
     */
    @ParameterizedTest(name = "after {0} warm-up rounds")
    @ValueSource(ints = {0, 200_000})
    void a_typed_header_of_a_file_truncated_by_another_process_is_a_truncated_mapping_exception(int rounds) throws Exception {
        Path file = dir.resolve("typed.bin");
        try (MappedFile f = new Mapped().open(file, MappingConfig.create(0))) {
            f.createTyped(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN), TypedTruncationChild.COUNT);
        }
        Child child = Child.run(file, 0, List.of("-Xbatch"), TypedTruncationChild.class.getName(), file.toString(),
                String.valueOf(rounds));
        List<String> lines = child.lines();
        assertEquals(0, child.exitValue(), "the child JVM did not exit cleanly: " + lines);
        assertEquals(3, lines.size(), lines.toString());
        String lost = file + " is now 0 bytes, shorter than its mapping of " + (MappedFile.HEADER_BYTES + 8 * TypedTruncationChild.COUNT)
                + " bytes: it was truncated under the mapping, and the page of byte offset 0 is gone";
        assertEquals("OUTCOME openTyped MappingException TRUNCATED file true: typed.bin: " + lost, lines.get(0));
        assertEquals("OUTCOME createTyped MappingException TRUNCATED file true: typed.bin: " + lost, lines.get(1));
        assertEquals("CLOSED", lines.get(2));
    }

    /** A child JVM's output lines, after it said READY, and its exit code. */
    private record Child(List<String> lines, int exitValue) {

        /**
         * Starts a child JVM, waits for its {@code READY}, truncates the file, tells it {@code GO}
         * and collects the rest of what it prints (standard error too) until it exits.
         */
        static Child run(Path file, long truncateTo, List<String> jvmOptions, String... mainAndArgs) throws Exception {
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classPath()));
            command.addAll(List.of(mainAndArgs));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream in = child.getOutputStream()) {
                String ready = out.readLine();
                assertTrue(ready != null && ready.startsWith("READY"), "the child said " + ready);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(truncateTo);
                }
                in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } finally {
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            return new Child(lines, child.exitValue());
        }
    }

    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The API's classes and these tests', which the module path patches together, as a class path. */
    static String classPath() throws IOException {
        Path classes = Path.of("target", "classes");
        Path testClasses = Path.of("target", "test-classes");
        assertTrue(Files.isDirectory(classes) && Files.isDirectory(testClasses), "run from the api module's folder");
        return classes.toAbsolutePath() + java.io.File.pathSeparator + testClasses.toAbsolutePath();
    }
}
