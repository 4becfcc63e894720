package org.patinox.memory;

import java.io.Serial;
import java.util.Objects;

/**
 * A memory-mapped file could not be opened, viewed or read as asked: the file could not be mapped,
 * its size or header does not fit the type it is viewed as, an element's bytes are not a value of
 * its type, or it shrank under a live mapping.
 * The message says what was expected and what was found. Misuse of a closed mapping is not one of
 * these: it is an {@link IllegalStateException}, as for any closed Java resource; an index out of
 * range is an {@link IndexOutOfBoundsException}.
 */
public final class MappingException extends UtilityException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the mapping failed. */
    public enum Kind {
        /** The file could not be opened, created, grown, mapped or flushed; the cause is the I/O error. */
        IO,
        /**
         * The range viewed does not fit the type: its offset is not aligned to the type's alignment,
         * its size is not a multiple of the element size, or the type's layout cannot be mapped.
         */
        LAYOUT,
        /**
         * A typed file's header is not the one expected: not a typed file, another format version,
         * elements of another layout signature, or a count no file can hold (negative, or past
         * {@code Long.MAX_VALUE} bytes): a corrupt header.
         */
        HEADER,
        /**
         * The file is shorter than its contents need: too short for the element count of its
         * header, or truncated by another process under a live mapping.
         */
        TRUNCATED,
        /**
         * An element's bytes do not make a value of its type: the canonical constructor of a
         * {@link org.patinox.memory.mapping.MappableType#record record} type refused the values
         * read; the message names the file, the element and the record type, and the cause is what
         * the constructor threw.
         */
        ELEMENT
    }

    /** Why the mapping failed; part of the serialized form. */
    private final Kind kind;
    /** The file concerned; part of the serialized form. */
    private final String file;

    /**
     * @param kind why the mapping failed
     * @param file the file concerned, as given; empty when the failure concerns a type alone
     *     (a layout {@link org.patinox.memory.mapping.MappableType#validateLayout()} refused)
     * @param message what was expected and what was found
     * @param cause the underlying failure, or {@code null}
     */
    public MappingException(Kind kind, String file, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.file = Objects.requireNonNull(file, "file");
    }

    /** @return why the mapping failed */
    public Kind kind() {
        return kind;
    }

    /** @return the file concerned, or an empty string when the failure concerns a type alone */
    public String file() {
        return file;
    }
}
