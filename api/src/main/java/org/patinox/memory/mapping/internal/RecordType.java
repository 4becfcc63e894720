package org.patinox.memory.mapping.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.MappableType;

/**
 * A record of primitive components as a C-like struct; see {@link MappableType#record}. Reading
 * and writing go through a hidden class generated for the record type ({@link AccessorClass}),
 * which reads every member and calls the canonical constructor, or calls every accessor and writes
 * every member; each component read or written alone, through a hidden class of its own.
 *
 * @param <R> the record type
 */
public final class RecordType<R extends Record> implements MappableType<R> {

    /** The parameter slots of the widest constructor a method handle can take: 255, less the handle and the record. */
    static final int MAX_SLOTS = 253;

    private final Class<R> type;
    private final StructLayout layout;
    private final Accessor accessor;
    private final long padding;
    /** The components' accessors, defined on first use: each is a hidden class. */
    private final ConcurrentMap<String, Component<?>> components = new ConcurrentHashMap<>();

    /**
     * One component of the record: its primitive type, where it lies in the record, and an
     * accessor that reads and writes it alone, given the record's index.
     *
     * @param type the component's type, in the record's byte order
     * @param name its name
     * @param byteOffset its offset in the record
     * @param accessor reads and writes it alone, given the record's index
     * @param <C> its type, boxed
     */
    record Component<C>(MappableType<C> type, String name, long byteOffset, Accessor accessor) {
    }

    private RecordType(Class<R> type, StructLayout layout, Accessor accessor, long padding) {
        this.type = type;
        this.layout = layout;
        this.accessor = accessor;
        this.padding = padding;
    }

    /**
     * Reads and writes one record, or one component of it, at an index from a base offset;
     * implemented by a hidden class per record type and per component (see {@link AccessorClass}),
     * whose layouts, offsets and record size (by which the index is scaled) are constants to the
     * JIT: a stride read from a field cost a loop over a large file a fifth of its speed.
     */
    interface Accessor {
        /**
         * @param segment the memory
         * @param base where record 0 starts
         * @param index which record, already checked
         * @return the record, or the component, boxed
         */
        Object read(MemorySegment segment, long base, long index);

        /**
         * @param segment the memory
         * @param base where record 0 starts
         * @param index which record, already checked
         * @param value the record, or the component, boxed
         */
        void write(MemorySegment segment, long base, long index, Object value);
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
        int slots = 0;
        for (RecordComponent c : components) {
            slots += c.getType() == long.class || c.getType() == double.class ? 2 : 1;
        }
        if (slots > MAX_SLOTS) {
            // javac allows 254; a method handle on the constructor, which reading needs, takes one
            // more, and the JDK's refusal would name no record.
            throw layoutError(type, "has components taking " + slots + " parameter slots (a long or a double takes"
                    + " two), but a record read from a mapping takes at most " + MAX_SLOTS
                    + ", as a method handle on its constructor does");
        }
        MethodHandles.Lookup lookup = lookup(type);
        try {
            Class<?>[] parameters = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameters[i] = components[i].getType();
            }
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameters))
                    .asType(MethodType.methodType(Object.class, parameters));
            List<MethodHandle> readers = new ArrayList<>();
            List<AccessorClass.Member> fields = new ArrayList<>();
            for (RecordComponent c : components) {
                readers.add(lookup.unreflect(c.getAccessor()).asType(MethodType.methodType(c.getType(), Object.class)));
                fields.add(member(layout, c.getName()));
            }
            return new RecordType<>(type, layout,
                    AccessorClass.forRecord(constructor, readers, fields, layout.byteSize()), paddingBytes);
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

    /** @return the named member of the struct: its value layout and its offset */
    private static AccessorClass.Member member(StructLayout layout, String name) {
        MemoryLayout.PathElement path = MemoryLayout.PathElement.groupElement(name);
        return new AccessorClass.Member((ValueLayout) layout.select(path), layout.byteOffset(path));
    }

    /**
     * @param name a component's name
     * @param boxed its type, boxed
     * @param <C> its type, boxed
     * @return the component
     * @throws IllegalArgumentException when there is no such component, or it is not of that type
     */
    @SuppressWarnings("unchecked") // checked against the component's own type
    <C> Component<C> component(String name, Class<C> boxed) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(boxed, "type");
        RecordComponent found = null;
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                found = c;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("record " + type.getName() + " has no component " + name
                    + "; its components are " + componentList());
        }
        Class<?> own = MethodType.methodType(found.getType()).wrap().returnType();
        if (own != boxed) {
            throw new IllegalArgumentException("component " + name + " of record " + type.getName() + " is a "
                    + found.getType().getName() + ", so its type is " + own.getName() + ", not " + boxed.getName());
        }
        return (Component<C>) components.computeIfAbsent(name, n -> {
            AccessorClass.Member member = member(layout, n);
            return new Component<>(PrimitiveTypes.of(member.layout()), n, member.offset(),
                    AccessorClass.forComponent(member, layout.byteSize()));
        });
    }

    private String componentList() {
        StringBuilder text = new StringBuilder();
        for (RecordComponent c : type.getRecordComponents()) {
            text.append(text.isEmpty() ? "" : ", ").append(c.getType().getName()).append(' ').append(c.getName());
        }
        return text.toString();
    }

    /** @return the bytes of padding the layout holds, between and after the members */
    public long paddingBytes() {
        return padding;
    }

    @Override
    public R read(MemorySegment segment, long byteOffset) {
        return type.cast(accessor.read(segment, byteOffset, 0));
    }

    @Override
    public void write(MemorySegment segment, long byteOffset, R value) {
        accessor.write(segment, byteOffset, 0, type.cast(Objects.requireNonNull(value, "value")));
    }

    @Override
    public String toString() {
        return "MappableType[" + signatureText() + "]";
    }
}
