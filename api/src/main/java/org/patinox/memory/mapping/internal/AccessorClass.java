package org.patinox.memory.mapping.internal;

import static java.lang.constant.ConstantDescs.CD_MethodHandle;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Defines, per record type and per component read alone, a hidden class implementing {@link
 * RecordType.Accessor} whose methods are the code a hand-written loop body would be: the record's
 * offset computed with its size as a constant, each member read or written by {@code
 * MemorySegment.get/set} with its value layout and offset as constants (the layouts loaded from the
 * class data), and the record's constructor and accessors called through method handles loaded as
 * constants. Such a method is small and inlines into the caller's loop, so that escape analysis
 * removes the record where the caller does not keep it. A chain of method-handle combinators did the
 * same only when the JIT inlined all of it: in some runs it compiled the chain on its own first,
 * too large to inline afterwards, and every read allocated, at a third of the speed.
 */
final class AccessorClass {

    private static final ClassDesc SEGMENT = ClassDesc.of(MemorySegment.class.getName());
    private static final MethodTypeDesc READ = MethodTypeDesc.of(CD_Object, SEGMENT, CD_long, CD_long);
    private static final MethodTypeDesc WRITE = MethodTypeDesc.of(CD_void, SEGMENT, CD_long, CD_long, CD_Object);
    private static final MethodTypeDesc AS_SLICE = MethodTypeDesc.of(SEGMENT, CD_long, CD_long);
    /** Locals of both methods: this, the segment, the base, the index, then the written value. */
    private static final int SEGMENT_SLOT = 1;
    private static final int BASE_SLOT = 2;
    private static final int INDEX_SLOT = 4;
    private static final int VALUE_SLOT = 6;
    /** The slice of the record, after the parameters of either method. */
    private static final int READ_SLICE_SLOT = 6;
    private static final int WRITE_SLICE_SLOT = 7;

    /** A member of the record: its layout, with the byte order, and its offset in the record. */
    record Member(ValueLayout layout, long offset) {
    }

    private AccessorClass() {
    }

    /**
     * @param constructor {@code (members' carriers...) -> Object}: the canonical constructor
     * @param readers {@code (Object) -> carrier}: each component's accessor, in member order
     * @param members the members, in the constructor's parameter order
     * @param size the record's size: the stride of the index
     * @return an accessor reading and writing whole records
     */
    static RecordType.Accessor forRecord(MethodHandle constructor, List<MethodHandle> readers, List<Member> members,
                                         long size) {
        List<Object> data = new ArrayList<>();
        data.add(constructor);
        data.addAll(readers);
        members.forEach(m -> data.add(m.layout()));
        int layouts = 1 + readers.size();
        ClassDesc[] carriers = members.stream().map(m -> carrier(m.layout())).toArray(ClassDesc[]::new);
        MethodTypeDesc construct = MethodTypeDesc.of(CD_Object, carriers);
        return define(data, code -> {
            // MemorySegment record = segment.asSlice(base + index * size, size): one bounds check for
            // the record; the members' checks, at constant offsets in a slice of constant size, fold.
            code.aload(SEGMENT_SLOT);
            offset(code, size, 0);
            code.loadConstant(size).invokeinterface(SEGMENT, "asSlice", AS_SLICE).astore(READ_SLICE_SLOT);
            code.ldc(constant(0, CD_MethodHandle));
            for (int i = 0; i < members.size(); i++) {
                code.aload(READ_SLICE_SLOT).ldc(constant(layouts + i, layoutDesc(members.get(i).layout())))
                        .loadConstant(members.get(i).offset())
                        .invokeinterface(SEGMENT, "get", MethodTypeDesc.of(carriers[i],
                                layoutDesc(members.get(i).layout()), CD_long));
            }
            code.invokevirtual(CD_MethodHandle, "invokeExact", construct).areturn();
        }, code -> {
            code.aload(SEGMENT_SLOT);
            offset(code, size, 0);
            code.loadConstant(size).invokeinterface(SEGMENT, "asSlice", AS_SLICE).astore(WRITE_SLICE_SLOT);
            for (int i = 0; i < members.size(); i++) {
                ClassDesc layout = layoutDesc(members.get(i).layout());
                code.aload(WRITE_SLICE_SLOT).ldc(constant(layouts + i, layout)).loadConstant(members.get(i).offset())
                        .ldc(constant(1 + i, CD_MethodHandle)).aload(VALUE_SLOT)
                        .invokevirtual(CD_MethodHandle, "invokeExact", MethodTypeDesc.of(carriers[i], CD_Object))
                        .invokeinterface(SEGMENT, "set", MethodTypeDesc.of(CD_void, layout, CD_long, carriers[i]));
            }
            code.return_();
        });
    }

    /**
     * @param member the component's member
     * @param size the record's size: the stride of the index
     * @return an accessor reading and writing that member alone, boxed
     */
    static RecordType.Accessor forComponent(Member member, long size) {
        ClassDesc layout = layoutDesc(member.layout());
        ClassDesc carrier = carrier(member.layout());
        ClassDesc boxed = member.layout().carrier().isPrimitive()
                ? MethodType.methodType(member.layout().carrier()).wrap().returnType().describeConstable().orElseThrow()
                : carrier;
        String unbox = member.layout().carrier().getName() + "Value";
        return define(List.of(member.layout()), code -> {
            code.aload(SEGMENT_SLOT).ldc(constant(0, layout));
            offset(code, size, member.offset());
            code.invokeinterface(SEGMENT, "get", MethodTypeDesc.of(carrier, layout, CD_long))
                    .invokestatic(boxed, "valueOf", MethodTypeDesc.of(boxed, carrier))
                    .areturn();
        }, code -> {
            code.aload(SEGMENT_SLOT).ldc(constant(0, layout));
            offset(code, size, member.offset());
            code.aload(VALUE_SLOT).checkcast(boxed)
                    .invokevirtual(boxed, unbox, MethodTypeDesc.of(carrier))
                    .invokeinterface(SEGMENT, "set", MethodTypeDesc.of(CD_void, layout, CD_long, carrier))
                    .return_();
        });
    }

    /** Pushes {@code base + index * size + offset}. */
    private static void offset(CodeBuilder code, long size, long offset) {
        code.lload(INDEX_SLOT).loadConstant(size).lmul().lload(BASE_SLOT).ladd();
        if (offset != 0) {
            code.loadConstant(offset).ladd();
        }
    }

    private static DynamicConstantDesc<Object> constant(int index, ClassDesc type) {
        return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, type, index);
    }

    private static ClassDesc carrier(ValueLayout layout) {
        return layout.carrier().describeConstable().orElseThrow();
    }

    /** @return the layout's interface, such as {@code ValueLayout.OfLong}, which {@code get} and {@code set} take */
    private static ClassDesc layoutDesc(ValueLayout layout) {
        String kind = layout.carrier().getName();
        return ClassDesc.of(ValueLayout.class.getName() + "$Of" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1));
    }

    private static RecordType.Accessor define(List<Object> classData, Consumer<CodeBuilder> read,
                                              Consumer<CodeBuilder> write) {
        ClassDesc self = ClassDesc.of(AccessorClass.class.getPackageName() + ".RecordAccessor");
        byte[] bytes = ClassFile.of().build(self, c -> c
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withInterfaceSymbols(ClassDesc.of(RecordType.Accessor.class.getName()))
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0)
                        .invokespecial(CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                        .return_())
                .withMethodBody("read", READ, ClassFile.ACC_PUBLIC, read)
                .withMethodBody("write", WRITE, ClassFile.ACC_PUBLIC, write));
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, classData, true);
            return (RecordType.Accessor) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("defining the accessor of a record type failed", e);
        }
    }
}
