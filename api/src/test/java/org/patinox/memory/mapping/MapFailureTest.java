package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping refused after its file was extended (the mmap, for want of address space) left the
 * file extended: an existing 100-byte file became 8 GiB (sparse) after a failed open in mode create,
 * and after a failed growth. The file gets its size back. In a child JVM whose address space a shell
 * limit ({@code ulimit -v}) makes too small for the mapping, though not for the file.
 */
final class MapFailureTest {

    @TempDir
    Path dir;

    @Test
    void a_file_extended_for_a_mapping_that_then_fails_gets_its_size_back() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && System.getProperty("os.name").startsWith("Linux"),
                "needs a shell whose ulimit limits the address space");
        String command = "ulimit -v 3000000 && exec \"$0\" -Xmx64m -XX:CompressedClassSpaceSize=64m"
                + " -XX:ReservedCodeCacheSize=32m -XX:+UseSerialGC -cp \"$1\" " + MapFailureChild.class.getName() + " \"$2\"";
        Process child = new ProcessBuilder("/bin/sh", "-c", command, TruncationTest.java(), TruncationTest.classPath(),
                dir.toString()).redirectErrorStream(true).start();
        List<String> lines;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        } finally {
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertEquals(0, child.exitValue(), () -> "the child JVM did not exit cleanly: " + lines);
        assumeTrue(!lines.isEmpty() && !lines.getFirst().startsWith("OPENED"), () -> "the limit did not refuse the mapping: " + lines);
        assertEquals(List.of("OPEN IO 100", "GROW IO 100 100"), lines);
    }
}
