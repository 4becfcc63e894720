package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.mapping.MappableTypeTest.everything;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.mapping.MappableTypeTest.Everything;
import org.patinox.memory.mapping.MappableTypeTest.IntThenLong;

/** The view of one component of every record: reads, writes, bounds, copies, types and refusals. */
final class ComponentViewTest {

    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    private final Mapped mapped = new Mapped();

    private MappedFile everythings(String name, ByteOrder order) {
        MappedFile f = mapped.open(dir.resolve(name), MappingConfig.create(32L * RECORDS));
        MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, order));
        for (int i = 0; i < RECORDS; i++) {
            all.set(i, everything(i));
        }
        return f;
    }

    /** Every component of every record, each read through its own view, in both byte orders. */
    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void each_component_view_reads_that_component_of_every_record(String orderName) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        try (MappedFile f = everythings("read-" + orderName + ".bin", order)) {
            MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, order));
            check(all, "b", Byte.class, Everything::b);
            check(all, "z", Boolean.class, Everything::z);
            check(all, "s", Short.class, Everything::s);
            check(all, "c", Character.class, Everything::c);
            check(all, "i", Integer.class, Everything::i);
            check(all, "f", Float.class, Everything::f);
            check(all, "l", Long.class, Everything::l);
            check(all, "d", Double.class, Everything::d);
        }
    }

    private static <C> void check(MappedSlice<Everything> all, String name, Class<C> type,
                                  Function<Everything, C> component) {
        MappedSlice<C> view = all.component(name, type);
        assertEquals(RECORDS, view.length());
        assertEquals(type, view.type().javaType());
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(component.apply(everything(i)), view.get(i), name + " of record " + i);
        }
        assertEquals(RECORDS, view.stream().count());
    }

    @Test
    void a_write_through_a_view_changes_that_component_alone() {
        try (MappedFile f = everythings("write.bin", ByteOrder.LITTLE_ENDIAN)) {
            MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, ByteOrder.LITTLE_ENDIAN));
            MappedSlice<Double> d = all.component("d", Double.class);
            MappedSlice<Character> c = all.component("c", Character.class);
            MappedSlice<Boolean> z = all.component("z", Boolean.class);
            d.set(7, -1.5);
            c.set(7, 'Z');
            z.set(8, true);
            Everything seven = everything(7);
            assertEquals(new Everything(seven.b(), seven.z(), seven.s(), 'Z', seven.i(), seven.f(), seven.l(), -1.5),
                    all.get(7));
            Everything eight = everything(8);
            assertEquals(new Everything(eight.b(), true, eight.s(), eight.c(), eight.i(), eight.f(), eight.l(), eight.d()),
                    all.get(8));
            for (int i = 0; i < RECORDS; i++) {
                if (i != 7 && i != 8) {
                    assertEquals(everything(i), all.get(i), "record " + i + " untouched");
                }
            }
        }
    }

    @Test
    void every_index_is_checked_against_the_view_and_its_sub_slices() {
        try (MappedFile f = everythings("bounds.bin", ByteOrder.LITTLE_ENDIAN)) {
            MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, ByteOrder.LITTLE_ENDIAN));
            MappedSlice<Long> l = all.component("l", Long.class);
            for (long bad : new long[] {-1, RECORDS, Long.MAX_VALUE, Long.MIN_VALUE}) {
                assertThrows(IndexOutOfBoundsException.class, () -> l.get(bad), "get " + bad);
                assertThrows(IndexOutOfBoundsException.class, () -> l.set(bad, 1L), "set " + bad);
            }
            MappedSlice<Long> middle = l.slice(10, 20);
            assertEquals(10, middle.length());
            assertEquals(everything(10).l(), middle.get(0));
            assertEquals(everything(19).l(), middle.get(9));
            assertThrows(IndexOutOfBoundsException.class, () -> middle.get(10));
            assertThrows(IndexOutOfBoundsException.class, () -> l.slice(50, 101));
            // A view of a sub-slice of records, and a sub-slice of a view, read the same records.
            MappedSlice<Long> ofRecords = all.slice(10, 20).component("l", Long.class);
            for (int i = 0; i < 10; i++) {
                assertEquals(middle.get(i), ofRecords.get(i));
            }
            assertEquals(all.slice(10, 20).byteOffset() + 16, ofRecords.byteOffset(), "l lies at byte 16 of a record");
        }
    }

    @Test
    void bulk_copies_go_element_by_element_into_primitive_and_boxed_arrays() {
        try (MappedFile f = everythings("copy.bin", ByteOrder.BIG_ENDIAN)) {
            MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, ByteOrder.BIG_ENDIAN));
            MappedSlice<Integer> ints = all.component("i", Integer.class);
            int[] primitive = new int[5];
            ints.copyTo(3, primitive, 0, 5);
            Integer[] boxed = new Integer[6];
            ints.copyTo(3, boxed, 1, 5);
            for (int k = 0; k < 5; k++) {
                assertEquals(everything(3 + k).i(), primitive[k]);
                assertEquals(everything(3 + k).i(), boxed[k + 1]);
            }
            ints.copyFrom(new int[] {-1, -2, -3}, 0, 97, 3);
            assertEquals(-3, all.get(99).i());
            assertEquals(everything(99).l(), all.get(99).l(), "the other components are untouched");
            assertThrows(IndexOutOfBoundsException.class, () -> ints.copyTo(98, primitive, 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> ints.copyFrom(primitive, 0, 98, 3));
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> ints.copyTo(0, new long[5], 0, 5));
            assertTrue(wrong.getMessage().contains("int[]"), wrong.getMessage());
            int[] unchanged = ints.stream().mapToInt(Integer::intValue).toArray();
            assertThrows(NullPointerException.class, () -> ints.copyFrom(new Integer[] {1, null}, 0, 0, 2));
            assertEquals(unchanged[0], ints.get(0), "a copy refused for its null element wrote nothing");
            assertEquals(unchanged[1], ints.get(1), "a copy refused for its null element wrote nothing");
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> ints.copyFrom(new Object[] {1, 2L}, 0, 0, 2));
            assertTrue(other.getMessage().contains("array element 1 is a java.lang.Long, not a java.lang.Integer"),
                    other.getMessage());
            assertEquals(unchanged[0], ints.get(0), "a copy refused for an element of another type wrote nothing");
        }
    }

    @Test
    void what_is_not_a_component_of_that_type_is_refused_naming_the_record_and_its_components() {
        try (MappedFile f = everythings("refused.bin", ByteOrder.LITTLE_ENDIAN)) {
            MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, ByteOrder.LITTLE_ENDIAN));
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> all.component("price", Double.class));
            assertTrue(missing.getMessage().contains("has no component price"), missing.getMessage());
            assertTrue(missing.getMessage().contains(Everything.class.getName()), missing.getMessage());
            assertTrue(missing.getMessage().contains("double d"), missing.getMessage());
            IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                    () -> all.component("d", Long.class));
            assertTrue(wrongType.getMessage().contains("component d of record " + Everything.class.getName()
                    + " is a double, so its type is java.lang.Double, not java.lang.Long"), wrongType.getMessage());
            assertThrows(IllegalArgumentException.class, () -> all.component("d", double.class));
            assertThrows(NullPointerException.class, () -> all.component(null, Double.class));
            assertThrows(NullPointerException.class, () -> all.component("d", null));
            MappedSlice<Long> longs = f.slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
            IllegalArgumentException notRecords = assertThrows(IllegalArgumentException.class,
                    () -> longs.component("d", Double.class));
            assertTrue(notRecords.getMessage().contains("not records"), notRecords.getMessage());
            IllegalArgumentException ofComponent = assertThrows(IllegalArgumentException.class,
                    () -> all.component("d", Double.class).component("d", Double.class));
            assertTrue(ofComponent.getMessage().contains("not a record"), ofComponent.getMessage());
        }
    }

    @Test
    void the_type_of_a_boolean_or_char_component_maps_a_slice_of_its_own() {
        try (MappedFile f = everythings("types.bin", ByteOrder.BIG_ENDIAN)) {
            MappedSlice<Everything> all = f.slice(MappableType.record(Everything.class, ByteOrder.BIG_ENDIAN));
            MappedSlice<Boolean> z = all.component("z", Boolean.class);
            MappedSlice<Character> c = all.component("c", Character.class);
            // One element at the component of record 3, read and written through the type alone.
            MappedSlice<Boolean> oneZ = f.slice(z.type(), z.byteOffset() + 3 * 32, 1);
            MappedSlice<Character> oneC = f.slice(c.type(), c.byteOffset() + 3 * 32, 1);
            assertEquals(everything(3).z(), oneZ.get(0));
            assertEquals(everything(3).c(), oneC.get(0));
            oneZ.set(0, !everything(3).z());
            oneC.set(0, '\u20ac');
            assertEquals(!everything(3).z(), all.get(3).z());
            assertEquals('\u20ac', all.get(3).c());
            assertEquals(1, z.type().byteSize());
            assertEquals(2, c.type().byteSize());
        }
    }

    @Test
    void a_read_only_file_refuses_writes_and_a_closed_one_every_access() {
        Path file = dir.resolve("modes.bin");
        everythings("modes.bin", ByteOrder.LITTLE_ENDIAN).close();
        MappedSlice<Double> d;
        try (MappedFile f = mapped.open(file, MappingConfig.readOnly())) {
            d = f.slice(MappableType.record(Everything.class, ByteOrder.LITTLE_ENDIAN)).component("d", Double.class);
            assertTrue(d.isReadOnly());
            assertEquals(everything(5).d(), d.get(5));
            assertThrows(UnsupportedOperationException.class, () -> d.set(5, 1.0));
            assertThrows(UnsupportedOperationException.class, () -> d.copyFrom(new double[1], 0, 0, 1));
        }
        assertThrows(IllegalStateException.class, () -> d.get(5));
    }

    @Test
    void the_view_has_the_component_type_and_offset_and_reads_as_a_slice_of_that_type_would() {
        try (MappedFile f = mapped.open(dir.resolve("pairs.bin"), MappingConfig.create(16L * 4))) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                MappedSlice<IntThenLong> pairs = f.slice(MappableType.record(IntThenLong.class, order));
                for (int i = 0; i < 4; i++) {
                    pairs.set(i, new IntThenLong(i + 1, -(i + 1L)));
                }
                MappedSlice<Long> y = pairs.component("y", Long.class);
                assertEquals(MappableType.ofLong(order).signatureText(), y.type().signatureText());
                assertEquals(8, y.byteOffset(), "y lies after x and 4 bytes of padding");
                // The same bytes, read as a plain slice of longs: every other long is a y.
                MappedSlice<Long> longs = f.slice(MappableType.ofLong(order));
                long[] ys = new long[4];
                y.copyTo(0, ys, 0, 4);
                for (int i = 0; i < 4; i++) {
                    assertEquals(longs.get(2L * i + 1), ys[i]);
                }
                assertArrayEquals(new long[] {-1, -2, -3, -4}, ys);
            }
        }
    }
}
