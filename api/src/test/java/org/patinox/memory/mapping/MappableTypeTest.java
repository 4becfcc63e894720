package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.internal.RecordType;

/** Layouts of the built-in and record types, their validation, and round trips through a mapped file. */
final class MappableTypeTest {

    /** Padding needed between x and y, none after. */
    public record IntThenLong(int x, long y) {
    }

    /** No padding between, 4 bytes after. */
    public record LongThenInt(long y, int x) {
    }

    /** Every primitive kind. */
    public record Everything(byte b, boolean z, short s, char c, int i, float f, long l, double d) {
    }

    /** Same bytes as IntThenLong, other names: another signature. */
    public record Renamed(int a, long b) {
    }

    /** Not mappable. */
    public record WithString(int x, String name) {
    }

    /** Nothing to map. */
    public record Empty() {
    }

    /** A constructor that validates what it is given, as records often do. */
    public record Positive(int x, long y) {
        public Positive {
            if (x < 0) {
                throw new IllegalArgumentException("x must be 0 or more, but was " + x);
            }
            if (y < 0) {
                // The arena's refusal of a closed mapping is one too: this one must not pass for it.
                throw new IllegalStateException("y must be 0 or more, but was " + y);
            }
        }
    }

    /**
     * The widest record a method handle can construct: its components take 253 parameter slots (a
     * long takes two).
     */
    public record Widest(
            long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7, long c8, long c9, long c10,
            long c11, long c12, long c13, long c14, long c15, long c16, long c17, long c18, long c19, long c20,
            long c21, long c22, long c23, long c24, long c25, long c26, long c27, long c28, long c29, long c30,
            long c31, long c32, long c33, long c34, long c35, long c36, long c37, long c38, long c39, long c40,
            long c41, long c42, long c43, long c44, long c45, long c46, long c47, long c48, long c49, long c50,
            long c51, long c52, long c53, long c54, long c55, long c56, long c57, long c58, long c59, long c60,
            long c61, long c62, long c63, long c64, long c65, long c66, long c67, long c68, long c69, long c70,
            long c71, long c72, long c73, long c74, long c75, long c76, long c77, long c78, long c79, long c80,
            long c81, long c82, long c83, long c84, long c85, long c86, long c87, long c88, long c89, long c90,
            long c91, long c92, long c93, long c94, long c95, long c96, long c97, long c98, long c99, long c100,
            long c101, long c102, long c103, long c104, long c105, long c106, long c107, long c108, long c109,
            long c110, long c111, long c112, long c113, long c114, long c115, long c116, long c117, long c118,
            long c119, long c120, long c121, long c122, long c123, long c124, long c125, int c126) {
    }

    /** One slot wider: 254, which javac allows and no method handle takes. */
    public record TooWide(
            long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7, long c8, long c9, long c10,
            long c11, long c12, long c13, long c14, long c15, long c16, long c17, long c18, long c19, long c20,
            long c21, long c22, long c23, long c24, long c25, long c26, long c27, long c28, long c29, long c30,
            long c31, long c32, long c33, long c34, long c35, long c36, long c37, long c38, long c39, long c40,
            long c41, long c42, long c43, long c44, long c45, long c46, long c47, long c48, long c49, long c50,
            long c51, long c52, long c53, long c54, long c55, long c56, long c57, long c58, long c59, long c60,
            long c61, long c62, long c63, long c64, long c65, long c66, long c67, long c68, long c69, long c70,
            long c71, long c72, long c73, long c74, long c75, long c76, long c77, long c78, long c79, long c80,
            long c81, long c82, long c83, long c84, long c85, long c86, long c87, long c88, long c89, long c90,
            long c91, long c92, long c93, long c94, long c95, long c96, long c97, long c98, long c99, long c100,
            long c101, long c102, long c103, long c104, long c105, long c106, long c107, long c108, long c109,
            long c110, long c111, long c112, long c113, long c114, long c115, long c116, long c117, long c118,
            long c119, long c120, long c121, long c122, long c123, long c124, long c125, long c126) {
    }

    @TempDir
    Path dir;

    private final Mapped mapped = new Mapped();

    @Test
    void a_record_is_laid_out_as_a_c_struct_with_padding_before_a_member_and_at_the_end() {
        RecordType<IntThenLong> a = (RecordType<IntThenLong>) MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN);
        assertEquals(16, a.byteSize());
        assertEquals(8, a.layout().byteAlignment());
        assertEquals(8, a.layout().byteOffset(MemoryLayout.PathElement.groupElement("y")));
        assertEquals(4, a.paddingBytes());
        RecordType<LongThenInt> b = (RecordType<LongThenInt>) MappableType.record(LongThenInt.class, ByteOrder.LITTLE_ENDIAN);
        assertEquals(16, b.byteSize());
        assertEquals(8, b.layout().byteOffset(MemoryLayout.PathElement.groupElement("x")));
        assertEquals(4, b.paddingBytes());
        RecordType<Everything> all = (RecordType<Everything>) MappableType.record(Everything.class, ByteOrder.BIG_ENDIAN);
        // b@0 z@1 s@2 c@4 pad2 i@8 f@12 l@16 d@24 = 32
        assertEquals(32, all.byteSize());
        assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 12L, 16L, 24L),
                List.of("b", "z", "s", "c", "i", "f", "l", "d").stream()
                        .map(n -> all.layout().byteOffset(MemoryLayout.PathElement.groupElement(n))).toList());
        assertEquals("struct IntThenLong{i32le x@0, pad 4@4, i64le y@8} size 16 align 8", a.signatureText());
    }

    @Test
    void the_signature_changes_with_order_names_and_members_and_not_otherwise() {
        long le = MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN).signature();
        assertEquals(le, MappableType.record(IntThenLong.class, ByteOrder.LITTLE_ENDIAN).signature());
        assertNotEquals(le, MappableType.record(IntThenLong.class, ByteOrder.BIG_ENDIAN).signature());
        assertNotEquals(le, MappableType.record(Renamed.class, ByteOrder.LITTLE_ENDIAN).signature());
        assertNotEquals(le, MappableType.record(LongThenInt.class, ByteOrder.LITTLE_ENDIAN).signature());
        assertNotEquals(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN).signature(),
                MappableType.ofDouble(ByteOrder.LITTLE_ENDIAN).signature());
        assertSame(MappableType.ofLong(ByteOrder.BIG_ENDIAN), MappableType.ofLong(ByteOrder.BIG_ENDIAN));
    }

    @Test
    void records_that_cannot_be_mapped_are_refused_naming_the_reason() {
        MappingException string = assertThrows(MappingException.class,
                () -> MappableType.record(WithString.class, ByteOrder.LITTLE_ENDIAN));
        assertEquals(MappingException.Kind.LAYOUT, string.kind());
        assertTrue(string.getMessage().contains("component name of type java.lang.String"), string.getMessage());
        MappingException empty = assertThrows(MappingException.class,
                () -> MappableType.record(Empty.class, ByteOrder.LITTLE_ENDIAN));
        assertTrue(empty.getMessage().contains("has no component"), empty.getMessage());
        MappingException wide = assertThrows(MappingException.class,
                () -> MappableType.record(TooWide.class, ByteOrder.LITTLE_ENDIAN));
        assertEquals(MappingException.Kind.LAYOUT, wide.kind());
        assertTrue(wide.getMessage().contains("record " + TooWide.class.getName() + " has components taking 254"
                + " parameter slots"), wide.getMessage());
    }

    @Test
    void the_widest_record_a_method_handle_can_construct_round_trips() {
        MappableType<Widest> type = MappableType.record(Widest.class, ByteOrder.BIG_ENDIAN);
        assertEquals(126 * 8 + 8, type.byteSize());
        try (MappedFile f = mapped.open(dir.resolve("widest.bin"), MappingConfig.create(2 * type.byteSize()))) {
            MappedSlice<Widest> slice = f.slice(type);
            MappedSlice<Long> first = slice.component("c0", Long.class);
            MappedSlice<Integer> last = slice.component("c126", Integer.class);
            first.set(1, 7L);
            last.set(1, 9);
            slice.set(0, slice.get(1));
            assertEquals(7L, slice.get(0).c0());
            assertEquals(9, slice.get(0).c126());
        }
    }

    /** A type of the user's over a given layout, to feed validation layouts a record never makes. */
    record Custom(MemoryLayout layout) implements MappableType<Long> {
        @Override
        public Class<Long> javaType() {
            return Long.class;
        }

        @Override
        public Long read(MemorySegment segment, long byteOffset) {
            return segment.get(ValueLayout.JAVA_LONG, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Long value) {
            segment.set(ValueLayout.JAVA_LONG, byteOffset, value);
        }
    }

    /** A type of the user's whose stride disagrees with its layout, or that has no layout. */
    private record Strided(long byteSize, MemoryLayout layout) implements MappableType<Long> {
        @Override
        public Class<Long> javaType() {
            return Long.class;
        }

        @Override
        public Long read(MemorySegment segment, long byteOffset) {
            return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Long value) {
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, byteOffset, value);
        }
    }

    @Test
    void a_type_whose_byte_size_is_not_its_layouts_or_that_has_no_layout_is_refused_before_any_slice() {
        try (MappedFile f = mapped.open(dir.resolve("strided.bin"), MappingConfig.create(128))) {
            for (long size : new long[] {0, -8, 4, 1, 16}) {
                Strided type = new Strided(size, ValueLayout.JAVA_LONG);
                List<Executable> calls = List.of(() -> f.slice(type), () -> f.slice(type, 0, 2),
                        () -> f.createTyped(type, 2), () -> f.openTyped(type));
                for (Executable call : calls) {
                    MappingException e = assertThrows(MappingException.class, call, "byteSize " + size);
                    assertEquals(MappingException.Kind.LAYOUT, e.kind());
                    assertTrue(e.getMessage().contains("says its elements take byteSize() " + size + " bytes, but its layout")
                            && e.getMessage().contains("holds 8"), e.getMessage());
                }
            }
            MappingException none = assertThrows(MappingException.class, () -> f.slice(new Strided(8, null)));
            assertEquals(MappingException.Kind.LAYOUT, none.kind());
            assertTrue(none.getMessage().contains("has no layout"), none.getMessage());
            assertEquals(16, f.slice(new Strided(8, ValueLayout.JAVA_LONG)).length());
        }
    }

    @Test
    void a_type_aligned_past_the_header_is_refused_as_a_typed_file_before_the_file_is_grown_or_written()
            throws java.io.IOException {
        Path file = dir.resolve("aligned.bin");
        Custom wide = new Custom(MemoryLayout.structLayout(ValueLayout.JAVA_LONG.withName("v"),
                MemoryLayout.paddingLayout(120)).withByteAlignment(128));
        wide.validateLayout();
        try (MappedFile f = mapped.open(file, MappingConfig.create(16))) {
            MappingException created = assertThrows(MappingException.class, () -> f.createTyped(wide, 4));
            assertEquals(MappingException.Kind.LAYOUT, created.kind());
            assertTrue(created.getMessage().contains("is aligned to 128 bytes, but a typed file's elements start at byte 64"),
                    created.getMessage());
            assertEquals(16, f.byteSize());
            assertArrayEquals(new byte[16], java.nio.file.Files.readAllBytes(file), "no header was written");
            MappingException opened = assertThrows(MappingException.class, () -> f.openTyped(wide));
            assertEquals(MappingException.Kind.LAYOUT, opened.kind());
            assertTrue(opened.getMessage().contains("is aligned to 128 bytes"), opened.getMessage());
            assertEquals(0, f.slice(wide, 0, 0).length(), "untyped, at an aligned offset, it is sliced");
        }
    }

    @Test
    void a_layout_without_trailing_padding_is_refused_with_the_size_expected() {
        // 12 bytes, aligned to 8 by its long but not padded: the second element's long would sit at 12.
        StructLayout unpadded = MemoryLayout.structLayout(ValueLayout.JAVA_LONG.withName("a"),
                ValueLayout.JAVA_INT.withName("b"));
        MappingException e = assertThrows(MappingException.class, () -> new Custom(unpadded).validateLayout());
        assertEquals(MappingException.Kind.LAYOUT, e.kind());
        assertTrue(e.getMessage().contains("has size 12") && e.getMessage().contains("expected size 16"), e.getMessage());
        new Custom(MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, MemoryLayout.paddingLayout(4)))
                .validateLayout();
    }

    @Test
    void a_misaligned_member_is_refused_with_the_offset_expected() {
        StructLayout misaligned = MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("a"),
                ValueLayout.JAVA_LONG.withByteAlignment(4).withName("b"), MemoryLayout.paddingLayout(4));
        MappingException e = assertThrows(MappingException.class, () -> new Custom(misaligned).validateLayout());
        assertTrue(e.getMessage().contains("i64le b at offset 4") && e.getMessage().contains("expected offset 8"),
                e.getMessage());
    }

    @Test
    void an_empty_layout_an_address_and_an_alignment_past_a_page_are_refused() {
        assertThrows(MappingException.class, () -> new Custom(MemoryLayout.structLayout()).validateLayout());
        MappingException address = assertThrows(MappingException.class,
                () -> new Custom(MemoryLayout.structLayout(ValueLayout.ADDRESS.withName("next"))).validateLayout());
        assertTrue(address.getMessage().contains("holds an address (next)"), address.getMessage());
        assertThrows(MappingException.class,
                () -> new Custom(ValueLayout.JAVA_LONG.withByteAlignment(8192)).validateLayout());
    }

    @Test
    void a_slice_validates_a_custom_type_before_any_access() throws Exception {
        Path file = dir.resolve("custom.bin");
        try (MappedFile f = mapped.open(file, MappingConfig.create(96))) {
            StructLayout unpadded = MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
            assertThrows(MappingException.class, () -> f.slice(new Custom(unpadded), 0, 2));
        }
    }

    /** Ints stored with a bias, as some formats do: what is read is not the bytes' value. */
    private record Biased() implements MappableType<Integer> {
        @Override
        public MemoryLayout layout() {
            return ValueLayout.JAVA_INT;
        }

        @Override
        public Class<Integer> javaType() {
            return Integer.class;
        }

        @Override
        public Integer read(MemorySegment segment, long byteOffset) {
            return segment.get(ValueLayout.JAVA_INT, byteOffset) - 1000;
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Integer value) {
            segment.set(ValueLayout.JAVA_INT, byteOffset, value + 1000);
        }
    }

    /** Instants as epoch milliseconds: a long in the file, not a {@code Long} to the user. */
    private record Millis() implements MappableType<java.time.Instant> {
        @Override
        public MemoryLayout layout() {
            return ValueLayout.JAVA_LONG;
        }

        @Override
        public Class<java.time.Instant> javaType() {
            return java.time.Instant.class;
        }

        @Override
        public java.time.Instant read(MemorySegment segment, long byteOffset) {
            return java.time.Instant.ofEpochMilli(segment.get(ValueLayout.JAVA_LONG, byteOffset));
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, java.time.Instant value) {
            segment.set(ValueLayout.JAVA_LONG, byteOffset, value.toEpochMilli());
        }
    }

    @Test
    void the_bulk_copies_of_a_custom_type_read_and_write_through_it_as_get_and_set_do() {
        try (MappedFile f = mapped.open(dir.resolve("biased.bin"), MappingConfig.create(64))) {
            MappedSlice<Integer> biased = f.slice(new Biased());
            biased.set(0, 5);
            biased.copyFrom(new int[] {6, 7}, 0, 1, 2);
            biased.copyFrom(new Integer[] {8}, 0, 3, 1);
            assertEquals(List.of(5, 6, 7, 8), List.of(biased.get(0), biased.get(1), biased.get(2), biased.get(3)));
            int[] primitive = new int[4];
            biased.copyTo(0, primitive, 0, 4);
            assertArrayEquals(new int[] {5, 6, 7, 8}, primitive);
            Integer[] boxed = new Integer[4];
            biased.copyTo(0, boxed, 0, 4);
            assertArrayEquals(new Integer[] {5, 6, 7, 8}, boxed);
            assertEquals(1005, f.slice(MappableType.ofInt(java.nio.ByteOrder.nativeOrder())).get(0), "written through the type");

            MappedSlice<java.time.Instant> instants = f.slice(new Millis());
            IllegalArgumentException longs = assertThrows(IllegalArgumentException.class,
                    () -> instants.copyTo(0, new long[1], 0, 1));
            assertTrue(longs.getMessage().contains("array must be a java.time.Instant[]"), longs.getMessage());
            assertThrows(IllegalArgumentException.class, () -> instants.copyFrom(new long[1], 0, 0, 1));
        }
    }

    @Test
    void every_built_in_type_round_trips_in_both_byte_orders_and_lies_in_the_order_asked() {
        Path file = dir.resolve("types.bin");
        try (MappedFile f = mapped.open(file, MappingConfig.create(4096))) {
            MappedSlice<Byte> bytes = f.slice(MappableType.ofByte());
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                boolean little = order == ByteOrder.LITTLE_ENDIAN;
                roundTrip(f.slice(MappableType.ofByte()), List.of((byte) 0, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE));
                roundTrip(f.slice(MappableType.ofShort(order)), List.of((short) 0x0102, Short.MIN_VALUE, Short.MAX_VALUE));
                assertEquals((byte) (little ? 2 : 1), bytes.get(0));
                roundTrip(f.slice(MappableType.ofInt(order)), List.of(0x01020304, Integer.MIN_VALUE, -1));
                assertEquals((byte) (little ? 4 : 1), bytes.get(0));
                roundTrip(f.slice(MappableType.ofLong(order)), List.of(0x0102030405060708L, Long.MIN_VALUE, Long.MAX_VALUE));
                assertEquals((byte) (little ? 8 : 1), bytes.get(0));
                roundTrip(f.slice(MappableType.ofFloat(order)), List.of(1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0.0f));
                roundTrip(f.slice(MappableType.ofDouble(order)), List.of(Math.PI, Double.NaN, Double.MIN_VALUE, -0.0));
            }
        }
    }

    private static <T> void roundTrip(MappedSlice<T> slice, List<T> values) {
        for (int i = 0; i < values.size(); i++) {
            slice.set(i, values.get(i));
        }
        for (int i = 0; i < values.size(); i++) {
            assertEquals(values.get(i), slice.get(i), slice.type() + " at " + i);
        }
    }

    @Test
    void records_round_trip_in_both_byte_orders() {
        Path file = dir.resolve("records.bin");
        try (MappedFile f = mapped.open(file, MappingConfig.create(32 * 100))) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, order));
                assertEquals(100, all.length());
                for (int i = 0; i < 100; i++) {
                    all.set(i, everything(i));
                }
                for (int i = 0; i < 100; i++) {
                    assertEquals(everything(i), all.get(i));
                }
                MappedSlice<IntThenLong> pairs = f.slice(MappableType.record(IntThenLong.class, order));
                pairs.set(3, new IntThenLong(-7, Long.MIN_VALUE));
                assertEquals(new IntThenLong(-7, Long.MIN_VALUE), pairs.get(3));
            }
        }
    }

    @Test
    void a_record_its_constructor_refuses_is_a_mapping_exception_naming_the_file_the_element_and_the_record() {
        Path file = dir.resolve("positive.bin");
        MappedFile f = mapped.open(file, MappingConfig.create(16 * 10));
        {
            MappedSlice<Positive> records = f.slice(MappableType.record(Positive.class, ByteOrder.LITTLE_ENDIAN));
            for (int i = 0; i < 10; i++) {
                records.set(i, new Positive(i, i));
            }
            // Written through the columns, which no constructor checks.
            records.component("x", Integer.class).set(7, -1);
            records.component("y", Long.class).set(9, -2L);
            assertEquals(new Positive(6, 6), records.get(6));
            List<Executable> reads = List.of(() -> records.get(7), () -> records.slice(5, 10).get(2),
                    () -> records.stream().forEach(r -> { }), () -> records.stream().toList(),
                    () -> records.copyTo(0, new Positive[10], 0, 10), () -> records.copyTo(4, new Object[6], 0, 6));
            for (Executable read : reads) {
                MappingException e = assertThrows(MappingException.class, read);
                assertEquals(MappingException.Kind.ELEMENT, e.kind());
                assertEquals(file.toString(), e.file());
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
                assertTrue(e.getMessage().contains("the record at byte 112 of " + file)
                        && e.getMessage().contains("is not a " + Positive.class.getName())
                        && e.getMessage().contains("x must be 0 or more, but was -1"), e.getMessage());
            }
            MappingException relative = assertThrows(MappingException.class, () -> records.slice(5, 10).get(2));
            assertTrue(relative.getMessage().contains("(element 2 of the slice read)"), relative.getMessage());
            // An IllegalStateException of the constructor is the constructor's, not a closed mapping's.
            MappingException state = assertThrows(MappingException.class, () -> records.get(9));
            assertEquals(MappingException.Kind.ELEMENT, state.kind());
            assertInstanceOf(IllegalStateException.class, state.getCause());
            assertTrue(state.getMessage().contains("element 9 of the slice read"), state.getMessage());
            MappingException copied = assertThrows(MappingException.class,
                    () -> records.slice(8, 10).copyTo(0, new Positive[2], 0, 2));
            assertTrue(copied.getMessage().contains("the record at byte 144 of " + file + " (element 1 of the slice read)"),
                    copied.getMessage());
            f.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> records.get(7));
            assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
            assertThrows(IllegalStateException.class, () -> records.copyTo(0, new Positive[1], 0, 1));
        }
    }

    static Everything everything(int i) {
        return new Everything((byte) i, i % 2 == 0, (short) (i * 3), (char) ('a' + i), i * 1_000_003, i / 3f,
                (long) i << 40 | i, i * Math.E);
    }
}
