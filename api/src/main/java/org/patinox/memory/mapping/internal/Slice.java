package org.patinox.memory.mapping.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import java.lang.reflect.Array;
import java.util.Objects;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedSlice;

/**
 * A range of one mapped segment, as elements. Its fields are final and the segment is the one the
 * range was cut from, so that an access is one index check, one multiply-add and the segment's own
 * (liveness and bounds) checks, which the JIT hoists out of a loop.
 *
 * @param <T> the element type
 */
class Slice<T> implements MappedSlice<T> {

    final FileMapping.State state;
    final MemorySegment segment;
    final long base;
    final long length;
    final long stride;
    /** The slice's own range of the segment: the specialised slices index it from 0. */
    final MemorySegment view;
    private final MappableType<T> type;
    private final boolean readOnly;
    /**
     * Only handed on to sub-slices: a slice in use keeps its mapping, and so the mapping's resource
     * guard, reachable, so that the safety net does not unmap a mapping whose slices are still read.
     */
    private FileMapping owner;

    /**
     * A slice of the type: one specialised for it where there is one, else the generic one. The
     * specialised slices read through a {@code static final} layout with a constant shift for the
     * stride, and so compile to the code of a hand-written loop over the segment; the generic one
     * calls the type through a field, which the JIT must reload and check on every access.
     */
    @SuppressWarnings("unchecked") // each specialised slice is chosen by its exact type
    static <T> Slice<T> of(FileMapping.State state, FileMapping owner, MemorySegment segment, long base, long length,
                           MappableType<T> type) {
        Slice<?> slice;
        if (type == PrimitiveTypes.BYTE) {
            slice = new Bytes(state, segment, base, length, (MappableType<Byte>) type);
        } else if (type == PrimitiveTypes.ofShort(ByteOrder.LITTLE_ENDIAN)) {
            slice = new ShortsLe(state, segment, base, length, (MappableType<Short>) type);
        } else if (type == PrimitiveTypes.ofShort(ByteOrder.BIG_ENDIAN)) {
            slice = new ShortsBe(state, segment, base, length, (MappableType<Short>) type);
        } else if (type == PrimitiveTypes.ofInt(ByteOrder.LITTLE_ENDIAN)) {
            slice = new IntsLe(state, segment, base, length, (MappableType<Integer>) type);
        } else if (type == PrimitiveTypes.ofInt(ByteOrder.BIG_ENDIAN)) {
            slice = new IntsBe(state, segment, base, length, (MappableType<Integer>) type);
        } else if (type == PrimitiveTypes.ofLong(ByteOrder.LITTLE_ENDIAN)) {
            slice = new LongsLe(state, segment, base, length, (MappableType<Long>) type);
        } else if (type == PrimitiveTypes.ofLong(ByteOrder.BIG_ENDIAN)) {
            slice = new LongsBe(state, segment, base, length, (MappableType<Long>) type);
        } else if (type == PrimitiveTypes.ofFloat(ByteOrder.LITTLE_ENDIAN)) {
            slice = new FloatsLe(state, segment, base, length, (MappableType<Float>) type);
        } else if (type == PrimitiveTypes.ofFloat(ByteOrder.BIG_ENDIAN)) {
            slice = new FloatsBe(state, segment, base, length, (MappableType<Float>) type);
        } else if (type == PrimitiveTypes.ofDouble(ByteOrder.LITTLE_ENDIAN)) {
            slice = new DoublesLe(state, segment, base, length, (MappableType<Double>) type);
        } else if (type == PrimitiveTypes.ofDouble(ByteOrder.BIG_ENDIAN)) {
            slice = new DoublesBe(state, segment, base, length, (MappableType<Double>) type);
        } else if (type instanceof RecordType<?> record) {
            slice = new Records<>(state, segment, base, length, record);
        } else {
            slice = new Slice<>(state, segment, base, length, type);
        }
        slice.owner = owner;
        return (Slice<T>) slice;
    }

    /** {@code byte}s: the layout a constant, the stride a shift. */
    static final class Bytes extends Slice<Byte> {
        private static final ValueLayout.OfByte L = ValueLayout.JAVA_BYTE;

        Bytes(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Byte> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Byte get(long index) {
            long offset = Objects.checkIndex(index, length);
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Byte value) {
            long offset = Objects.checkIndex(index, length);
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code short}s in little-endian order: the layout a constant, the stride a shift. */
    static final class ShortsLe extends Slice<Short> {
        private static final ValueLayout.OfShort L = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);

        ShortsLe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Short> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Short get(long index) {
            long offset = Objects.checkIndex(index, length) << 1;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Short value) {
            long offset = Objects.checkIndex(index, length) << 1;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code short}s in big-endian order: the layout a constant, the stride a shift. */
    static final class ShortsBe extends Slice<Short> {
        private static final ValueLayout.OfShort L = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

        ShortsBe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Short> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Short get(long index) {
            long offset = Objects.checkIndex(index, length) << 1;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Short value) {
            long offset = Objects.checkIndex(index, length) << 1;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code int}s in little-endian order: the layout a constant, the stride a shift. */
    static final class IntsLe extends Slice<Integer> {
        private static final ValueLayout.OfInt L = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

        IntsLe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Integer> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Integer get(long index) {
            long offset = Objects.checkIndex(index, length) << 2;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Integer value) {
            long offset = Objects.checkIndex(index, length) << 2;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code int}s in big-endian order: the layout a constant, the stride a shift. */
    static final class IntsBe extends Slice<Integer> {
        private static final ValueLayout.OfInt L = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

        IntsBe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Integer> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Integer get(long index) {
            long offset = Objects.checkIndex(index, length) << 2;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Integer value) {
            long offset = Objects.checkIndex(index, length) << 2;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code long}s in little-endian order: the layout a constant, the stride a shift. */
    static final class LongsLe extends Slice<Long> {
        private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

        LongsLe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Long> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Long get(long index) {
            long offset = Objects.checkIndex(index, length) << 3;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Long value) {
            long offset = Objects.checkIndex(index, length) << 3;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code long}s in big-endian order: the layout a constant, the stride a shift. */
    static final class LongsBe extends Slice<Long> {
        private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN);

        LongsBe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Long> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Long get(long index) {
            long offset = Objects.checkIndex(index, length) << 3;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Long value) {
            long offset = Objects.checkIndex(index, length) << 3;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code float}s in little-endian order: the layout a constant, the stride a shift. */
    static final class FloatsLe extends Slice<Float> {
        private static final ValueLayout.OfFloat L = ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN);

        FloatsLe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Float> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Float get(long index) {
            long offset = Objects.checkIndex(index, length) << 2;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Float value) {
            long offset = Objects.checkIndex(index, length) << 2;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code float}s in big-endian order: the layout a constant, the stride a shift. */
    static final class FloatsBe extends Slice<Float> {
        private static final ValueLayout.OfFloat L = ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.BIG_ENDIAN);

        FloatsBe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Float> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Float get(long index) {
            long offset = Objects.checkIndex(index, length) << 2;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Float value) {
            long offset = Objects.checkIndex(index, length) << 2;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code double}s in little-endian order: the layout a constant, the stride a shift. */
    static final class DoublesLe extends Slice<Double> {
        private static final ValueLayout.OfDouble L = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);

        DoublesLe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Double> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Double get(long index) {
            long offset = Objects.checkIndex(index, length) << 3;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Double value) {
            long offset = Objects.checkIndex(index, length) << 3;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** {@code double}s in big-endian order: the layout a constant, the stride a shift. */
    static final class DoublesBe extends Slice<Double> {
        private static final ValueLayout.OfDouble L = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.BIG_ENDIAN);

        DoublesBe(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<Double> type) {
            super(state, segment, base, length, type);
        }

        @Override
        public Double get(long index) {
            long offset = Objects.checkIndex(index, length) << 3;
            try {
                return view.get(L, offset);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }

        @Override
        public void set(long index, Double value) {
            long offset = Objects.checkIndex(index, length) << 3;
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                view.set(L, offset, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + offset);
            }
        }
    }

    /** Records: the hidden accessor class of the record type called directly, without the type between. */
    static final class Records<R extends Record> extends Slice<R> {
        private final RecordType<R> recordType;
        private final RecordType.Accessor accessor;

        Records(FileMapping.State state, MemorySegment segment, long base, long length, RecordType<R> type) {
            super(state, segment, base, length, type);
            this.recordType = type;
            this.accessor = type.accessor();
        }

        @Override
        public <C> MappedSlice<C> component(String name, Class<C> type) {
            return ownedLikeThis(new Components<>(state, segment, base, length, stride, recordType.component(name, type)));
        }

        @Override
        @SuppressWarnings("unchecked") // the accessor's reader returns the record type, by construction
        public R get(long index) {
            long checked = Objects.checkIndex(index, length);
            try {
                return (R) accessor.read(segment, base, checked);
            } catch (InternalError e) {
                throw state.fault(e, base + checked * stride);
            } catch (RuntimeException e) {
                // The arena's refusal, or else the constructor's, which validates what was read.
                throw state.refusedByArena(e) ? state.refused(e, "get")
                        : state.unreadable(e, base + checked * stride, checked, recordType.javaType());
            }
        }

        /** Record by record, as {@link #get} reads them, so that a record its constructor refuses is named. */
        @Override
        void copyOut(long offset, Object array, int arrayIndex, int count) {
            Object[] records = (Object[]) array; // checkArray allows no primitive array for records
            for (int i = 0; i < count; i++) {
                try {
                    records[arrayIndex + i] = accessor.read(segment, offset, i);
                } catch (RuntimeException e) {
                    if (state.refusedByArena(e)) {
                        throw e; // copyTo names the mapping
                    }
                    throw state.unreadable(e, offset + i * stride, (offset - base) / stride + i, recordType.javaType());
                }
            }
        }
    }

    /**
     * One component of every record of a slice: the elements lie a record apart, and each access
     * goes through the component's own hidden accessor, which reads or writes that member alone.
     */
    static final class Components<C> extends Slice<C> {
        private final RecordType.Component<C> component;
        private final RecordType.Accessor accessor;

        /**
         * @param base where the first record starts
         * @param stride the record's size
         */
        Components(FileMapping.State state, MemorySegment segment, long base, long length, long stride,
                   RecordType.Component<C> component) {
            super(state, segment, base, length, component.type(), stride);
            this.component = component;
            this.accessor = component.accessor();
        }

        @Override
        public long byteOffset() {
            return base + component.byteOffset();
        }

        @Override
        @SuppressWarnings("unchecked") // the component's accessor returns its boxed type, by construction
        public C get(long index) {
            long checked = Objects.checkIndex(index, length);
            try {
                return (C) accessor.read(segment, base, checked);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "get");
            } catch (InternalError e) {
                throw state.fault(e, base + checked * stride + component.byteOffset());
            }
        }

        @Override
        public void set(long index, C value) {
            long checked = Objects.checkIndex(index, length);
            requireWritable();
            Objects.requireNonNull(value, "value");
            try {
                accessor.write(segment, base, checked, value);
            } catch (IllegalStateException | WrongThreadException e) {
                throw state.refused(e, "set");
            } catch (InternalError e) {
                throw state.fault(e, base + checked * stride + component.byteOffset());
            }
        }

        @Override
        public MappedSlice<C> slice(long fromIndex, long toIndex) {
            Objects.checkFromToIndex(fromIndex, toIndex, length);
            return ownedLikeThis(new Components<>(state, segment, base + fromIndex * stride, toIndex - fromIndex,
                    stride, component));
        }

        @Override
        public <D> MappedSlice<D> component(String name, Class<D> type) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            throw new IllegalArgumentException(this + " is a component, a " + component.type().javaType().getName()
                    + ", not a record, so it has no component " + name);
        }

        /** Element by element: the members are not adjacent, so no bulk copy applies. */
        @Override
        void copyOut(long offset, Object array, int arrayIndex, int count) {
            for (int i = 0; i < count; i++) {
                Array.set(array, arrayIndex + i, accessor.read(segment, offset, i));
            }
        }

        @Override
        void copyIn(Object array, int arrayIndex, long offset, int count) {
            for (int i = 0; i < count; i++) {
                accessor.write(segment, offset, i, Objects.requireNonNull(Array.get(array, arrayIndex + i), "array element"));
            }
        }

        @Override
        public String toString() {
            return "MappedSlice[" + state.name() + ", component " + component.name() + " of " + length
                    + " records at byte " + base + "]";
        }
    }

    Slice(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<T> type) {
        this(state, segment, base, length, type, type.byteSize());
    }

    /** A slice whose elements lie {@code stride} bytes apart, from {@code base}, each no larger than that. */
    Slice(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<T> type, long stride) {
        this.state = state;
        this.segment = segment;
        this.base = base;
        this.length = length;
        this.stride = stride;
        this.view = segment.asSlice(base, length * stride);
        this.type = type;
        this.readOnly = state.readOnly();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public MappableType<T> type() {
        return type;
    }

    @Override
    public long byteOffset() {
        return base;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public T get(long index) {
        long offset = base + Objects.checkIndex(index, length) * stride;
        try {
            return type.read(segment, offset);
        } catch (IllegalStateException | WrongThreadException e) {
            throw state.refused(e, "get");
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    @Override
    public void set(long index, T value) {
        long offset = base + Objects.checkIndex(index, length) * stride;
        requireWritable();
        Objects.requireNonNull(value, "value");
        try {
            type.write(segment, offset, value);
        } catch (IllegalStateException | WrongThreadException e) {
            throw state.refused(e, "set");
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    /** @return the view, keeping this slice's mapping reachable as this slice does */
    final <S extends Slice<?>> S ownedLikeThis(S view) {
        ((Slice<?>) view).owner = owner;
        return view;
    }

    final void requireWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException(state.name() + " maps " + state.path() + " read-only");
        }
    }

    @Override
    public MappedSlice<T> slice(long fromIndex, long toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, length);
        return of(state, owner, segment, base + fromIndex * stride, toIndex - fromIndex, type);
    }

    @Override
    public <C> MappedSlice<C> component(String name, Class<C> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        throw new IllegalArgumentException("the elements of " + this + " are " + this.type.javaType().getName()
                + ", not records, so they have no component " + name);
    }

    @Override
    public Stream<T> stream() {
        return LongStream.range(0, length).mapToObj(this::get);
    }

    @Override
    public void copyTo(long fromIndex, Object array, int arrayIndex, int count) {
        Objects.checkFromIndexSize(fromIndex, count, length);
        checkArray(array, arrayIndex, count);
        long offset = base + fromIndex * stride;
        try {
            copyOut(offset, array, arrayIndex, count);
            FileMapping.State.deliverPendingFault();
        } catch (IllegalStateException | WrongThreadException e) {
            throw state.refused(e, "copyTo");
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    /** Copies {@code count} elements from {@code offset} into the array, both already checked. */
    void copyOut(long offset, Object array, int arrayIndex, int count) {
        if (bulk(array)) {
            MemorySegment.copy(segment, (ValueLayout) type.layout(), offset, array, arrayIndex, count);
        } else if (array instanceof Object[] objects) {
            for (int i = 0; i < count; i++) {
                objects[arrayIndex + i] = type.read(segment, offset + i * stride);
            }
        } else {
            // A primitive array of a type of the user's: through its read, unboxed.
            for (int i = 0; i < count; i++) {
                Array.set(array, arrayIndex + i, type.read(segment, offset + i * stride));
            }
        }
    }

    /**
     * @return whether the copy is one bulk copy of the layout: a built-in type and its primitive
     *     array, whose values are the bytes' as they lie
     */
    private boolean bulk(Object array) {
        return PrimitiveTypes.isBuiltIn(type) && type.layout() instanceof ValueLayout value
                && array.getClass().componentType() == value.carrier();
    }

    @Override
    public void copyFrom(Object array, int arrayIndex, long toIndex, int count) {
        Objects.checkFromIndexSize(toIndex, count, length);
        checkArray(array, arrayIndex, count);
        requireWritable();
        checkElements(array, arrayIndex, count);
        long offset = base + toIndex * stride;
        try {
            copyIn(array, arrayIndex, offset, count);
            FileMapping.State.deliverPendingFault();
        } catch (IllegalStateException | WrongThreadException e) {
            throw state.refused(e, "copyFrom");
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    /** Copies {@code count} elements of the array to {@code offset}, both already checked. */
    void copyIn(Object array, int arrayIndex, long offset, int count) {
        if (bulk(array)) {
            MemorySegment.copy(array, arrayIndex, segment, (ValueLayout) type.layout(), offset, count);
        } else if (array instanceof Object[] objects) {
            for (int i = 0; i < count; i++) {
                type.write(segment, offset + i * stride, type.javaType().cast(
                        Objects.requireNonNull(objects[arrayIndex + i], "array element")));
            }
        } else {
            // A primitive array of a type of the user's: boxed, through its write.
            for (int i = 0; i < count; i++) {
                type.write(segment, offset + i * stride, type.javaType().cast(Array.get(array, arrayIndex + i)));
            }
        }
    }

    /** Checks the array's type and range before anything is copied, so that a bad call copies nothing. */
    private void checkArray(Object array, int arrayIndex, int count) {
        Objects.requireNonNull(array, "array");
        Class<?> component = array.getClass().componentType();
        // The primitive array whose elements box to the elements' type: long[] for Longs, whatever
        // the layout; a type of the user's that reads a long as an Instant takes Instant[] only.
        Class<?> unboxed = MethodType.methodType(type.javaType()).unwrap().returnType();
        boolean primitive = unboxed.isPrimitive() && component == unboxed;
        boolean objects = component != null && !component.isPrimitive() && component.isAssignableFrom(type.javaType());
        if (!primitive && !objects) {
            String expected = unboxed.isPrimitive()
                    ? unboxed.getName() + "[] or " + type.javaType().getSimpleName() + "[]"
                    : type.javaType().getName() + "[]";
            throw new IllegalArgumentException("array must be a " + expected + " for elements of " + type
                    + ", but was a " + array.getClass().getTypeName());
        }
        Objects.checkFromIndexSize(arrayIndex, count, Array.getLength(array));
    }

    /**
     * Checks every element an object array is to give before the first is written: an {@code
     * Object[]} or {@code Number[]} passes {@link #checkArray} yet may hold a {@code null} or an
     * element of another type, which would otherwise stop the copy half-way, with a {@link
     * ClassCastException}, after writing the elements before it.
     */
    private void checkElements(Object array, int arrayIndex, int count) {
        if (!(array instanceof Object[] objects)) {
            return; // a primitive array holds nothing else
        }
        Class<?> expected = type.javaType();
        for (int i = arrayIndex; i < arrayIndex + count; i++) {
            Object element = objects[i];
            if (element == null) {
                throw new NullPointerException("array element " + i + " is null; nothing was copied");
            }
            if (!expected.isInstance(element)) {
                throw new IllegalArgumentException("array element " + i + " is a " + element.getClass().getName()
                        + ", not a " + expected.getName() + " for elements of " + type + "; nothing was copied");
            }
        }
    }

    @Override
    public String toString() {
        return "MappedSlice[" + state.name() + ", " + length + " x " + type.javaType().getSimpleName() + " at byte " + base + "]";
    }
}
