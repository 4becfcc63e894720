package org.patinox.memory.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns values (or keys) into the bytes Redis stores, and back. {@link #decode} of {@link #encode}
 * must give an equal value; both must be thread-safe and should be quick, since they run on the
 * caller's thread. An exception either throws reaches the caller of the cache operation as thrown.
 *
 * @param <T> the type of value
 */
public interface RedisCodec<T> {

    /**
     * @param value a value, never {@code null}
     * @return its bytes
     */
    byte[] encode(T value);

    /**
     * @param bytes bytes {@link #encode} made, possibly in another process
     * @return the value
     */
    T decode(byte[] bytes);

    /** @return the codec of strings as UTF-8 */
    static RedisCodec<String> utf8() {
        return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
    }

    /** @return the codec of byte arrays: stored as they are (a decoded array is a new one) */
    static RedisCodec<byte[]> bytes() {
        return of(byte[]::clone, byte[]::clone);
    }

    /**
     * @param encoder the encoding function
     * @param decoder the decoding function
     * @param <T> the type of value
     * @return a codec of the two
     */
    static <T> RedisCodec<T> of(Function<? super T, byte[]> encoder, Function<byte[], ? extends T> decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new RedisCodec<>() {
            @Override
            public byte[] encode(T value) {
                return encoder.apply(value);
            }

            @Override
            public T decode(byte[] bytes) {
                return decoder.apply(bytes);
            }
        };
    }
}
