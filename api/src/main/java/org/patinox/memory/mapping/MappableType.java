package org.patinox.memory.mapping;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.internal.Layouts;
import org.patinox.memory.mapping.internal.PrimitiveTypes;
import org.patinox.memory.mapping.internal.RecordType;

/**
 * A Java type as it lies in mapped memory: a {@link MemoryLayout} of fixed size, and the reading and
 * writing of one element at a byte offset. Built-ins cover {@code byte}, {@code short}, {@code int},
 * {@code long}, {@code float} and {@code double}, each in an explicit byte order, and {@link
 * #record(Class, ByteOrder) records} of primitive components.
 *
 * <p>A {@link MappedSlice} checks every index before it calls {@link #read} or {@link #write}, and
 * aligns its elements to {@link #layout()}'s alignment; an implementation of this interface may
 * therefore assume an offset in range and aligned. Implementations are immutable and thread-safe.
 *
 * <p>The {@link #signature()} identifies the layout in a typed file's header (see {@link
 * MappedFile#createTyped}): two types with the same signature read the same bytes the same way.
 *
 * @param <T> the Java type of one element
 */
public interface MappableType<T> {

    /** @return the layout of one element: its size, alignment, byte order and, for records, members */
    MemoryLayout layout();

    /** @return the Java type of one element: {@code Long.class} for longs, the record class for records */
    Class<T> javaType();

    /**
     * Reads one element.
     *
     * @param segment the memory to read; a {@link MappedSlice} passes the mapping's
     * @param byteOffset where the element starts, aligned to {@link #layout()}'s alignment
     * @return the element
     */
    T read(MemorySegment segment, long byteOffset);

    /**
     * Writes one element.
     *
     * @param segment the memory to write
     * @param byteOffset where the element starts, aligned to {@link #layout()}'s alignment
     * @param value the element; not {@code null}
     */
    void write(MemorySegment segment, long byteOffset, T value);

    /**
     * @return {@link #layout()}'s size in bytes: the stride of a slice of this type. An
     *     implementation that overrides it must return that size: a file refuses to slice a type
     *     whose byte size is not its layout's, with a {@link MappingException} of kind {@link
     *     MappingException.Kind#LAYOUT}
     */
    default long byteSize() {
        return layout().byteSize();
    }

    /**
     * A canonical text of the layout: byte order, then each member's kind, name and offset, the
     * padding and the size, such as {@code LE struct Point{i32 x@0, pad 4@4, i64 y@8} size 16}.
     *
     * @return the text the {@link #signature()} is computed from
     */
    default String signatureText() {
        return Layouts.signatureText(layout());
    }

    /** @return a 64-bit hash (FNV-1a) of {@link #signatureText()}, stored in a typed file's header */
    default long signature() {
        return Layouts.signature(signatureText());
    }

    /**
     * Checks that the layout can be mapped as an array: it has a size, its size is a multiple of
     * its alignment (so that every element of an array is aligned as the first), every member lies
     * at an offset aligned to its own alignment, it holds no address (no raw pointer may be read
     * from a file), and its alignment is at most a page (4096 bytes), which every mapping has.
     *
     * @throws MappingException of kind {@link MappingException.Kind#LAYOUT}, saying what is wrong
     *     with which member, and what was expected
     */
    default void validateLayout() {
        Layouts.validate(layout());
    }

    /**
     * @return {@code byte}s: one byte each, byte order irrelevant
     */
    static MappableType<Byte> ofByte() {
        return PrimitiveTypes.BYTE;
    }

    /**
     * @param order the byte order in the file
     * @return {@code short}s of 2 bytes, aligned to 2
     */
    static MappableType<Short> ofShort(ByteOrder order) {
        return PrimitiveTypes.ofShort(order);
    }

    /**
     * @param order the byte order in the file
     * @return {@code int}s of 4 bytes, aligned to 4
     */
    static MappableType<Integer> ofInt(ByteOrder order) {
        return PrimitiveTypes.ofInt(order);
    }

    /**
     * @param order the byte order in the file
     * @return {@code long}s of 8 bytes, aligned to 8
     */
    static MappableType<Long> ofLong(ByteOrder order) {
        return PrimitiveTypes.ofLong(order);
    }

    /**
     * @param order the byte order in the file
     * @return {@code float}s of 4 bytes (IEEE 754), aligned to 4
     */
    static MappableType<Float> ofFloat(ByteOrder order) {
        return PrimitiveTypes.ofFloat(order);
    }

    /**
     * @param order the byte order in the file
     * @return {@code double}s of 8 bytes (IEEE 754), aligned to 8
     */
    static MappableType<Double> ofDouble(ByteOrder order) {
        return PrimitiveTypes.ofDouble(order);
    }

    /**
     * Derives a struct layout from a record whose components are all primitives ({@code boolean}
     * as one byte, 0 or 1; {@code char} as 2 bytes), and reads and writes it through the record's
     * canonical constructor and accessors.
     *
     * <p>Padding rules, as a C compiler lays out a struct: the members lie in the order of the
     * record's components (never reordered, so the file format follows the declaration); each is
     * aligned to its own size, with padding inserted before it where needed; the struct's
     * alignment is its largest member's, and trailing padding rounds its size up to a multiple of
     * it, so that the elements of an array are all aligned. {@code record P(int x, long y)} is thus
     * {@code x@0, 4 bytes padding, y@8}, size 16; {@code record Q(long y, int x)} is {@code y@0,
     * x@8, 4 bytes padding}, size 16. Order components from largest to smallest to waste nothing.
     * Padding is neither read nor written: it holds zeros in a file that {@link MappedFile#createTyped}
     * or {@link MappedFile#grow} extended.
     *
     * <p>The record and its canonical constructor must be accessible to this module: public in a
     * package its module exports (or opens) to {@code org.patinox.memory.api}, or any record on the
     * class path. A canonical constructor may validate its components: a slice's read of a
     * record it refuses is a {@link MappingException} of kind {@link MappingException.Kind#ELEMENT}
     * naming the file, the element and the record, with the constructor's exception as its cause.
     *
     * @param type the record class
     * @param order the byte order of every component in the file
     * @param <R> the record type
     * @return the type
     * @throws MappingException of kind {@link MappingException.Kind#LAYOUT} when a component is not
     *     a primitive, the record has no component, its components take more than 253 parameter
     *     slots (a {@code long} or {@code double} takes two; a method handle on its constructor
     *     takes no more), or it is not accessible, naming the component or the reason
     */
    static <R extends Record> MappableType<R> record(Class<R> type, ByteOrder order) {
        return RecordType.of(type, order);
    }
}
