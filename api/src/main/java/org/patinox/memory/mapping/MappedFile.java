package org.patinox.memory.mapping;

import java.nio.file.Path;
import org.patinox.memory.MappingException;

/**
 * A file mapped into memory with the Foreign Function and Memory API, read through typed,
 * bounds-checked {@link MappedSlice}s and unmapped deterministically by {@link #close()}. Opened by
 * {@link org.patinox.memory.MemoryUtilities#map}; any size a 64-bit address space holds, past 2 and
 * 4 GiB. Only a regular file is mapped (a symbolic link is followed to it): a directory, FIFO,
 * device or socket is refused before it is opened, so that mapping a FIFO never waits for a writer.
 *
 * <p>A plain file is viewed with {@link #slice(MappableType)}, which needs the element size to
 * divide the file's size. A <em>typed</em> file starts with a {@value #HEADER_BYTES}-byte header
 * (magic, format version, the element type's {@link MappableType#signature() layout signature},
 * element size and count), written by {@link #createTyped} and checked by {@link #openTyped}, so
 * that opening a file as the wrong type fails with a {@link MappingException} rather than reading
 * garbage.
 *
 * <p>Thread safety follows the {@link MappingConfig#arena() arena}: a shared mapping may be used,
 * grown and closed from any thread; a confined one only from the thread that opened it: another
 * thread's call, or access through a slice, is a {@link WrongThreadException} naming the mapping,
 * its file and both threads, but for {@link #close()}, which throws {@link IllegalStateException}.
 * {@link #close()} is idempotent; after it every method but {@link #name()}, {@link #path()},
 * {@link #config()}, {@link #isOpen()}, {@link #isReadOnly()} and {@link #close()} throws {@link
 * IllegalStateException}, and so does every access through a slice.
 *
 * <p>An open mapping is a resource of its instance's {@link
 * org.patinox.memory.MemoryUtilities#resources() registry}: listed by {@code active()} while open,
 * and, when dropped unclosed (it and every slice cut from it unreachable), reported as leaked and
 * unmapped by the registry's safety net. A confined mapping the safety net cannot close from its
 * thread is reported as a failed cleanup and stays mapped: close confined mappings yourself.
 */
public interface MappedFile extends AutoCloseable {

    /** Size of a typed file's header; elements start at this offset, aligned for any primitive. */
    int HEADER_BYTES = 64;

    /** @return the mapping's name, in events and messages */
    String name();

    /** @return the file mapped */
    Path path();

    /** @return the configuration it was opened with */
    MappingConfig config();

    /** @return whether {@link #close()} has not been called yet */
    boolean isOpen();

    /** @return whether the file is mapped read-only */
    boolean isReadOnly();

    /**
     * @return the bytes mapped: the file's size when it was mapped or last grown
     * @throws IllegalStateException when closed
     */
    long byteSize();

    /**
     * Grows the file and its mapping. Slices taken before keep their range and stay valid (the
     * earlier mapping stays until close); take new slices to reach the new bytes, which read as
     * zeros. Growth is sparse where the file system allows it. Each earlier mapping kept is an entry
     * of the process's memory map, which the operating system bounds ({@code vm.max_map_count} on
     * Linux, 65,530 by default) and past which the JVM cannot map its own memory: the open mappings
     * of a JVM hold at most half that many between them, one per file and one per growth (32,768
     * where the bound cannot be read), and a growth or an opening past it is refused. Grow in large
     * steps; a mapping's close gives its share back.
     *
     * @param newByteSize the new size, at least {@link #byteSize()}; the same size does nothing
     * @throws IllegalArgumentException when the size is smaller than the current one
     * @throws UnsupportedOperationException when the file is mapped read-only
     * @throws MappingException of kind {@link MappingException.Kind#IO} when the file cannot grow or
     *     the larger mapping cannot be made (the file then keeps its size), or when the JVM's open
     *     mappings already hold as many mappings as they may
     * @throws IllegalStateException when closed
     * @throws WrongThreadException when the arena is confined and this is not the thread that
     *     opened the file; the file is left as it was
     */
    void grow(long newByteSize);

    /**
     * Writes the pages changed through this mapping to the storage device, and the file's size
     * with them, returning once they are there.
     *
     * @throws MappingException of kind {@link MappingException.Kind#IO} when the device fails
     * @throws IllegalStateException when closed
     * @throws WrongThreadException when the arena is confined and this is not the thread that
     *     opened the file
     */
    void force();

    /**
     * Views the whole file as elements of a type.
     *
     * @param type the element type
     * @param <T> the element type
     * @return a slice of {@code byteSize() / type.byteSize()} elements
     * @throws MappingException of kind {@link MappingException.Kind#LAYOUT} when the element size
     *     does not divide the file's size, or the type's layout is invalid
     * @throws IllegalStateException when closed
     */
    <T> MappedSlice<T> slice(MappableType<T> type);

    /**
     * Views part of the file as elements of a type.
     *
     * @param type the element type
     * @param byteOffset where the first element lies, aligned to the type's alignment
     * @param count the number of elements
     * @param <T> the element type
     * @return the slice
     * @throws MappingException of kind {@link MappingException.Kind#LAYOUT} when the offset is not
     *     aligned or the type's layout is invalid, and of kind {@link MappingException.Kind#TRUNCATED}
     *     when the range ends past the mapping
     * @throws IllegalArgumentException when the offset or the count is negative
     * @throws IllegalStateException when closed
     */
    <T> MappedSlice<T> slice(MappableType<T> type, long byteOffset, long count);

    /**
     * Makes this file a typed file: grows it to hold the header and {@code count} elements (when it
     * is shorter), writes the header, and returns the elements, which read as zeros in a new file.
     *
     * @param type the element type, whose signature the header records
     * @param count the number of elements, 0 or more
     * @param <T> the element type
     * @return the slice of the {@code count} elements
     * @throws UnsupportedOperationException when the file is mapped read-only
     * @throws IllegalArgumentException when the count is negative or too large for a file
     * @throws MappingException when the type's layout is invalid or aligned to more than {@value
     *     #HEADER_BYTES} bytes (checked before the file is grown or written), or the file cannot grow; of kind
     *     {@link MappingException.Kind#TRUNCATED} when the file was truncated under the mapping and
     *     the header's page is gone
     * @throws IllegalStateException when closed
     * @throws WrongThreadException when the arena is confined and this is not the thread that
     *     opened the file; the file is left as it was
     */
    <T> MappedSlice<T> createTyped(MappableType<T> type, long count);

    /**
     * Opens this file as a typed file of the given type, checking its header.
     *
     * @param type the element type expected
     * @param <T> the element type
     * @return the slice of the elements the header counts
     * @throws MappingException of kind {@link MappingException.Kind#LAYOUT} when the type is aligned
     *     to more than {@value #HEADER_BYTES} bytes, of kind {@link MappingException.Kind#HEADER} when the file is not a
     *     typed file, is of another format version, holds elements of another signature or size, or
     *     counts a negative number of elements or more than a file can hold, and of kind {@link MappingException.Kind#TRUNCATED} when it is too short for its
     *     count, or was truncated under the mapping so that the header's page is gone; the message
     *     says what was expected and what was found
     * @throws IllegalStateException when closed
     * @throws WrongThreadException when the arena is confined and this is not the thread that
     *     opened the file
     */
    <T> MappedSlice<T> openTyped(MappableType<T> type);

    /**
     * Runs code that reads or writes this file's slices, turning a fault of a page lost to
     * truncation into a {@link MappingException} of kind {@link MappingException.Kind#TRUNCATED},
     * wherever in the code it surfaces.
     *
     * <p>Why this exists: when a file shrinks under a mapping (another process truncates it), an
     * access to a page past its new end makes the operating system raise SIGBUS. The JVM survives
     * it, but raises the error asynchronously, at its next safepoint poll: in compiled code that
     * may be instructions after the access, in the caller's loop rather than in {@link
     * MappedSlice#get}. {@code get}, {@code set} and the bulk copies translate the fault when it
     * surfaces inside them (the bulk copies make sure it does); a loop of single accesses gets a
     * defined exception in every case only inside this method, which catches the fault wherever
     * it surfaces in {@code access} and makes the JVM deliver a pending one before it returns.
     *
     * <pre>{@code
     * long sum = file.guarded(() -> { long s = 0; for (long i = 0; i < slice.length(); i++) s += slice.get(i); return s; });
     * }</pre>
     *
     * @param access the code; what it throws passes unchanged, but for the fault
     * @param <R> the type of its result
     * @return what {@code access} returned
     * @throws MappingException of kind {@link MappingException.Kind#TRUNCATED} when a page was lost
     * @throws IllegalStateException when the file is or gets closed; when it is closed already,
     *     {@code access} is not run
     */
    <R> R guarded(java.util.function.Supplier<R> access);

    /**
     * Unmaps the file and closes it: flushes first when {@link MappingConfig#forceOnClose()}, then
     * closes the arena, after which every slice's access is an {@link IllegalStateException} (in
     * other threads too, for a shared arena), and the address range is unmapped before this method
     * returns. Idempotent and thread-safe: a second call does nothing.
     *
     * @throws IllegalStateException when the arena is confined and this is not the thread that
     *     opened the file; the mapping stays open
     */
    @Override
    void close();
}
