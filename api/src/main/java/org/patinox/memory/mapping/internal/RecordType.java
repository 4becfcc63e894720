package org.patinox.memory.mapping.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.MappableType;

/**
 * A record of primitive components as a C-like struct; see {@link MappableType#record}. Reading
 * goes through one method handle built once, {@code (MemorySegment, long) -> R}, that reads every
 * component through the struct's var handles and calls the canonical constructor; writing through
 * one handle per component that reads the accessor and sets the member.
 *
 * @param <R> the record type
 */
public final class RecordType<R extends Record> implements MappableType<R> {

    private final Class<R> type;
    private final StructLayout layout;
    private final Accessor accessor;
    private final long padding;

    private RecordType(Class<R> type, StructLayout layout, Accessor accessor, long padding) {
        this.type = type;
        this.layout = layout;
        this.accessor = accessor;
        this.padding = padding;
    }

    /**
     * Reads and writes one record; implemented by a hidden class per record type (see {@link
     * AccessorClass}), whose method handles are constants to the JIT.
     */
    interface Accessor {
        /**
         * @param segment the memory
         * @param offset where the record starts
         * @return the record
         */
        Object read(MemorySegment segment, long offset);

        /**
         * @param segment the memory
         * @param offset where the record starts
         * @param value the record
         */
        void write(MemorySegment segment, long offset, Object value);
    }

    /**
     * @param type a record class of primitive components
     * @param order the byte order of every component
     * @param <R> the record type
     * @return its mappable type
     */
    public static <R extends Record> RecordType<R> of(Class<R> type, ByteOrder order) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
        if (!type.isRecord()) {
            throw layoutError(type, "is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components.length == 0) {
            throw layoutError(type, "has no component, so its elements would have no size");
        }
        List<MemoryLayout> members = new ArrayList<>();
        long offset = 0;
        long alignment = 1;
        long paddingBytes = 0;
        for (RecordComponent c : components) {
            ValueLayout value = valueLayout(type, c, order);
            long size = value.byteSize();
            long gap = (size - offset % size) % size;
            if (gap > 0) {
                members.add(MemoryLayout.paddingLayout(gap));
                paddingBytes += gap;
                offset += gap;
            }
            members.add(value.withName(c.getName()));
            offset += size;
            alignment = Math.max(alignment, size);
        }
        long tail = (alignment - offset % alignment) % alignment;
        if (tail > 0) {
            members.add(MemoryLayout.paddingLayout(tail));
            paddingBytes += tail;
        }
        StructLayout layout = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName(type.getSimpleName());
        Layouts.validate(layout);
        MethodHandles.Lookup lookup = lookup(type);
        try {
            Class<?>[] parameters = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameters[i] = components[i].getType();
            }
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameters));
            MethodHandle[] getters = new MethodHandle[components.length];
            MethodHandle[] writers = new MethodHandle[components.length];
            int[] reorder = new int[components.length * 2];
            for (int i = 0; i < components.length; i++) {
                VarHandle member = layout.varHandle(MemoryLayout.PathElement.groupElement(components[i].getName()));
                // (MemorySegment, long base offset) -> component value
                getters[i] = member.toMethodHandle(VarHandle.AccessMode.GET);
                MethodHandle accessor = lookup.unreflect(components[i].getAccessor());
                // (MemorySegment, long, R) -> void: set the member to the accessor's value
                MethodHandle set = member.toMethodHandle(VarHandle.AccessMode.SET);
                writers[i] = MethodHandles.filterArguments(set, 2, accessor)
                        .asType(MethodType.methodType(void.class, MemorySegment.class, long.class, Object.class));
                reorder[2 * i] = 0;
                reorder[2 * i + 1] = 1;
            }
            // (seg, off, seg, off, ...) -> R, then every pair collapsed onto one (seg, off).
            MethodHandle spread = constructor;
            for (int i = components.length - 1; i >= 0; i--) {
                spread = MethodHandles.collectArguments(spread, i, getters[i]);
            }
            MethodHandle reader = MethodHandles.permuteArguments(spread,
                            MethodType.methodType(type, MemorySegment.class, long.class), reorder)
                    .asType(MethodType.methodType(Object.class, MemorySegment.class, long.class));
            MethodHandle writer = writers[0];
            for (int i = 1; i < writers.length; i++) {
                writer = MethodHandles.foldArguments(writers[i], writer);
            }
            return new RecordType<>(type, layout, AccessorClass.define(reader, writer), paddingBytes);
        } catch (ReflectiveOperationException e) {
            throw new MappingException(MappingException.Kind.LAYOUT, "", "record " + type.getName()
                    + " cannot be read and written: its canonical constructor and accessors are not accessible to "
                    + RecordType.class.getModule() + " (" + e.getMessage() + "); make it public in an exported package,"
                    + " or open its package to org.patinox.memory.api", e);
        }
    }

    private static MethodHandles.Lookup lookup(Class<?> type) {
        Module ours = RecordType.class.getModule();
        Module theirs = type.getModule();
        if (!ours.canRead(theirs)) {
            ours.addReads(theirs);
        }
        if (theirs.isOpen(type.getPackageName(), ours)) {
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            } catch (IllegalAccessException e) {
                // Fall through to the public lookup, whose error names what is missing.
            }
        }
        return MethodHandles.publicLookup();
    }

    private static ValueLayout valueLayout(Class<?> record, RecordComponent c, ByteOrder order) {
        Class<?> t = c.getType();
        ValueLayout layout;
        if (t == byte.class) {
            layout = ValueLayout.JAVA_BYTE;
        } else if (t == boolean.class) {
            layout = ValueLayout.JAVA_BOOLEAN;
        } else if (t == short.class) {
            layout = ValueLayout.JAVA_SHORT;
        } else if (t == char.class) {
            layout = ValueLayout.JAVA_CHAR;
        } else if (t == int.class) {
            layout = ValueLayout.JAVA_INT;
        } else if (t == float.class) {
            layout = ValueLayout.JAVA_FLOAT;
        } else if (t == long.class) {
            layout = ValueLayout.JAVA_LONG;
        } else if (t == double.class) {
            layout = ValueLayout.JAVA_DOUBLE;
        } else {
            throw layoutError(record, "has component " + c.getName() + " of type " + t.getName()
                    + ", but only primitive components can be mapped (byte, boolean, short, char, int, float, long, double)");
        }
        return layout.withOrder(order);
    }

    private static MappingException layoutError(Class<?> type, String problem) {
        return new MappingException(MappingException.Kind.LAYOUT, "", "record " + type.getName() + " " + problem, null);
    }

    @Override
    public StructLayout layout() {
        return layout;
    }

    @Override
    public Class<R> javaType() {
        return type;
    }

    /** @return the hidden class that reads and writes the records */
    Accessor accessor() {
        return accessor;
    }

    /** @return the bytes of padding the layout holds, between and after the members */
    public long paddingBytes() {
        return padding;
    }

    @Override
    public R read(MemorySegment segment, long byteOffset) {
        return type.cast(accessor.read(segment, byteOffset));
    }

    @Override
    public void write(MemorySegment segment, long byteOffset, R value) {
        accessor.write(segment, byteOffset, type.cast(Objects.requireNonNull(value, "value")));
    }

    @Override
    public String toString() {
        return "MappableType[" + signatureText() + "]";
    }
}
