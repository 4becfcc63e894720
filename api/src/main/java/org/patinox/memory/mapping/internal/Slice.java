package org.patinox.memory.mapping.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
final class Slice<T> implements MappedSlice<T> {

    private final FileMapping.State state;
    private final MemorySegment segment;
    private final long base;
    private final long length;
    private final long stride;
    private final MappableType<T> type;
    private final boolean readOnly;

    Slice(FileMapping.State state, MemorySegment segment, long base, long length, MappableType<T> type) {
        this.state = state;
        this.segment = segment;
        this.base = base;
        this.length = length;
        this.stride = type.byteSize();
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
        } catch (IllegalStateException e) {
            throw state.closed(e);
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
        } catch (IllegalStateException e) {
            throw state.closed(e);
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    private void requireWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException(state.name() + " maps " + state.path() + " read-only");
        }
    }

    @Override
    public MappedSlice<T> slice(long fromIndex, long toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, length);
        return new Slice<>(state, segment, base + fromIndex * stride, toIndex - fromIndex, type);
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
            if (type.layout() instanceof ValueLayout value && array.getClass().componentType() == value.carrier()) {
                MemorySegment.copy(segment, value, offset, array, arrayIndex, count);
            } else {
                Object[] objects = (Object[]) array;
                for (int i = 0; i < count; i++) {
                    objects[arrayIndex + i] = type.read(segment, offset + i * stride);
                }
            }
            FileMapping.State.deliverPendingFault();
        } catch (IllegalStateException e) {
            throw state.closed(e);
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    @Override
    public void copyFrom(Object array, int arrayIndex, long toIndex, int count) {
        Objects.checkFromIndexSize(toIndex, count, length);
        checkArray(array, arrayIndex, count);
        requireWritable();
        long offset = base + toIndex * stride;
        try {
            if (type.layout() instanceof ValueLayout value && array.getClass().componentType() == value.carrier()) {
                MemorySegment.copy(array, arrayIndex, segment, value, offset, count);
            } else {
                Object[] objects = (Object[]) array;
                for (int i = 0; i < count; i++) {
                    type.write(segment, offset + i * stride, type.javaType().cast(
                            Objects.requireNonNull(objects[arrayIndex + i], "array element")));
                }
            }
            FileMapping.State.deliverPendingFault();
        } catch (IllegalStateException e) {
            throw state.closed(e);
        } catch (InternalError e) {
            throw state.fault(e, offset);
        }
    }

    /** Checks the array's type and range before anything is copied, so that a bad call copies nothing. */
    private void checkArray(Object array, int arrayIndex, int count) {
        Objects.requireNonNull(array, "array");
        Class<?> component = array.getClass().componentType();
        boolean primitive = type.layout() instanceof ValueLayout value && component == value.carrier();
        boolean objects = component != null && !component.isPrimitive() && component.isAssignableFrom(type.javaType());
        if (!primitive && !objects) {
            String expected = type.layout() instanceof ValueLayout value
                    ? value.carrier().getName() + "[] or " + type.javaType().getSimpleName() + "[]"
                    : type.javaType().getName() + "[]";
            throw new IllegalArgumentException("array must be a " + expected + " for elements of " + type
                    + ", but was a " + array.getClass().getTypeName());
        }
        Objects.checkFromIndexSize(arrayIndex, count, Array.getLength(array));
    }

    @Override
    public String toString() {
        return "MappedSlice[" + state.name() + ", " + length + " x " + type.javaType().getSimpleName() + " at byte " + base + "]";
    }
}
