package org.patinox.memory.mapping.internal;

import static java.lang.constant.ConstantDescs.CD_MethodHandle;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Defines, per record type, a hidden class implementing {@link RecordType.Accessor} whose two
 * methods call the record's reader and writer method handles, loaded as constants from the hidden
 * class's class data. A method handle held in a field is opaque to the JIT, which then calls it
 * out of line and allocates every record read; one loaded as a constant is inlined to the field
 * reads and the constructor, so that escape analysis removes the record where the caller does not
 * keep it, and a typed read costs what the hand-written reads of its fields cost.
 */
final class AccessorClass {

    private static final ClassDesc SEGMENT = ClassDesc.of(MemorySegment.class.getName());
    private static final MethodTypeDesc READ = MethodTypeDesc.of(CD_Object, SEGMENT, CD_long);
    private static final MethodTypeDesc WRITE = MethodTypeDesc.of(CD_void, SEGMENT, CD_long, CD_Object);

    private AccessorClass() {
    }

    /**
     * @param reader {@code (MemorySegment, long) -> Object}
     * @param writer {@code (MemorySegment, long, Object) -> void}
     * @return an accessor calling them
     */
    static RecordType.Accessor define(MethodHandle reader, MethodHandle writer) {
        ClassDesc self = ClassDesc.of(AccessorClass.class.getPackageName() + ".RecordAccessor");
        DynamicConstantDesc<MethodHandle> readerConstant = DynamicConstantDesc.ofNamed(
                ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, CD_MethodHandle, 0);
        DynamicConstantDesc<MethodHandle> writerConstant = DynamicConstantDesc.ofNamed(
                ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, CD_MethodHandle, 1);
        byte[] bytes = ClassFile.of().build(self, c -> c
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withInterfaceSymbols(ClassDesc.of(RecordType.Accessor.class.getName()))
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0)
                        .invokespecial(CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                        .return_())
                .withMethodBody("read", READ, ClassFile.ACC_PUBLIC, code -> code
                        .ldc(readerConstant)
                        .aload(1)
                        .lload(2)
                        .invokevirtual(CD_MethodHandle, "invokeExact", READ)
                        .areturn())
                .withMethodBody("write", WRITE, ClassFile.ACC_PUBLIC, code -> code
                        .ldc(writerConstant)
                        .aload(1)
                        .lload(2)
                        .aload(4)
                        .invokevirtual(CD_MethodHandle, "invokeExact", WRITE)
                        .return_()));
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(bytes, List.of(reader, writer), true);
            return (RecordType.Accessor) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("defining the accessor of a record type failed", e);
        }
    }
}
