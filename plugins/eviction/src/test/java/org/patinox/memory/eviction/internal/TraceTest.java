package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.tck.Trace;

/** The TCK's {@link Trace}: both formats, gzipped or not, and the bundled traces. */
final class TraceTest {

    @TempDir
    Path dir;

    private Path write(String name, String text, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    @Test
    void the_bundled_traces_have_the_published_numbers_of_requests_and_keys() {
        // From /work/shared/traces/README.md, "Sizes of the traces".
        Map<String, int[]> published = Map.of(
                "gli", new int[] {6_015, 2_529},
                "multi1", new int[] {15_858, 2_606},
                "multi2", new int[] {26_311, 5_684},
                "multi3", new int[] {30_241, 7_454},
                "sprite", new int[] {133_996, 7_075},
                "loop", new int[] {505_500, 1_011},
                "2_pools", new int[] {100_000, 9_939});
        assertEquals(published.keySet(), java.util.Set.of(Trace.BUNDLED_NAMES.split(", ")), "the traces bundled");
        for (String name : Trace.BUNDLED_NAMES.split(", ")) {
            Trace t = Trace.bundled(name);
            int[] expected = published.get(name);
            assertEquals(expected[0], t.requests(), name + " requests");
            assertEquals(expected[1], t.distinctKeys(), name + " distinct keys");
            assertEquals(name, t.name());
        }
    }

    @Test
    void a_lirs_trace_has_one_key_a_line_and_skips_markers_and_blank_lines() throws IOException {
        String text = "5\n*\n7\n\n5\n  9  \n*\n";
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = write(gzip ? "small.trace.gz" : "small.trace", text, gzip);
            Trace t = Trace.read(file);
            assertArrayEquals(new long[] {5, 7, 5, 9}, t.keys(), file.toString());
            assertEquals(3, t.distinctKeys());
            assertEquals("small", t.name());
        }
    }

    @Test
    void an_arc_trace_line_stands_for_as_many_consecutive_blocks_as_it_counts() throws IOException {
        Path file = write("tiny.lis.gz", "100 3 0 0\n7 1 0 1\n101 2 0 2\n", true);
        Trace t = Trace.read(file);
        assertArrayEquals(new long[] {100, 101, 102, 7, 101, 102}, t.keys());
        assertEquals(4, t.distinctKeys());
        assertEquals("tiny", t.name());
    }

    @Test
    void a_bad_line_or_an_unknown_format_is_refused_with_its_place() throws IOException {
        Path bad = write("bad.trace", "1\n2\nthree\n", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trace.read(bad));
        assertTrue(e.getMessage().contains("bad.trace") && e.getMessage().contains("line 3"), e.getMessage());
        Path shortLine = write("short.lis", "1\n", false);
        e = assertThrows(IllegalArgumentException.class, () -> Trace.read(shortLine));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        Path unknown = write("data.csv", "1\n", false);
        e = assertThrows(IllegalArgumentException.class, () -> Trace.read(unknown));
        assertTrue(e.getMessage().contains("data.csv") && e.getMessage().contains(".lis"), e.getMessage());
    }

    @Test
    void an_arc_trace_line_whose_blocks_run_past_the_largest_key_is_refused_with_its_place() throws IOException {
        // Blocks 2^63 - 2 and on: two keys fit, the other three would be past Long.MAX_VALUE.
        Path past = write("past.lis", "1 2 0 0\n9223372036854775806 5 0 1\n", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trace.read(past),
                () -> "read as " + java.util.Arrays.toString(uncheckedKeys(past)));
        assertTrue(e.getMessage().contains("past.lis") && e.getMessage().contains("line 2"), e.getMessage());
        Path last = write("last.lis", "9223372036854775806 2 0 0\n", false);
        assertArrayEquals(new long[] {Long.MAX_VALUE - 1, Long.MAX_VALUE}, Trace.read(last).keys(),
                "the blocks up to the largest key are read");
    }

    private static long[] uncheckedKeys(Path file) {
        try {
            return Trace.read(file).keys();
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    @Test
    void a_corrupt_or_truncated_gzipped_trace_is_refused_naming_the_file() throws IOException {
        Path whole = write("whole.trace.gz", "1\n2\n3\n".repeat(1_000), true);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.trace.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        byte[] garbled = bytes.clone();
        for (int i = 10; i < garbled.length - 8; i++) {
            garbled[i] = (byte) 0xA5; // after the gzip header, deflate data that does not inflate
        }
        Path corrupt = Files.write(dir.resolve("corrupt.lis.gz"), garbled);
        for (Path file : java.util.List.of(truncated, corrupt)) {
            IOException e = assertThrows(IOException.class, () -> Trace.load(file.toString()));
            assertTrue(e.getMessage() != null && e.getMessage().contains(file.getFileName().toString()),
                    file.getFileName() + ": " + e);
        }
    }

    @Test
    void load_takes_a_bundled_name_or_a_path_and_names_what_it_cannot_find() throws IOException {
        assertEquals(6_015, Trace.load("gli").requests());
        Path file = write("mine.trace", "1\n2\n", false);
        assertEquals(2, Trace.load(file.toString()).requests());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trace.load("nosuch"));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("gli"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trace.bundled("OLTP"));
    }

    @Test
    void a_trace_made_of_keys_copies_them() {
        long[] keys = {3, 1, 3};
        Trace t = Trace.of("made", keys);
        keys[0] = 99;
        assertArrayEquals(new long[] {3, 1, 3}, t.keys());
        assertEquals(2, t.distinctKeys());
        assertEquals(1, t.key(1));
    }
}
