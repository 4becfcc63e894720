package org.patinox.memory.mapping.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.patinox.memory.MappingException;
import org.patinox.memory.internal.FileTypes;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappedSlice;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * A {@link MappedFile}: one file channel, one arena, and the segments mapped in it (one more per
 * {@link #grow}; every one stays mapped until close, so that slices cut before a growth stay valid).
 *
 * <p>Everything that must be released lives in {@link State}, which never refers back to this
 * object: {@link #closer()} hands it out as the single close path, idempotent and thread-safe, that
 * {@link #close()} runs and that a resource registry's safety net runs once this object (and every
 * slice cut from it, which keeps it reachable) is unreachable. A mapping that an instance opens is
 * such a resource: {@link #closeThrough} makes {@link #close()} go through its guard, which only
 * this object holds.
 */
public final class FileMapping implements MappedFile {

    /** {@code PTXM} read as a little-endian int: the first four bytes of every typed file. */
    static final int MAGIC = 0x4D585450;
    /** The header's format; a reader refuses any other. */
    static final int FORMAT_VERSION = 1;
    private static final ValueLayout.OfInt HEADER_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong HEADER_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * How many mappings this JVM's open mappings hold: one per file, and one more per {@link #grow},
     * kept for the slices cut before it; at most {@link #MAPPING_BUDGET}. Each is an entry of the
     * process's memory map, and a process past {@code vm.max_map_count} cannot map even the JVM's
     * own memory (70,000 growths of one file ended the JVM with "insufficient memory").
     */
    private static final AtomicInteger KEPT_MAPPINGS = new AtomicInteger();
    /** Half of {@code vm.max_map_count} where the system says it, leaving the other half to the JVM and the rest. */
    static final int MAPPING_BUDGET = mappingBudget();

    private final State state;
    /** How {@link #close()} closes once the mapping is registered as a resource: through its guard. */
    private volatile Runnable registeredClose;

    private FileMapping(State state) {
        this.state = state;
    }

    /**
     * Opens and maps a file.
     *
     * @param path the file
     * @param config how to open it; its name must not be empty
     * @param monitor told of the mapping's events
     * @return the open mapping
     * @throws MappingException of kind {@link MappingException.Kind#IO} when the file cannot be
     *     opened, grown or mapped, or is not a regular file; nothing stays open then
     */
    @SuppressWarnings("MustBeClosedChecker") // the arena outlives this method: State closes it, or the catch below
    public static FileMapping open(Path path, MappingConfig config, Monitor monitor) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(monitor, "monitor");
        String name = config.name().isEmpty() ? String.valueOf(path.getFileName()) : config.name();
        requireRegularFile(path, name);
        FileChannel channel;
        // Whether this call created the file, which a failure below then removes.
        boolean created = false;
        try {
            channel = switch (config.mode()) {
                case READ_ONLY -> FileChannel.open(path, StandardOpenOption.READ);
                case READ_WRITE -> FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                case CREATE -> {
                    FileChannel fresh = createNew(path);
                    created = fresh != null;
                    yield created ? fresh : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE);
                }
            };
        } catch (NoSuchFileException e) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && Files.notExists(parent)) {
                // No mode helps here: mode create creates the file, not the directories above it.
                throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": cannot open " + path
                        + " (mode " + config.mode().text() + "): the parent directory " + parent + " does not exist; mode "
                        + MappingConfig.Mode.CREATE.text() + " creates the file but not its directories", e);
            }
            if (config.mode() != MappingConfig.Mode.CREATE) {
                throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": file " + path
                        + " does not exist; mode " + config.mode().text() + " maps an existing file, mode "
                        + MappingConfig.Mode.CREATE.text() + " creates it", e);
            }
            // Mode create, parent present: a dangling link, say; the error says what is missing.
            throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": cannot open " + path
                    + " (mode " + config.mode().text() + "): " + e, e);
        } catch (IOException | RuntimeException e) {
            throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": cannot open " + path
                    + " (mode " + config.mode().text() + "): " + e, e);
        }
        if (!reserveMapping()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was mapped; the refusal says why
            }
            MappingException refused = new MappingException(MappingException.Kind.IO, path.toString(), name
                    + ": cannot map " + path + ": " + budgetSpent() + " Close the mappings no longer used", null);
            undoCreation(path, created, refused);
            throw refused;
        }
        Arena arena = config.arena() == MappingConfig.Arena.SHARED ? Arena.ofShared() : Arena.ofConfined();
        long sizeBefore = -1;
        try {
            long size = Math.max(channel.size(), config.size());
            if (channel.size() < size) {
                sizeBefore = channel.size();
                extend(channel, size);
            }
            MemorySegment segment = channel.map(mapMode(config), 0, size, arena);
            State state = new State(name, path, config, monitor, channel, arena, segment);
            state.event(EventKind.MAPPING_OPENED, null, "file", path.toString(), "mode", config.mode().text(),
                    "bytes", size, "arena", config.arena().text());
            return new FileMapping(state);
        } catch (IOException | RuntimeException e) {
            arena.close();
            KEPT_MAPPINGS.decrementAndGet();
            shrinkBack(channel, sizeBefore, e);
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            undoCreation(path, created, e);
            throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": cannot map " + path
                    + " (mode " + config.mode().text() + ", size " + config.size() + "): " + e, e);
        }
    }

    /**
     * @return the file, created now and opened read-write, or {@code null} when it exists already
     *     (a dangling link included), to be opened as it is
     */
    private static FileChannel createNew(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            return null;
        }
    }

    /**
     * Gives a file that was extended for a mapping that then failed (an mmap refused for want of
     * address space, say) its size back, so that the failure leaves the file as it was.
     *
     * @param sizeBefore its size before the extension, or -1 when it was not extended
     */
    private static void shrinkBack(FileChannel channel, long sizeBefore, Throwable failure) {
        if (sizeBefore >= 0) {
            try {
                channel.truncate(sizeBefore);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Removes the file a failed open created, so that a failure leaves nothing behind. */
    private static void undoCreation(Path path, boolean created, Throwable failure) {
        if (created) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Refuses a path that exists but is not a regular file (a symbolic link is judged by its
     * target), before anything opens it: opening a FIFO for reading blocks until a writer opens
     * it, and a FIFO, a device, a socket or a directory has no pages to map (0 bytes, or an mmap
     * error that says no more than "No such device"). A path that does not exist, or whose type
     * cannot be read, passes: opening it says what is wrong. The check and the open are two
     * steps, so a path replaced in between is not caught: this is for mistakes, not adversaries.
     */
    private static void requireRegularFile(Path path, String name) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (!attributes.isRegularFile()) {
            throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": cannot map " + path + ": it is "
                    + FileTypes.describe(path, attributes) + ", not a regular file; only regular files can be mapped", null);
        }
    }

    private static FileChannel.MapMode mapMode(MappingConfig config) {
        return config.mode().writable() ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
    }

    /** Extends the file by writing its last byte; the bytes between stay a hole where the file system allows. */
    private static void extend(FileChannel channel, long size) throws IOException {
        ByteBuffer zero = ByteBuffer.allocate(1);
        while (zero.hasRemaining()) {
            channel.write(zero, size - 1 + zero.position());
        }
    }

    /**
     * The close path as a task that holds everything to release and nothing that reaches this
     * object: what a resource registry registers, or a {@link java.lang.ref.Cleaner} runs.
     *
     * @return the task; running it is {@link #close()}, idempotent and thread-safe
     */
    public Runnable closer() {
        return state;
    }

    /**
     * Makes {@link #close()} run the given task (after the confinement check, which must come
     * first: a close refused for the thread must leave the mapping open and its guard unclaimed)
     * instead of {@link #closer()} directly: the close of the guard this mapping was registered
     * with, so that its registry sees it closed. Called once, by whoever registered the mapping.
     *
     * @param close the close through the guard; it ends by running {@link #closer()}
     */
    public void closeThrough(Runnable close) {
        Objects.requireNonNull(close, "close");
        if (registeredClose != null) {
            throw new IllegalStateException(state.name + " is registered already");
        }
        registeredClose = close;
    }

    @Override
    public String name() {
        return state.name;
    }

    @Override
    public Path path() {
        return state.path;
    }

    @Override
    public MappingConfig config() {
        return state.config;
    }

    @Override
    public boolean isOpen() {
        return !state.closed;
    }

    @Override
    public boolean isReadOnly() {
        return state.readOnly();
    }

    @Override
    public long byteSize() {
        return state.current().byteSize();
    }

    /** @return whether one more mapping fits in {@link #MAPPING_BUDGET}; if so it is counted */
    private static boolean reserveMapping() {
        if (KEPT_MAPPINGS.incrementAndGet() > MAPPING_BUDGET) {
            KEPT_MAPPINGS.decrementAndGet();
            return false;
        }
        return true;
    }

    private static String budgetSpent() {
        return "the open mappings of this JVM already hold " + MAPPING_BUDGET + " mappings (one per file, and one"
                + " more per growth, kept until the file is closed for the slices cut before it), half the"
                + " process's limit (vm.max_map_count); past that limit the JVM cannot map its own memory and dies.";
    }

    private static int mappingBudget() {
        try {
            // Not Files.readString: it trusts the size a /proc file reports, 0, and read "6" of "65530".
            long max = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count")).getFirst().trim());
            return Math.clamp(max / 2, 1_024, Integer.MAX_VALUE);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default limit is 65,530; elsewhere there is no file to read
        }
    }

    @Override
    public void grow(long newByteSize) {
        // Before the file is extended: the arena refuses the new mapping only after that.
        state.requireOwnerThread("grow");
        state.lock.lock();
        try {
            long current = state.current().byteSize();
            if (state.readOnly()) {
                throw new UnsupportedOperationException(state.name + " maps " + state.path + " read-only; it cannot grow");
            }
            if (newByteSize < current) {
                throw new IllegalArgumentException(state.name + ": newByteSize must be at least the current size "
                        + current + ", but was " + newByteSize);
            }
            if (newByteSize == current) {
                return;
            }
            if (!reserveMapping()) {
                throw new MappingException(MappingException.Kind.IO, state.path.toString(), state.name + ": cannot grow "
                        + state.path + " from " + current + " to " + newByteSize + " bytes: " + budgetSpent()
                        + " Grow in larger steps, or close a mapping grown many times and map its file again", null);
            }
            boolean grown = false;
            long sizeBefore = -1;
            try {
                if (state.channel.size() < newByteSize) {
                    sizeBefore = state.channel.size();
                    extend(state.channel, newByteSize);
                }
                state.segment = state.channel.map(FileChannel.MapMode.READ_WRITE, 0, newByteSize, state.arena);
                state.growths++;
                grown = true;
            } catch (IllegalStateException | WrongThreadException e) {
                shrinkBack(state.channel, sizeBefore, e);
                throw e;
            } catch (IOException | RuntimeException e) {
                shrinkBack(state.channel, sizeBefore, e);
                throw new MappingException(MappingException.Kind.IO, state.path.toString(), state.name + ": cannot grow "
                        + state.path + " from " + current + " to " + newByteSize + " bytes: " + e, e);
            } finally {
                if (!grown) {
                    KEPT_MAPPINGS.decrementAndGet();
                }
            }
            state.event(EventKind.MAPPING_GROWN, null, "file", state.path.toString(), "from", current, "to", newByteSize);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void force() {
        state.requireOwnerThread("force");
        state.lock.lock();
        try {
            state.force();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public <T> MappedSlice<T> slice(MappableType<T> type) {
        Objects.requireNonNull(type, "type");
        MemorySegment segment = state.current();
        long size = segment.byteSize();
        validate(type);
        long stride = type.byteSize();
        if (size % stride != 0) {
            throw layout(state.name + ": " + state.path + " holds " + size + " bytes, which is not a whole number of "
                    + type.javaType().getSimpleName() + " elements of " + stride + " bytes: expected a multiple of "
                    + stride + ", found " + size + " (" + size % stride + " bytes left over)");
        }
        return slice(segment, type, 0, size / stride);
    }

    @Override
    public <T> MappedSlice<T> slice(MappableType<T> type, long byteOffset, long count) {
        Objects.requireNonNull(type, "type");
        return slice(state.current(), type, byteOffset, count);
    }

    private <T> MappedSlice<T> slice(MemorySegment segment, MappableType<T> type, long byteOffset, long count) {
        if (byteOffset < 0) {
            throw new IllegalArgumentException(state.name + ": byteOffset must be 0 or more, but was " + byteOffset);
        }
        if (count < 0) {
            throw new IllegalArgumentException(state.name + ": count must be 0 or more, but was " + count);
        }
        validate(type);
        long alignment = type.layout().byteAlignment();
        if (byteOffset % alignment != 0) {
            throw layout(state.name + ": byte offset " + byteOffset + " is not aligned to " + alignment + ", the alignment of "
                    + type + "; expected a multiple of " + alignment);
        }
        long end = end(byteOffset, count, type.byteSize());
        if (end > segment.byteSize()) {
            throw new MappingException(MappingException.Kind.TRUNCATED, state.path.toString(), state.name + ": "
                    + count + " elements of " + type.byteSize() + " bytes from byte " + byteOffset + " end at byte "
                    + (end == Long.MAX_VALUE ? "past " + Long.MAX_VALUE : end) + ", past the end of the mapping at "
                    + segment.byteSize() + " bytes", null);
        }
        return Slice.of(state, this, segment, byteOffset, count, type);
    }

    /**
     * Checks a type before a slice of it is cut: its layout, and that its {@link MappableType#byteSize()},
     * the stride of its slices, is its layout's size. A type of the user's that overrides {@code
     * byteSize} otherwise made a stride of 0 (a division by zero), a negative one, or one shorter
     * than its elements, whose reads overlapped and reached past the slice's range.
     */
    private static void validate(MappableType<?> type) {
        java.lang.foreign.MemoryLayout layout = type.layout();
        if (layout == null) {
            throw new MappingException(MappingException.Kind.LAYOUT, "", "type " + type.getClass().getName()
                    + " has no layout: its layout() returned null", null);
        }
        type.validateLayout();
        if (type.byteSize() != layout.byteSize()) {
            throw new MappingException(MappingException.Kind.LAYOUT, "", "type " + type.getClass().getName() + " says its"
                    + " elements take byteSize() " + type.byteSize() + " bytes, but its layout " + Layouts.signatureText(layout)
                    + " holds " + layout.byteSize() + "; a slice's elements lie byteSize() apart, so the two must agree",
                    null);
        }
    }

    /**
     * Refuses, before anything is grown or written, a type whose elements could not start where a
     * typed file's do: at byte {@value MappedFile#HEADER_BYTES}, aligned for every primitive but not
     * for a layout aligned to more. {@code createTyped} found out only when it cut the slice, after
     * it had grown the file and written a header for it.
     */
    private void requireTypedAlignment(MappableType<?> type) {
        long alignment = type.layout().byteAlignment();
        if (HEADER_BYTES % alignment != 0) {
            throw layout(state.name + ": " + type + " is aligned to " + alignment + " bytes, but a typed file's elements"
                    + " start at byte " + HEADER_BYTES + ", after its header; a typed file holds types aligned to at most "
                    + HEADER_BYTES + " bytes (map it untyped with slice(type, byteOffset, count) instead)");
        }
    }

    /** @return where {@code count} elements from {@code byteOffset} end, or {@code Long.MAX_VALUE} on overflow */
    private static long end(long byteOffset, long count, long stride) {
        try {
            return Math.addExact(byteOffset, Math.multiplyExact(count, stride));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public <T> MappedSlice<T> createTyped(MappableType<T> type, long count) {
        Objects.requireNonNull(type, "type");
        if (state.readOnly()) {
            throw new UnsupportedOperationException(state.name + " maps " + state.path + " read-only; it cannot be made a typed file");
        }
        if (count < 0) {
            throw new IllegalArgumentException(state.name + ": count must be 0 or more, but was " + count);
        }
        validate(type);
        requireTypedAlignment(type);
        long need = end(HEADER_BYTES, count, type.byteSize());
        if (need == Long.MAX_VALUE) {
            throw new IllegalArgumentException(state.name + ": count " + count + " of " + type.byteSize()
                    + "-byte elements is too large for a file");
        }
        state.requireOwnerThread("createTyped");
        state.lock.lock();
        try {
            if (state.current().byteSize() < need) {
                grow(need);
            }
            MemorySegment segment = state.current();
            try {
                // The magic goes last, so that a header interrupted half-way is not taken for a typed file.
                segment.set(HEADER_INT, 0, 0);
                segment.set(HEADER_INT, 4, FORMAT_VERSION);
                segment.set(HEADER_LONG, 8, type.signature());
                segment.set(HEADER_LONG, 16, type.byteSize());
                segment.set(HEADER_LONG, 24, count);
                segment.asSlice(32, HEADER_BYTES - 32).fill((byte) 0);
                segment.set(HEADER_INT, 0, MAGIC);
                // The fault of a page lost to truncation may be pending: make it surface in this try.
                State.deliverPendingFault();
            } catch (InternalError e) {
                throw state.fault(e, 0);
            }
            return slice(segment, type, HEADER_BYTES, count);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public <T> MappedSlice<T> openTyped(MappableType<T> type) {
        Objects.requireNonNull(type, "type");
        validate(type);
        requireTypedAlignment(type);
        state.requireOwnerThread("openTyped");
        MemorySegment segment = state.current();
        String file = state.path.toString();
        String what = state.name + ": " + state.path;
        if (segment.byteSize() < HEADER_BYTES) {
            throw new MappingException(MappingException.Kind.HEADER, file, what + " is not a typed file: it holds "
                    + segment.byteSize() + " bytes, fewer than the " + HEADER_BYTES + " of a typed file's header", null);
        }
        // The header is read whole before it is judged: a page lost to truncation reads as zeros
        // while its fault may still be pending, and must surface here rather than as a bad magic.
        int magic;
        int version;
        long signature;
        long size;
        long count;
        try {
            magic = segment.get(HEADER_INT, 0);
            version = segment.get(HEADER_INT, 4);
            signature = segment.get(HEADER_LONG, 8);
            size = segment.get(HEADER_LONG, 16);
            count = segment.get(HEADER_LONG, 24);
            State.deliverPendingFault();
        } catch (IllegalStateException e) {
            throw state.closed(e);
        } catch (InternalError e) {
            throw state.fault(e, 0);
        }
        if (magic != MAGIC) {
            throw new MappingException(MappingException.Kind.HEADER, file, what + " is not a typed file: expected magic 0x"
                    + Integer.toHexString(MAGIC) + " (PTXM), found 0x" + Integer.toHexString(magic), null);
        }
        if (version != FORMAT_VERSION) {
            throw new MappingException(MappingException.Kind.HEADER, file, what + " is a typed file of format version "
                    + version + ", but this library reads version " + FORMAT_VERSION, null);
        }
        if (signature != type.signature() || size != type.byteSize()) {
            throw new MappingException(MappingException.Kind.HEADER, file, what + " holds elements of layout signature 0x"
                    + Long.toHexString(signature) + " and size " + size + ", but " + type.javaType().getName()
                    + " was expected: signature 0x" + Long.toHexString(type.signature()) + " and size " + type.byteSize()
                    + ", layout " + type.signatureText(), null);
        }
        long need = count < 0 ? Long.MAX_VALUE : end(HEADER_BYTES, count, size);
        if (need == Long.MAX_VALUE) {
            // No file is that long: the count was damaged, not the file cut short.
            throw new MappingException(MappingException.Kind.HEADER, file, what + " is not a valid typed file: its header"
                    + " counts " + count + " elements of " + size + " bytes, " + (count < 0 ? "a negative count"
                    : "more bytes than any file holds") + "; the header is corrupt", null);
        }
        if (need > segment.byteSize()) {
            throw new MappingException(MappingException.Kind.TRUNCATED, file, what + " is too short for its header's count of "
                    + count + " elements of " + size + " bytes: expected at least " + need + " bytes, found "
                    + segment.byteSize(), null);
        }
        return slice(segment, type, HEADER_BYTES, count);
    }

    @Override
    public <R> R guarded(Supplier<R> access) {
        Objects.requireNonNull(access, "access");
        state.requireOpen();
        try {
            R result = access.get();
            State.deliverPendingFault();
            return result;
        } catch (InternalError e) {
            throw state.fault(e, -1);
        } catch (IllegalStateException e) {
            throw state.closed(e);
        }
    }

    @Override
    public void close() {
        state.requireClosableHere();
        Runnable registered = registeredClose;
        if (registered == null) {
            state.run();
        } else {
            registered.run();
        }
    }

    @Override
    public String toString() {
        return "MappedFile[" + state.name + ", " + state.path + ", " + (state.closed ? "closed" : "open") + "]";
    }

    private MappingException layout(String message) {
        return new MappingException(MappingException.Kind.LAYOUT, state.path.toString(), message, null);
    }

    /**
     * What a mapping holds and must release, and its single close path. Refers to no {@link
     * FileMapping}, so that a cleaner may hold it while the mapping becomes unreachable.
     */
    static final class State implements Runnable {
        private static final Object FAULT_BARRIER = new Object();
        private final String name;
        private final Path path;
        private final MappingConfig config;
        private final Monitor monitor;
        private final FileChannel channel;
        private final Arena arena;
        private final Thread owner;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile MemorySegment segment;
        private volatile boolean closed;
        /** Growths so far, each an earlier mapping kept until close (counted in {@link #KEPT_MAPPINGS}); under {@link #lock}. */
        private int growths;

        State(String name, Path path, MappingConfig config, Monitor monitor, FileChannel channel,
              Arena arena, MemorySegment segment) {
            this.name = name;
            this.path = path;
            this.config = config;
            this.monitor = monitor;
            this.channel = channel;
            this.arena = arena;
            this.segment = segment;
            this.owner = Thread.currentThread();
        }

        String name() {
            return name;
        }

        Path path() {
            return path;
        }

        boolean readOnly() {
            return !config.mode().writable();
        }

        /** @return the latest segment, covering the whole file */
        MemorySegment current() {
            requireOpen();
            return segment;
        }

        /** @throws IllegalStateException naming the mapping when it is closed */
        void requireOpen() {
            if (closed) {
                throw closedError(null);
            }
        }

        /** @return that the mapping is closed, caused by what the arena threw; what a slice threw already, as it is */
        private IllegalStateException closedError(Throwable cause) {
            String message = name + " (" + path + ") is closed";
            if (cause instanceof IllegalStateException ours && message.equals(ours.getMessage())) {
                return ours; // guarded code's slice said so already: not the same words twice
            }
            return new IllegalStateException(message, cause);
        }

        /** @return the exception for a failed access: ours when the mapping is closed, else the one given */
        RuntimeException closed(IllegalStateException e) {
            return closed ? closedError(e) : e;
        }

        /**
         * The exception for an access the arena refused: that the mapping is closed, when it is;
         * a {@link WrongThreadException} naming the mapping and both threads when it is confined
         * to another thread (the arena's own names neither); else the one given.
         *
         * @param e what the arena threw
         * @param call the method called, for the message
         */
        RuntimeException refused(RuntimeException e, String call) {
            if (closed) {
                return closedError(e);
            }
            return e instanceof WrongThreadException ? wrongThread(call, "", e) : e;
        }

        /**
         * @param e what an access to records threw
         * @return whether the arena threw it, refusing the access (closed, or confined to another
         *     thread), rather than the record's constructor
         */
        boolean refusedByArena(RuntimeException e) {
            return e instanceof WrongThreadException || closed && e instanceof IllegalStateException;
        }

        /**
         * The exception for a record whose canonical constructor refused the values read.
         *
         * @param e what the constructor threw
         * @param byteOffset where the record lies in the file
         * @param index its index in the slice read
         * @param type the record type
         */
        MappingException unreadable(RuntimeException e, long byteOffset, long index, Class<?> type) {
            return new MappingException(MappingException.Kind.ELEMENT, path.toString(), name + ": the record at byte "
                    + byteOffset + " of " + path + " (element " + index + " of the slice read) is not a " + type.getName()
                    + ": its canonical constructor refused the values read, with " + e, e);
        }

        private WrongThreadException wrongThread(String call, String outcome, Throwable cause) {
            return new WrongThreadException(name + " (" + path + ") is confined to thread " + owner.getName()
                    + ", which opened it; " + call + " was called from thread " + Thread.currentThread().getName()
                    + outcome, cause);
        }

        /**
         * Makes the JVM deliver, here, a fault it noted during an earlier access but defers to its
         * next safepoint poll (it raises the error of a lost page asynchronously, so that in
         * compiled code it may surface instructions later, in a caller's frame). Returning from a
         * native method is such a point; {@code Thread.holdsLock} is a cheap one that is not an
         * intrinsic.
         */
        static void deliverPendingFault() {
            if (Thread.holdsLock(FAULT_BARRIER)) {
                throw new AssertionError("nobody locks the fault barrier");
            }
        }

        /**
         * Translates the error the JVM raises when a mapped page is gone (SIGBUS: the file was
         * truncated under the mapping) into a defined exception; any other internal error passes.
         */
        RuntimeException fault(InternalError e, long offset) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("fault occurred")) {
                throw e;
            }
            String now;
            try {
                now = Files.size(path) + " bytes";
            } catch (IOException | RuntimeException unknown) {
                now = "of unknown size (" + unknown + ")";
            }
            MappingException error = new MappingException(MappingException.Kind.TRUNCATED, path.toString(), name + ": "
                    + path + " is now " + now + ", shorter than its mapping of " + segment.byteSize()
                    + " bytes: it was truncated under the mapping, and "
                    + (offset < 0 ? "a page read is gone" : "the page of byte offset " + offset + " is gone"), e);
            event(EventKind.MAPPING_FAULT, error, "file", path.toString(), "offset", offset);
            return error;
        }

        /** Flushes; the caller holds the lock. */
        void force() {
            MemorySegment latest = current();
            if (readOnly()) {
                return;
            }
            try {
                latest.force();
                channel.force(true);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new MappingException(MappingException.Kind.IO, path.toString(), name + ": flushing " + path
                        + " failed: " + e, e);
            }
        }

        /**
         * Refuses a close of a confined mapping from another thread than its opener's, which the
         * arena would refuse (leaving the mapping open); an open shared mapping, or a closed one, passes.
         */
        void requireClosableHere() {
            if (config.arena() == MappingConfig.Arena.CONFINED && Thread.currentThread() != owner && !closed) {
                throw new IllegalStateException(name + " (" + path + ") is confined to thread " + owner.getName()
                        + ", which opened it; only that thread can close it, and it stays mapped");
            }
        }

        /**
         * Refuses a call of a confined mapping from another thread than its opener's, which the
         * arena would refuse with no word of which mapping, and only once the call had begun.
         *
         * @param call the method called, for the message
         * @throws WrongThreadException naming the mapping and its thread
         * @throws IllegalStateException when the mapping is closed, whichever the thread
         */
        void requireOwnerThread(String call) {
            if (config.arena() == MappingConfig.Arena.CONFINED && Thread.currentThread() != owner) {
                requireOpen(); // closed is what every call of a closed mapping hears first, from any thread
                throw wrongThread(call, ", and nothing was changed", null);
            }
        }

        /** The single close path: see {@link FileMapping#closer()}. */
        @Override
        public void run() {
            requireClosableHere();
            RuntimeException failure = null;
            long bytes;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                bytes = segment.byteSize();
                if (config.forceOnClose()) {
                    try {
                        force();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                closed = true;
                arena.close();
                KEPT_MAPPINGS.addAndGet(-1 - growths);
                try {
                    channel.close();
                } catch (IOException e) {
                    MappingException error = new MappingException(MappingException.Kind.IO, path.toString(),
                            name + ": closing " + path + " failed: " + e, e);
                    if (failure == null) {
                        failure = error;
                    } else {
                        failure.addSuppressed(error);
                    }
                }
            } finally {
                lock.unlock();
            }
            event(EventKind.MAPPING_CLOSED, failure, "file", path.toString(), "bytes", bytes);
            if (failure != null) {
                throw failure;
            }
        }

        void event(EventKind kind, Throwable error, Object... attributes) {
            if (monitor.isEnabled(kind)) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < attributes.length; i += 2) {
                    map.put((String) attributes[i], attributes[i + 1]);
                }
                monitor.record(new MonitorEvent.MappingEvent(Instant.now(), name, kind, map, Optional.ofNullable(error)));
            }
        }
    }
}
