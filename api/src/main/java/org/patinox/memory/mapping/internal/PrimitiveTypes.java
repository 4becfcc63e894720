package org.patinox.memory.mapping.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import org.patinox.memory.mapping.MappableType;

/**
 * The built-in types of primitives. Each reads through a {@code static final} layout, one per byte
 * order, so that the JIT compiles an access to the same instructions as hand-written
 * {@code segment.get(JAVA_LONG, offset)}: a layout held in an instance field would not be a
 * constant to it.
 */
public final class PrimitiveTypes {

    private PrimitiveTypes() {
    }

    /** Bytes; order is irrelevant. */
    public static final MappableType<Byte> BYTE = new ByteType();
    private static final MappableType<Short> SHORT_LE = new ShortType(ByteOrder.LITTLE_ENDIAN);
    private static final MappableType<Short> SHORT_BE = new ShortType(ByteOrder.BIG_ENDIAN);
    private static final MappableType<Integer> INT_LE = new IntType(ByteOrder.LITTLE_ENDIAN);
    private static final MappableType<Integer> INT_BE = new IntType(ByteOrder.BIG_ENDIAN);
    private static final MappableType<Long> LONG_LE = new LongType(ByteOrder.LITTLE_ENDIAN);
    private static final MappableType<Long> LONG_BE = new LongType(ByteOrder.BIG_ENDIAN);
    private static final MappableType<Float> FLOAT_LE = new FloatType(ByteOrder.LITTLE_ENDIAN);
    private static final MappableType<Float> FLOAT_BE = new FloatType(ByteOrder.BIG_ENDIAN);
    private static final MappableType<Double> DOUBLE_LE = new DoubleType(ByteOrder.LITTLE_ENDIAN);
    private static final MappableType<Double> DOUBLE_BE = new DoubleType(ByteOrder.BIG_ENDIAN);

    private static boolean little(ByteOrder order) {
        return Objects.requireNonNull(order, "order") == ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * @param order the byte order
     * @return shorts in it
     */
    public static MappableType<Short> ofShort(ByteOrder order) {
        return little(order) ? SHORT_LE : SHORT_BE;
    }

    /**
     * @param order the byte order
     * @return ints in it
     */
    public static MappableType<Integer> ofInt(ByteOrder order) {
        return little(order) ? INT_LE : INT_BE;
    }

    /**
     * @param order the byte order
     * @return longs in it
     */
    public static MappableType<Long> ofLong(ByteOrder order) {
        return little(order) ? LONG_LE : LONG_BE;
    }

    /**
     * @param order the byte order
     * @return floats in it
     */
    public static MappableType<Float> ofFloat(ByteOrder order) {
        return little(order) ? FLOAT_LE : FLOAT_BE;
    }

    /**
     * @param order the byte order
     * @return doubles in it
     */
    public static MappableType<Double> ofDouble(ByteOrder order) {
        return little(order) ? DOUBLE_LE : DOUBLE_BE;
    }

    /**
     * @param layout a value layout: a record's member
     * @return the built-in type of its carrier and byte order; for a {@code boolean} or {@code char},
     *     which have no built-in, a type that reads and writes through the layout's var handle
     */
    @SuppressWarnings("unchecked") // the boxed type of the carrier, by construction
    static <T> MappableType<T> of(ValueLayout layout) {
        Class<?> carrier = layout.carrier();
        ByteOrder order = layout.order();
        MappableType<?> type;
        if (carrier == byte.class) {
            type = BYTE;
        } else if (carrier == short.class) {
            type = ofShort(order);
        } else if (carrier == int.class) {
            type = ofInt(order);
        } else if (carrier == long.class) {
            type = ofLong(order);
        } else if (carrier == float.class) {
            type = ofFloat(order);
        } else if (carrier == double.class) {
            type = ofDouble(order);
        } else {
            type = new ValueType<>(layout.withoutName(), MethodType.methodType(carrier).wrap().returnType());
        }
        return (MappableType<T>) type;
    }

    /**
     * @param type a type
     * @return whether it is one of these, whose elements are its value layout's values as they
     *     lie, so that a bulk copy of the layout reads and writes what it would: a type of the
     *     user's over a value layout may read something else from the same bytes
     */
    static boolean isBuiltIn(MappableType<?> type) {
        return type instanceof Primitive<?>;
    }

    /** The common part: the layout, and a readable name. */
    private abstract static class Primitive<T> implements MappableType<T> {
        private final MemoryLayout layout;
        private final Class<T> javaType;

        Primitive(MemoryLayout layout, Class<T> javaType) {
            this.layout = layout;
            this.javaType = javaType;
        }

        @Override
        public final MemoryLayout layout() {
            return layout;
        }

        @Override
        public final Class<T> javaType() {
            return javaType;
        }

        @Override
        public final String toString() {
            return "MappableType[" + signatureText() + "]";
        }
    }

    /** A primitive without a built-in type ({@code boolean}, {@code char}), through its layout's var handle. */
    private static final class ValueType<T> extends Primitive<T> {
        private final VarHandle handle;

        ValueType(ValueLayout layout, Class<T> boxed) {
            super(layout, boxed);
            handle = layout.varHandle();
        }

        @Override
        public T read(MemorySegment segment, long byteOffset) {
            return javaType().cast(handle.get(segment, byteOffset));
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, T value) {
            handle.set(segment, byteOffset, value);
        }
    }

    private static final class ByteType extends Primitive<Byte> {
        private static final ValueLayout.OfByte L = ValueLayout.JAVA_BYTE;

        ByteType() {
            super(L, Byte.class);
        }

        @Override
        public Byte read(MemorySegment segment, long byteOffset) {
            return segment.get(L, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Byte value) {
            segment.set(L, byteOffset, value);
        }
    }

    private static final class ShortType extends Primitive<Short> {
        private static final ValueLayout.OfShort LE = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
        private static final ValueLayout.OfShort BE = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
        private final boolean little;

        ShortType(ByteOrder order) {
            super(little(order) ? LE : BE, Short.class);
            little = little(order);
        }

        @Override
        public Short read(MemorySegment segment, long byteOffset) {
            return little ? segment.get(LE, byteOffset) : segment.get(BE, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Short value) {
            if (little) {
                segment.set(LE, byteOffset, value);
            } else {
                segment.set(BE, byteOffset, value);
            }
        }
    }

    private static final class IntType extends Primitive<Integer> {
        private static final ValueLayout.OfInt LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
        private static final ValueLayout.OfInt BE = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
        private final boolean little;

        IntType(ByteOrder order) {
            super(little(order) ? LE : BE, Integer.class);
            little = little(order);
        }

        @Override
        public Integer read(MemorySegment segment, long byteOffset) {
            return little ? segment.get(LE, byteOffset) : segment.get(BE, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Integer value) {
            if (little) {
                segment.set(LE, byteOffset, value);
            } else {
                segment.set(BE, byteOffset, value);
            }
        }
    }

    private static final class LongType extends Primitive<Long> {
        private static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
        private static final ValueLayout.OfLong BE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN);
        private final boolean little;

        LongType(ByteOrder order) {
            super(little(order) ? LE : BE, Long.class);
            little = little(order);
        }

        @Override
        public Long read(MemorySegment segment, long byteOffset) {
            return little ? segment.get(LE, byteOffset) : segment.get(BE, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Long value) {
            if (little) {
                segment.set(LE, byteOffset, value);
            } else {
                segment.set(BE, byteOffset, value);
            }
        }
    }

    private static final class FloatType extends Primitive<Float> {
        private static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN);
        private static final ValueLayout.OfFloat BE = ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.BIG_ENDIAN);
        private final boolean little;

        FloatType(ByteOrder order) {
            super(little(order) ? LE : BE, Float.class);
            little = little(order);
        }

        @Override
        public Float read(MemorySegment segment, long byteOffset) {
            return little ? segment.get(LE, byteOffset) : segment.get(BE, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Float value) {
            if (little) {
                segment.set(LE, byteOffset, value);
            } else {
                segment.set(BE, byteOffset, value);
            }
        }
    }

    private static final class DoubleType extends Primitive<Double> {
        private static final ValueLayout.OfDouble LE = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);
        private static final ValueLayout.OfDouble BE = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.BIG_ENDIAN);
        private final boolean little;

        DoubleType(ByteOrder order) {
            super(little(order) ? LE : BE, Double.class);
            little = little(order);
        }

        @Override
        public Double read(MemorySegment segment, long byteOffset) {
            return little ? segment.get(LE, byteOffset) : segment.get(BE, byteOffset);
        }

        @Override
        public void write(MemorySegment segment, long byteOffset, Double value) {
            if (little) {
                segment.set(LE, byteOffset, value);
            } else {
                segment.set(BE, byteOffset, value);
            }
        }
    }
}
