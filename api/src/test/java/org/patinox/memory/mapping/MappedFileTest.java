package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.MappableTypeTest.Everything;
import org.patinox.memory.mapping.MappableTypeTest.IntThenLong;
import org.patinox.memory.mapping.MappableTypeTest.Renamed;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/** Mapped files: bounds, sizes past 2 and 4 GiB, typed headers, growth, bulk copies, close, what is not a regular file. */
final class MappedFileTest {

    private static final MappableType<Long> LONGS = MappableType.ofLong(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    private final Mapped mapped = new Mapped();

    private MappedFile longs(String name, int count) {
        MappedFile f = mapped.open(dir.resolve(name), MappingConfig.create(8L * count));
        MappedSlice<Long> s = f.slice(LONGS);
        for (int i = 0; i < count; i++) {
            s.set(i, (long) i * 10);
        }
        return f;
    }

    @Test
    void every_index_is_checked_at_minus_one_zero_end_minus_one_end_and_long_max() {
        try (MappedFile f = longs("bounds.bin", 100)) {
            MappedSlice<Long> s = f.slice(LONGS);
            assertEquals(100, s.length());
            assertEquals(0L, s.get(0));
            assertEquals(990L, s.get(99));
            for (long bad : new long[] {-1, 100, Long.MAX_VALUE, Long.MIN_VALUE}) {
                assertThrows(IndexOutOfBoundsException.class, () -> s.get(bad), "get " + bad);
                assertThrows(IndexOutOfBoundsException.class, () -> s.set(bad, 1L), "set " + bad);
            }
            s.set(0, 7L);
            s.set(99, 8L);
            assertEquals(7L, s.get(0));
            assertEquals(8L, s.get(99));
        }
    }

    @Test
    void a_slice_of_a_slice_is_bounded_by_its_own_range_not_its_parents() {
        try (MappedFile f = longs("nested.bin", 100)) {
            MappedSlice<Long> middle = f.slice(LONGS).slice(10, 90);
            MappedSlice<Long> inner = middle.slice(5, 15);
            assertEquals(10, inner.length());
            assertEquals(150L, inner.get(0));
            assertEquals(240L, inner.get(9));
            assertEquals(8 * 15L, inner.byteOffset());
            assertThrows(IndexOutOfBoundsException.class, () -> inner.get(10));
            assertThrows(IndexOutOfBoundsException.class, () -> inner.get(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> middle.slice(0, 81));
            assertThrows(IndexOutOfBoundsException.class, () -> middle.slice(5, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> middle.slice(-1, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> inner.slice(0, Long.MAX_VALUE));
            assertEquals(0, middle.slice(80, 80).length());
            inner.set(0, -1L);
            assertEquals(-1L, f.slice(LONGS).get(15));
        }
    }

    @Test
    void a_range_out_of_the_file_or_misaligned_or_not_a_whole_number_of_elements_is_refused() throws IOException {
        try (MappedFile f = longs("ranges.bin", 10)) {
            MappingException misaligned = assertThrows(MappingException.class, () -> f.slice(LONGS, 4, 1));
            assertEquals(MappingException.Kind.LAYOUT, misaligned.kind());
            assertTrue(misaligned.getMessage().contains("byte offset 4 is not aligned to 8"), misaligned.getMessage());
            MappingException past = assertThrows(MappingException.class, () -> f.slice(LONGS, 8, 10));
            assertEquals(MappingException.Kind.TRUNCATED, past.kind());
            assertTrue(past.getMessage().contains("end at byte 88, past the end of the mapping at 80 bytes"), past.getMessage());
            assertThrows(MappingException.class, () -> f.slice(LONGS, 0, Long.MAX_VALUE));
            assertThrows(IllegalArgumentException.class, () -> f.slice(LONGS, -8, 1));
            assertThrows(IllegalArgumentException.class, () -> f.slice(LONGS, 0, -1));
            assertEquals(9, f.slice(LONGS, 8, 9).length());
        }
        Path odd = dir.resolve("odd.bin");
        Files.write(odd, new byte[12]);
        try (MappedFile f = mapped.open(odd, MappingConfig.readOnly())) {
            MappingException e = assertThrows(MappingException.class, () -> f.slice(LONGS));
            assertEquals(MappingException.Kind.LAYOUT, e.kind());
            assertTrue(e.getMessage().contains("expected a multiple of 8, found 12 (4 bytes left over)"), e.getMessage());
            assertEquals(3, f.slice(MappableType.ofInt(ByteOrder.BIG_ENDIAN)).length());
        }
    }

    @ParameterizedTest(name = "a sparse file of {0} bytes")
    @ValueSource(longs = {(1L << 31) + 4096, (1L << 32) + (1L << 20)})
    void offsets_past_two_and_four_gib_are_reached_and_bounded(long size) throws IOException {
        Path file = dir.resolve("sparse.bin");
        try (MappedFile f = mapped.open(file, MappingConfig.create(size))) {
            assertEquals(size, f.byteSize());
            MappedSlice<Byte> bytes = f.slice(MappableType.ofByte());
            assertEquals(size, bytes.length());
            long[] probes = {0, (1L << 31) - 1, 1L << 31, (1L << 31) + 1, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, size - 1};
            for (long at : probes) {
                if (at < size) {
                    bytes.set(at, (byte) (at % 127));
                }
            }
            for (long at : probes) {
                if (at < size) {
                    assertEquals((byte) (at % 127), bytes.get(at), "byte " + at);
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> bytes.get(size));
            assertThrows(IndexOutOfBoundsException.class, () -> bytes.get(Long.MAX_VALUE));
            MappedSlice<Long> longs = f.slice(LONGS);
            long last = size / 8 - 1;
            longs.set(last, Long.MIN_VALUE);
            assertEquals(Long.MIN_VALUE, longs.get(last));
            assertThrows(IndexOutOfBoundsException.class, () -> longs.get(last + 1));
            // A slice lying wholly past 2^31 bytes, cut again, bounded by its own range.
            MappedSlice<Long> high = longs.slice((1L << 31) / 8, last + 1).slice(1, 3);
            assertEquals((1L << 31) + 8, high.byteOffset());
            high.set(1, 42L);
            assertEquals(42L, longs.get((1L << 31) / 8 + 2));
            assertThrows(IndexOutOfBoundsException.class, () -> high.get(2));
        }
        assertEquals(size, Files.size(file));
    }

    @Test
    void a_typed_file_round_trips_its_records_and_refuses_another_type_saying_what_was_expected_and_found() {
        Path file = dir.resolve("typed.bin");
        MappableType<Everything> type = MappableType.record(Everything.class, ByteOrder.LITTLE_ENDIAN);
        try (MappedFile f = mapped.open(file, MappingConfig.create(0))) {
            MappedSlice<Everything> all = f.createTyped(type, 1000);
            assertEquals(1000, all.length());
            assertEquals(MappedFile.HEADER_BYTES, all.byteOffset());
            assertEquals(MappedFile.HEADER_BYTES + 32 * 1000, f.byteSize());
            for (int i = 0; i < 1000; i++) {
                all.set(i, MappableTypeTest.everything(i));
            }
        }
        try (MappedFile f = mapped.open(file, MappingConfig.readOnly())) {
            MappedSlice<Everything> all = f.openTyped(type);
            assertEquals(1000, all.length());
            assertEquals(MappableTypeTest.everything(999), all.get(999));
            MappingException other = assertThrows(MappingException.class,
                    () -> f.openTyped(MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN)));
            assertEquals(MappingException.Kind.HEADER, other.kind());
            assertTrue(other.getMessage().contains("holds elements of layout signature 0x" + Long.toHexString(type.signature())
                    + " and size 32, but " + IntThenLong.class.getName() + " was expected"), other.getMessage());
            MappingException order = assertThrows(MappingException.class,
                    () -> f.openTyped(MappableType.record(Everything.class, ByteOrder.BIG_ENDIAN)));
            assertTrue(order.getMessage().contains("i8 b@0, bool z@1, i16be s@2"), order.getMessage());
        }
    }

    @Test
    void a_mapping_that_fails_leaves_no_file_it_created_and_an_existing_file_as_it_was() throws IOException {
        Path created = dir.resolve("too-large.bin");
        MappingException e = assertThrows(MappingException.class,
                () -> mapped.open(created, MappingConfig.create(Long.MAX_VALUE)));
        assertEquals(MappingException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains("too-large.bin") && e.getMessage().contains("size " + Long.MAX_VALUE),
                e.getMessage());
        assertFalse(Files.exists(created), "the file the failed mapping created was removed");
        Path existing = dir.resolve("existing.bin");
        Files.write(existing, new byte[] {1, 2, 3});
        assertThrows(MappingException.class, () -> mapped.open(existing, MappingConfig.create(Long.MAX_VALUE)));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(existing), "a file that was there stays");
        try (MappedFile f = mapped.open(created, MappingConfig.create(64))) {
            assertEquals(64, f.byteSize(), "the name is free for a mapping that succeeds");
        }
    }

    @Test
    void a_header_whose_count_is_negative_or_past_any_file_is_refused_as_a_corrupt_header_not_a_short_file()
            throws IOException {
        Path file = dir.resolve("count.bin");
        try (MappedFile f = mapped.open(file, MappingConfig.create(0))) {
            f.createTyped(LONGS, 10);
        }
        for (long count : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 8}) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, count), 24);
            }
            try (MappedFile f = mapped.open(file, MappingConfig.readOnly())) {
                MappingException e = assertThrows(MappingException.class, () -> f.openTyped(LONGS), "count " + count);
                assertEquals(MappingException.Kind.HEADER, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("its header counts " + count + " elements of 8 bytes, ")
                        && e.getMessage().contains("the header is corrupt"), e.getMessage());
            }
        }
    }

    @Test
    void a_typed_file_too_short_for_its_count_or_without_a_header_is_refused() throws IOException {
        Path file = dir.resolve("short.bin");
        MappableType<IntThenLong> type = MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN);
        try (MappedFile f = mapped.open(file, MappingConfig.create(0))) {
            f.createTyped(type, 10);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(MappedFile.HEADER_BYTES + 16 * 9 + 8);
        }
        try (MappedFile f = mapped.open(file, MappingConfig.readOnly())) {
            MappingException e = assertThrows(MappingException.class, () -> f.openTyped(type));
            assertEquals(MappingException.Kind.TRUNCATED, e.kind());
            assertTrue(e.getMessage().contains("count of 10 elements of 16 bytes: expected at least 224 bytes, found 216"),
                    e.getMessage());
        }
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[128]);
        try (MappedFile f = mapped.open(plain, MappingConfig.readOnly())) {
            MappingException e = assertThrows(MappingException.class, () -> f.openTyped(type));
            assertEquals(MappingException.Kind.HEADER, e.kind());
            assertTrue(e.getMessage().contains("expected magic 0x4d585450 (PTXM), found 0x0"), e.getMessage());
        }
        Path tiny = dir.resolve("tiny.bin");
        Files.write(tiny, new byte[10]);
        try (MappedFile f = mapped.open(tiny, MappingConfig.readOnly())) {
            assertEquals(MappingException.Kind.HEADER, assertThrows(MappingException.class, () -> f.openTyped(type)).kind());
        }
    }

    @Test
    void a_header_of_another_version_or_names_is_refused() {
        Path file = dir.resolve("version.bin");
        MappableType<IntThenLong> type = MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN);
        try (MappedFile f = mapped.open(file, MappingConfig.create(0))) {
            f.createTyped(type, 1);
            assertThrows(MappingException.class, () -> f.openTyped(MappableType.record(Renamed.class, ByteOrder.LITTLE_ENDIAN)));
            f.slice(MappableType.ofInt(ByteOrder.LITTLE_ENDIAN)).set(1, 2);
            MappingException e = assertThrows(MappingException.class, () -> f.openTyped(type));
            assertTrue(e.getMessage().contains("format version 2, but this library reads version 1"), e.getMessage());
        }
    }

    @Test
    void a_read_only_mapping_refuses_writes_and_growth() throws IOException {
        Path file = dir.resolve("ro.bin");
        Files.write(file, new byte[64]);
        try (MappedFile f = mapped.open(file, MappingConfig.readOnly())) {
            MappedSlice<Long> s = f.slice(LONGS);
            assertTrue(s.isReadOnly());
            assertThrows(UnsupportedOperationException.class, () -> s.set(0, 1L));
            assertThrows(UnsupportedOperationException.class, () -> s.copyFrom(new long[1], 0, 0, 1));
            assertThrows(UnsupportedOperationException.class, () -> f.grow(128));
            assertThrows(UnsupportedOperationException.class, () -> f.createTyped(LONGS, 1));
            f.force();
        }
        MappingException missing = assertThrows(MappingException.class,
                () -> mapped.open(dir.resolve("absent.bin"), MappingConfig.readWrite()));
        assertEquals(MappingException.Kind.IO, missing.kind());
        assertTrue(missing.getMessage().contains("does not exist; mode read-write maps an existing file"), missing.getMessage());
    }

    @Test
    void growing_keeps_earlier_slices_valid_and_adds_zeros() {
        try (MappedFile f = longs("grow.bin", 10)) {
            MappedSlice<Long> before = f.slice(LONGS);
            f.grow(8 * 1000);
            f.grow(8 * 1000);
            assertThrows(IllegalArgumentException.class, () -> f.grow(8));
            assertEquals(8000, f.byteSize());
            MappedSlice<Long> after = f.slice(LONGS);
            assertEquals(1000, after.length());
            assertEquals(90L, before.get(9));
            assertEquals(0L, after.get(999));
            before.set(9, 5L);
            assertEquals(5L, after.get(9));
            f.force();
            assertEquals(List.of(EventKind.MAPPING_OPENED, EventKind.MAPPING_GROWN),
                    mapped.events.stream().map(MonitorEvent::kind).toList());
        }
        assertEquals(EventKind.MAPPING_CLOSED, mapped.events.getLast().kind());
        assertEquals(8000L, mapped.events.getLast().attributes().get("bytes"));
    }

    @Test
    void bulk_copies_swap_bytes_and_check_both_ranges_and_the_array_type() {
        MappableType<Long> big = MappableType.ofLong(ByteOrder.BIG_ENDIAN);
        try (MappedFile f = mapped.open(dir.resolve("bulk.bin"), MappingConfig.create(8 * 1000))) {
            MappedSlice<Long> s = f.slice(big);
            long[] source = LongStream.range(0, 1000).map(i -> i * 0x0101010101L).toArray();
            s.copyFrom(source, 0, 0, 1000);
            assertEquals(source[500], s.get(500));
            assertEquals((byte) 0, f.slice(MappableType.ofByte()).get(0));
            long[] back = new long[1010];
            s.slice(100, 200).copyTo(0, back, 10, 100);
            assertArrayEquals(LongStream.range(100, 200).map(i -> i * 0x0101010101L).toArray(),
                    java.util.Arrays.copyOfRange(back, 10, 110));
            Long[] boxed = new Long[3];
            s.copyTo(997, boxed, 0, 3);
            assertArrayEquals(new Long[] {source[997], source[998], source[999]}, boxed);
            assertThrows(IndexOutOfBoundsException.class, () -> s.copyTo(999, back, 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> s.copyTo(0, back, 1005, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> s.copyTo(-1, back, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> s.copyFrom(source, 0, 1, 1000));
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> s.copyTo(0, new int[4], 0, 4));
            assertTrue(type.getMessage().contains("array must be a long[] or Long[]"), type.getMessage());
            assertEquals(source[0], s.get(0), "a refused copy wrote nothing");

            MappedSlice<IntThenLong> records = f.slice(MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN));
            IntThenLong[] in = {new IntThenLong(1, 2), new IntThenLong(3, 4)};
            records.copyFrom(in, 0, 10, 2);
            IntThenLong[] out = new IntThenLong[2];
            records.copyTo(10, out, 0, 2);
            assertArrayEquals(in, out);
            assertThrows(IllegalArgumentException.class, () -> records.copyTo(0, new long[2], 0, 2));
        }
    }

    @Test
    void a_copy_from_an_object_array_holding_a_null_or_another_type_is_refused_before_anything_is_written() {
        try (MappedFile f = longs("elements.bin", 4)) {
            MappedSlice<Long> s = f.slice(LONGS);
            // Object[] and Number[] pass the array's type check; their elements are checked one by one.
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> s.copyFrom(new Object[] {1L, "two", 3L}, 0, 0, 3));
            assertTrue(other.getMessage().contains("array element 1 is a java.lang.String, not a java.lang.Long"),
                    other.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.copyFrom(new Number[] {1L, 2}, 0, 0, 2));
            NullPointerException none = assertThrows(NullPointerException.class,
                    () -> s.copyFrom(new Long[] {7L, null}, 0, 0, 2));
            assertTrue(none.getMessage().contains("array element 1 is null"), none.getMessage());
            assertEquals(0L, s.get(0), "a refused copy wrote nothing");
            s.copyFrom(new Object[] {"skipped", 5L, 6L}, 1, 2, 2); // only the range copied is checked
            assertEquals(List.of(0L, 10L, 5L, 6L), s.stream().toList());

            MappedSlice<IntThenLong> records = f.slice(MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN));
            assertThrows(IllegalArgumentException.class,
                    () -> records.copyFrom(new Record[] {new IntThenLong(1, 2), new Renamed(3, 4)}, 0, 0, 2));
            assertEquals(new IntThenLong(0, 10), records.get(0), "a refused copy wrote nothing");
        }
    }

    @Test
    void setting_null_in_a_slice_of_any_type_is_refused_naming_the_value_and_writes_nothing() {
        List<MappableType<?>> types = List.of(MappableType.ofByte(),
                MappableType.ofShort(ByteOrder.LITTLE_ENDIAN), MappableType.ofShort(ByteOrder.BIG_ENDIAN),
                MappableType.ofInt(ByteOrder.LITTLE_ENDIAN), MappableType.ofInt(ByteOrder.BIG_ENDIAN),
                MappableType.ofLong(ByteOrder.LITTLE_ENDIAN), MappableType.ofLong(ByteOrder.BIG_ENDIAN),
                MappableType.ofFloat(ByteOrder.LITTLE_ENDIAN), MappableType.ofFloat(ByteOrder.BIG_ENDIAN),
                MappableType.ofDouble(ByteOrder.LITTLE_ENDIAN), MappableType.ofDouble(ByteOrder.BIG_ENDIAN),
                MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN));
        try (MappedFile f = mapped.open(dir.resolve("nulls.bin"), MappingConfig.create(64))) {
            for (MappableType<?> type : types) {
                MappedSlice<?> s = f.slice(type);
                Object before = s.get(0);
                NullPointerException e = assertThrows(NullPointerException.class, () -> s.set(0, null), type::toString);
                assertEquals("value", e.getMessage(), type::toString);
                assertEquals(before, s.get(0), type::toString);
            }
        }
    }

    @Test
    void stream_reads_every_element_in_order() {
        try (MappedFile f = longs("stream.bin", 1000)) {
            assertEquals(LongStream.range(0, 1000).map(i -> i * 10).sum(), f.slice(LONGS).stream().mapToLong(Long::longValue).sum());
            assertEquals(List.of(100L, 110L), f.slice(LONGS).slice(10, 12).stream().toList());
        }
    }

    @Test
    void after_close_every_access_is_an_illegal_state_and_close_is_idempotent() {
        MappedFile f = longs("closed.bin", 10);
        MappedSlice<Long> s = f.slice(LONGS);
        MappedSlice<Long> inner = s.slice(2, 4);
        f.close();
        f.close();
        assertFalse(f.isOpen());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.get(0));
        assertTrue(e.getMessage().contains("closed.bin") && e.getMessage().contains("is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> inner.set(0, 1L));
        assertThrows(IllegalStateException.class, () -> s.copyTo(0, new long[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> s.stream().toList());
        assertThrows(IllegalStateException.class, f::byteSize);
        assertThrows(IllegalStateException.class, () -> f.slice(LONGS));
        assertThrows(IllegalStateException.class, () -> f.grow(1 << 20));
        assertThrows(IllegalStateException.class, f::force);
        // What the configuration says stays readable, as the class documents.
        assertFalse(f.isReadOnly());
        assertEquals("closed.bin", f.path().getFileName().toString());
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(10), "the bounds come first, closed or not");
        assertEquals(1, mapped.events.stream().filter(ev -> ev.kind() == EventKind.MAPPING_CLOSED).count());
    }

    @Test
    void a_confined_mapping_is_usable_and_closable_by_its_thread_only() throws Exception {
        MappedFile f = mapped.open(dir.resolve("confined.bin"),
                MappingConfig.builder().mode(MappingConfig.Mode.CREATE).size(64).arena(MappingConfig.Arena.CONFINED).build());
        MappedSlice<Long> s = f.slice(LONGS);
        s.set(0, 3L);
        ExecutionException read = assertThrows(ExecutionException.class,
                () -> CompletableFuture.supplyAsync(() -> s.get(0)).get());
        assertTrue(read.getCause() instanceof WrongThreadException, read.getCause().toString());
        ExecutionException close = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(f::close).get());
        assertTrue(close.getCause() instanceof IllegalStateException, close.getCause().toString());
        assertTrue(close.getCause().getMessage().contains("is confined to thread"), close.getCause().getMessage());
        assertTrue(f.isOpen());
        assertEquals(3L, s.get(0));
        f.close();
        assertThrows(IllegalStateException.class, () -> s.get(0));
    }

    @Test
    void every_access_to_a_confined_mapping_from_another_thread_is_refused_naming_it_and_after_close_as_closed()
            throws Exception {
        Path file = dir.resolve("confined-access.bin");
        MappedFile f = mapped.open(file,
                MappingConfig.builder().mode(MappingConfig.Mode.CREATE).size(4096).arena(MappingConfig.Arena.CONFINED).build());
        MappedSlice<Long> longs = f.slice(LONGS);
        MappedSlice<IntThenLong> records = f.slice(MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN));
        MappedSlice<Long> column = records.component("y", Long.class);
        MappedSlice<Long> custom = f.slice(new MappableTypeTest.Custom(java.lang.foreign.ValueLayout.JAVA_LONG));
        longs.set(0, 5L);
        String opener = Thread.currentThread().getName();
        java.util.Map<String, Runnable> calls = new java.util.LinkedHashMap<>();
        calls.put("get", () -> longs.get(0));
        calls.put("set", () -> longs.set(0, 1L));
        calls.put("get of a slice of a slice", () -> longs.slice(1, 10).slice(2, 3).get(0));
        calls.put("stream", () -> longs.stream().mapToLong(Long::longValue).sum());
        calls.put("copyTo", () -> longs.copyTo(0, new long[2], 0, 2));
        calls.put("copyFrom", () -> longs.copyFrom(new long[2], 0, 0, 2));
        calls.put("copyTo into objects", () -> longs.copyTo(0, new Long[2], 0, 2));
        calls.put("get of a record", () -> records.get(0));
        calls.put("set of a record", () -> records.set(0, new IntThenLong(1, 2)));
        calls.put("copyTo of records", () -> records.copyTo(0, new IntThenLong[2], 0, 2));
        calls.put("get of a component", () -> column.get(0));
        calls.put("set of a component", () -> column.set(0, 1L));
        calls.put("copyTo of a component", () -> column.copyTo(0, new long[2], 0, 2));
        calls.put("get of a type of the user's", () -> custom.get(0));
        calls.put("set of a type of the user's", () -> custom.set(0, 1L));
        calls.put("force", f::force);
        calls.put("openTyped", () -> f.openTyped(LONGS));
        for (var call : calls.entrySet()) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(call.getValue()).get(), call.getKey());
            assertInstanceOf(WrongThreadException.class, refused.getCause(), call.getKey());
            String message = refused.getCause().getMessage();
            assertTrue(message.contains(f.name()) && message.contains(file.toString())
                    && message.contains("is confined to thread " + opener + ", which opened it")
                    && message.contains("was called from thread ForkJoinPool"), call.getKey() + ": " + message);
        }
        assertEquals(5L, longs.get(0), "nothing was written");
        f.close();
        for (var call : calls.entrySet()) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(call.getValue()).get(), call.getKey());
            assertInstanceOf(IllegalStateException.class, refused.getCause(), call.getKey());
            assertTrue(refused.getCause().getMessage().contains(f.name() + " (" + file + ") is closed"),
                    call.getKey() + ": " + refused.getCause().getMessage());
        }
    }

    @Test
    void a_growth_of_a_confined_mapping_from_another_thread_is_refused_naming_it_and_leaves_the_file_as_it_was()
            throws Exception {
        Path file = dir.resolve("confined-growth.bin");
        try (MappedFile f = mapped.open(file,
                MappingConfig.builder().mode(MappingConfig.Mode.CREATE).size(64).arena(MappingConfig.Arena.CONFINED).build())) {
            for (Runnable call : List.<Runnable>of(() -> f.grow(1L << 30), () -> f.createTyped(LONGS, 1L << 20))) {
                ExecutionException grow = assertThrows(ExecutionException.class, () -> CompletableFuture.runAsync(call).get());
                assertInstanceOf(WrongThreadException.class, grow.getCause());
                assertTrue(grow.getCause().getMessage().contains("confined-growth.bin")
                        && grow.getCause().getMessage().contains("is confined to thread " + Thread.currentThread().getName()),
                        grow.getCause().getMessage());
                assertEquals(64, Files.size(file), "the refused growth left the file's size alone");
                assertEquals(64, f.byteSize());
            }
            f.grow(128);
            assertEquals(128, Files.size(file));
        }
    }

    @Test
    void force_on_close_writes_the_pages_and_the_data_is_in_the_file_after_close() throws IOException {
        Path file = dir.resolve("force.bin");
        try (MappedFile f = mapped.open(file, MappingConfig.builder().mode(MappingConfig.Mode.CREATE).size(16)
                .forceOnClose(true).build())) {
            f.slice(LONGS).set(1, 0x1122334455667788L);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(16, bytes.length);
        assertEquals((byte) 0x88, bytes[8]);
        assertEquals((byte) 0x11, bytes[15]);
    }

    @Test
    void guarded_returns_the_result_lets_other_exceptions_through_and_names_a_closed_mapping() {
        MappedFile f = longs("guarded.bin", 10);
        MappedSlice<Long> s = f.slice(LONGS);
        assertEquals(450L, f.guarded(() -> s.stream().mapToLong(Long::longValue).sum()));
        IllegalArgumentException mine = new IllegalArgumentException("mine");
        assertEquals(mine, assertThrows(IllegalArgumentException.class, () -> f.guarded(() -> {
            throw mine;
        })));
        assertThrows(IndexOutOfBoundsException.class, () -> f.guarded(() -> s.get(10)));
        IllegalStateException inside = assertThrows(IllegalStateException.class, () -> f.guarded(() -> {
            f.close();
            return s.get(0);
        }));
        assertTrue(inside.getMessage().endsWith("guarded.bin) is closed"), inside.getMessage());
        assertFalse(inside.getCause() != null && inside.getMessage().equals(inside.getCause().getMessage()),
                "the slice's refusal is passed on, not wrapped in the same words: " + inside.getCause());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> f.guarded(() -> s.get(0)));
        assertTrue(closed.getMessage().contains("guarded.bin") && closed.getMessage().contains("is closed"),
                closed.getMessage());
        AtomicBoolean ran = new AtomicBoolean();
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> f.guarded(() -> ran.getAndSet(true)));
        assertTrue(before.getMessage().contains("guarded.bin") && before.getMessage().contains("is closed"),
                before.getMessage());
        assertFalse(ran.get(), "guarded ran its code on a closed mapping");
    }

    @Test
    void a_fifo_is_refused_in_every_mode_without_blocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        try {
            new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            abort("needs mkfifo: " + e);
        }
        assumeTrue(Files.exists(fifo), "mkfifo made no FIFO");
        for (MappingConfig config : List.of(MappingConfig.readOnly(), MappingConfig.readWrite(), MappingConfig.create(4096))) {
            CompletableFuture<MappedFile> opening = CompletableFuture.supplyAsync(() -> mapped.open(fifo, config));
            MappedFile opened = null;
            try {
                opened = opening.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException blocked) {
                // Release the thread blocked in open(2) by opening the FIFO's other end.
                FileChannel.open(fifo, StandardOpenOption.WRITE).close();
                fail("mode " + config.mode().text() + " blocked opening the FIFO");
            } catch (ExecutionException e) {
                MappingException refused = assertInstanceOf(MappingException.class, e.getCause());
                assertEquals(MappingException.Kind.IO, refused.kind());
                assertEquals(fifo.toString(), refused.file());
                assertTrue(refused.getMessage().contains("cannot map " + fifo + ": it is a FIFO (named pipe), not a regular file"),
                        refused.getMessage());
            }
            if (opened != null) {
                long size = opened.byteSize();
                opened.close();
                fail("mode " + config.mode().text() + " mapped the FIFO, " + size + " bytes");
            }
        }
    }

    @Test
    void a_directory_a_device_or_a_socket_is_refused_and_a_link_to_a_regular_file_is_mapped() throws IOException {
        for (MappingConfig config : List.of(MappingConfig.readOnly(), MappingConfig.readWrite(), MappingConfig.create(4096))) {
            MappingException directory = assertThrows(MappingException.class, () -> mapped.open(dir, config));
            assertEquals(MappingException.Kind.IO, directory.kind());
            assertTrue(directory.getMessage().contains("cannot map " + dir + ": it is a directory, not a regular file"),
                    directory.getMessage());
        }
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            MappingException device = assertThrows(MappingException.class, () -> mapped.open(zero, MappingConfig.readOnly()));
            assertEquals(MappingException.Kind.IO, device.kind());
            assertTrue(device.getMessage().contains("cannot map /dev/zero: it is a character device, not a regular file"),
                    device.getMessage());
        }
        Path socket = dir.resolve("socket");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            MappingException refused = assertThrows(MappingException.class, () -> mapped.open(socket, MappingConfig.readWrite()));
            assertTrue(refused.getMessage().contains("it is a socket, not a regular file"), refused.getMessage());
        } catch (UnsupportedOperationException e) {
            // No Unix domain sockets here: nothing to check.
        }
        Path target = dir.resolve("target.bin");
        Files.write(target, new byte[16]);
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("link.bin"), target);
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }
        try (MappedFile f = mapped.open(link, MappingConfig.readWrite())) {
            f.slice(LONGS).set(1, 9L);
        }
        assertEquals(9, Files.readAllBytes(target)[8]);
    }

    @Test
    void mode_create_in_a_directory_that_does_not_exist_names_the_directory() {
        Path missing = dir.resolve("no-such-dir");
        MappingException e = assertThrows(MappingException.class,
                () -> mapped.open(missing.resolve("data.bin"), MappingConfig.create(4096)));
        assertEquals(MappingException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains("the parent directory " + missing + " does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("maps an existing file"), e.getMessage());
        assertFalse(Files.exists(missing), "nothing was created");
    }
}
