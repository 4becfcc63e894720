package org.patinox.memory.mapping;

import java.util.stream.Stream;
import org.patinox.memory.MappingException;

/**
 * A typed, bounds-checked view of a range of a {@link MappedFile}: {@link #length()} elements of
 * one {@link MappableType}, indexed from 0 with {@code long} indexes, so that a slice may exceed
 * 2<sup>31</sup> elements and lie past 4 GiB in its file.
 *
 * <p>Every index is checked against this slice's own length, whatever slice it was cut from: an
 * index out of range is an {@link IndexOutOfBoundsException}, and no access ever reaches memory
 * outside the range. Once the file is closed, every access is an {@link IllegalStateException};
 * with a {@link MappingConfig.Arena#SHARED shared} arena this holds even for a thread in the middle
 * of a loop when another thread closes the file. When the file was truncated under the mapping
 * (by another process), an access to the pages lost is never a crash of the JVM: a {@link
 * MappingException} of kind {@link MappingException.Kind#TRUNCATED} from the bulk copies, and from
 * any access inside {@link MappedFile#guarded}; outside it, the JVM may raise the fault as an
 * {@link InternalError} a few instructions after a single {@link #get} (see {@code guarded}).
 *
 * <p>A slice is as thread-safe as its file's arena allows: any thread may use a slice of a
 * shared mapping (writes are plain memory writes, with no ordering between threads), while only
 * the opening thread may use a slice of a confined one, else {@link WrongThreadException} naming
 * the mapping, its file and both threads (every access: single, bulk, through a stream). A slice
 * holds no state of its own besides its range.
 *
 * @param <T> the type of its elements
 */
public interface MappedSlice<T> {

    /** @return the number of elements */
    long length();

    /** @return the type of the elements */
    MappableType<T> type();

    /** @return where the first element lies in the file, in bytes */
    long byteOffset();

    /** @return whether {@link #set} and {@link #copyFrom} are refused: the file is mapped read-only */
    boolean isReadOnly();

    /**
     * @param index from 0 to {@code length() - 1}
     * @return the element
     * @throws IndexOutOfBoundsException when the index is out of range
     * @throws IllegalStateException when the file is closed
     * @throws MappingException when the file was truncated under the mapping and the JVM raised
     *     the fault inside this call (see {@link MappedFile#guarded}), and of kind {@link
     *     MappingException.Kind#ELEMENT} when a record's canonical constructor refuses the values
     *     read, naming the file, the element and the record type, with the constructor's exception
     *     as the cause (so too from {@link #stream()} and {@link #copyTo})
     */
    T get(long index);

    /**
     * @param index from 0 to {@code length() - 1}
     * @param value the element; not {@code null}
     * @throws IndexOutOfBoundsException when the index is out of range
     * @throws NullPointerException when the value is {@code null}, with the message {@code value}: nothing is written
     * @throws UnsupportedOperationException when the file is mapped read-only
     * @throws IllegalStateException when the file is closed
     * @throws MappingException when the file was truncated under the mapping
     */
    void set(long index, T value);

    /**
     * @param fromIndex the first element of the new slice, from 0 to {@code length()}
     * @param toIndex the end of the new slice, exclusive, from {@code fromIndex} to {@code length()}
     * @return a view of elements {@code fromIndex} to {@code toIndex - 1} of this slice, bounded by
     *     that range
     * @throws IndexOutOfBoundsException when the range is out of this slice's
     */
    MappedSlice<T> slice(long fromIndex, long toIndex);

    /**
     * A view of one component of every record in this slice: its element {@code i} is component
     * {@code name} of record {@code i}, read and written in place, without reading or writing the
     * record's other components. A loop over one column of a file of records thus reads what a
     * hand-written loop over that member reads, where {@code get(i).name()} reads every component.
     * The view has this slice's length, and the file, bounds and faults of this slice; its {@link
     * #type()} is the component's primitive type in the record's byte order, and its {@link
     * #byteOffset()} that of the component of the first record.
     *
     * @param name the name of a component of this slice's record type
     * @param type the component's type, boxed: {@code Double.class} for a {@code double}
     * @param <C> the component's type, boxed
     * @return the view of that component of every record
     * @throws IllegalArgumentException when the elements are not records, the record has no
     *     component of that name, or the component's type is not {@code type}; the message names
     *     the record, its components and their types
     */
    <C> MappedSlice<C> component(String name, Class<C> type);

    /**
     * @return the elements in order, read lazily; sequential unless made parallel, which a
     *     confined mapping does not allow
     */
    Stream<T> stream();

    /**
     * Copies elements into an array in one bulk copy for the built-in primitive types (swapping
     * bytes when the file's order is not the platform's), or element by element, as {@link #get}
     * reads them, for records and types of the user's.
     *
     * @param fromIndex the first element to copy
     * @param array a primitive array of the element type, boxed ({@code long[]} for {@code Long}s,
     *     whatever the layout), or an array of the element type
     * @param arrayIndex where the first element goes in the array
     * @param count how many elements to copy
     * @throws IndexOutOfBoundsException when the range is out of this slice's or the array's
     * @throws IllegalArgumentException when the array is not of the element type
     * @throws MappingException of kind {@link MappingException.Kind#ELEMENT} when a record's
     *     canonical constructor refuses the values read; the records before it are copied
     */
    void copyTo(long fromIndex, Object array, int arrayIndex, int count);

    /**
     * Copies elements from an array; see {@link #copyTo} for the arrays accepted.
     *
     * @param array the source array
     * @param arrayIndex the first element to copy from it
     * @param toIndex where the first element goes in this slice
     * @param count how many elements to copy
     * @throws IndexOutOfBoundsException when the range is out of this slice's or the array's
     * @throws IllegalArgumentException when the array is not of the element type, or an array of
     *     objects (such as an {@code Object[]}) holds an element of another type in the range;
     *     nothing is copied then
     * @throws NullPointerException when an array of objects holds {@code null} in the range;
     *     nothing is copied then
     * @throws UnsupportedOperationException when the file is mapped read-only
     */
    void copyFrom(Object array, int arrayIndex, long toIndex, int count);
}
