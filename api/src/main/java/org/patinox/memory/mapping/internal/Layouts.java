package org.patinox.memory.mapping.internal;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.patinox.memory.MappingException;

/** The canonical text, signature and validation of the layouts that mapped types use. */
public final class Layouts {

    /** No mapping is aligned to more than a page; a layout asking more could not be honoured. */
    static final long PAGE = 4096;

    private Layouts() {
    }

    /**
     * @param layout a layout
     * @return its canonical text; see {@link org.patinox.memory.mapping.MappableType#signatureText()}
     */
    public static String signatureText(MemoryLayout layout) {
        return text(layout) + " size " + layout.byteSize() + " align " + layout.byteAlignment();
    }

    private static String text(MemoryLayout layout) {
        return switch (layout) {
            case ValueLayout v -> kind(v) + v.name().map(n -> " " + n).orElse("");
            case PaddingLayout p -> "pad " + p.byteSize();
            case SequenceLayout s -> "seq " + s.elementCount() + " of (" + text(s.elementLayout()) + ")";
            case GroupLayout g -> {
                StringJoiner members = new StringJoiner(", ", (g instanceof StructLayout ? "struct" : "union")
                        + g.name().map(n -> " " + n).orElse("") + "{", "}");
                long offset = 0;
                for (MemoryLayout m : g.memberLayouts()) {
                    members.add(text(m) + "@" + offset);
                    if (g instanceof StructLayout) {
                        offset += m.byteSize();
                    }
                }
                yield members.toString();
            }
        };
    }

    private static String kind(ValueLayout v) {
        String order = v.order() == ByteOrder.BIG_ENDIAN ? "be" : "le";
        return switch (v) {
            case AddressLayout a -> "addr";
            case ValueLayout.OfByte b -> "i8";
            case ValueLayout.OfBoolean b -> "bool";
            case ValueLayout.OfShort s -> "i16" + order;
            case ValueLayout.OfChar c -> "u16" + order;
            case ValueLayout.OfInt i -> "i32" + order;
            case ValueLayout.OfFloat f -> "f32" + order;
            case ValueLayout.OfLong l -> "i64" + order;
            case ValueLayout.OfDouble d -> "f64" + order;
        };
    }

    /**
     * @param text a signature text
     * @return its 64-bit FNV-1a hash, stable across JVMs and platforms
     */
    public static long signature(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * See {@link org.patinox.memory.mapping.MappableType#validateLayout()}.
     *
     * @param layout the layout of one element
     */
    public static void validate(MemoryLayout layout) {
        String what = "layout " + signatureText(layout);
        if (layout.byteSize() == 0) {
            throw invalid(what + " has no size: an element must hold at least one byte");
        }
        if (layout.byteAlignment() > PAGE) {
            throw invalid(what + " is aligned to " + layout.byteAlignment() + " bytes, but a mapping is aligned to "
                    + PAGE + " at most");
        }
        long natural = check(layout, 0, what);
        if (layout.byteSize() % natural != 0) {
            long padded = (layout.byteSize() + natural - 1) / natural * natural;
            throw invalid(what + " has size " + layout.byteSize() + ", which is not a multiple of its largest member's "
                    + natural + ": in an array the second element's members would be misaligned; expected size "
                    + padded + " (add " + (padded - layout.byteSize()) + " bytes of trailing padding)");
        }
        if (layout.byteSize() % layout.byteAlignment() != 0) {
            throw invalid(what + " has size " + layout.byteSize() + ", which is not a multiple of its alignment "
                    + layout.byteAlignment());
        }
    }

    /** @return the largest natural alignment among the value members, after checking each one's offset */
    private static long check(MemoryLayout layout, long offset, String what) {
        return switch (layout) {
            case AddressLayout a -> throw invalid(what + " holds an address" + a.name().map(n -> " (" + n + ")").orElse("")
                    + " at offset " + offset + ": a raw pointer read from a file means nothing and is never mapped");
            case ValueLayout v -> {
                if (offset % v.byteSize() != 0) {
                    throw invalid(what + " places " + kind(v) + v.name().map(n -> " " + n).orElse("") + " at offset "
                            + offset + ", which is not aligned to its size " + v.byteSize() + "; expected offset "
                            + (offset + v.byteSize() - 1) / v.byteSize() * v.byteSize() + " (insert padding before it)");
                }
                yield v.byteSize();
            }
            case PaddingLayout p -> 1;
            case SequenceLayout s -> {
                long natural = 1;
                long element = s.elementLayout().byteSize();
                // Every element is checked through the first and the stride: all lie at offset + i * element.
                natural = Math.max(natural, check(s.elementLayout(), offset, what));
                if (s.elementCount() > 1 && element % natural != 0) {
                    throw invalid(what + " has a sequence whose elements of size " + element
                            + " are not a multiple of their alignment " + natural);
                }
                yield natural;
            }
            case GroupLayout g -> {
                long natural = 1;
                long at = offset;
                for (MemoryLayout m : g.memberLayouts()) {
                    natural = Math.max(natural, check(m, at, what));
                    if (g instanceof StructLayout) {
                        at += m.byteSize();
                    }
                }
                yield natural;
            }
        };
    }

    private static MappingException invalid(String message) {
        return new MappingException(MappingException.Kind.LAYOUT, "", message, null);
    }
}
