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

/**
 * A file truncated by another process under a live mapping: the access to the pages lost is a
 * {@link org.patinox.memory.MappingException} of kind TRUNCATED, not a crash. The mapping lives in
 * a child JVM, so that if it did crash, only the child would die and this test would see it.
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
        Process child = new ProcessBuilder(java(), "-cp", classPath(), TruncationChild.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = child.getOutputStream()) {
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("READY"), "the child said " + ready);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(4096);
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
        assertEquals(0, child.exitValue(), "the child JVM did not exit cleanly: " + lines);
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("OUTCOME MappingException TRUNCATED"), lines.toString());
        assertTrue(lines.get(0).contains("is now 4096 bytes, shorter than its mapping of 1048576 bytes"), lines.get(0));
        assertTrue(lines.get(1).startsWith("OUTCOME MappingException TRUNCATED"), lines.toString());
        assertEquals("OUTCOME MappingException TRUNCATED bulk", lines.get(2));
        assertEquals("HEAD 1", lines.get(3));
        assertEquals("CLOSED", lines.get(4));
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The API's classes and these tests', which the module path patches together, as a class path. */
    private static String classPath() throws IOException {
        Path classes = Path.of("target", "classes");
        Path testClasses = Path.of("target", "test-classes");
        assertTrue(Files.isDirectory(classes) && Files.isDirectory(testClasses), "run from the api module's folder");
        return classes.toAbsolutePath() + java.io.File.pathSeparator + testClasses.toAbsolutePath();
    }
}
