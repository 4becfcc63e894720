package org.patinox.memory.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builder's types read like Caffeine's: they narrow where keys and values are first named, and
 * {@code build()} takes its types from the target. Each test is first a compilation check: before
 * the builder narrowed, none of these lines compiled without {@code CacheConfig.<Integer, String>builder()}.
 */
final class CacheConfigTypingTest {

    @Test
    void build_takes_its_types_from_the_assignment() {
        CacheConfig<Integer, String> config = CacheConfig.builder().maximumSize(10).build();
        assertEquals(10, config.maximumWeight());
    }

    @Test
    void a_typed_removal_listener_types_the_builder_and_the_configuration() {
        List<String> seen = new ArrayList<>();
        var config = CacheConfig.builder().maximumSize(10)
                .removalListener((Integer k, String v, RemovalCause c) -> seen.add(k + 1 + v.toUpperCase() + c))
                .build();
        CacheConfig<Integer, String> typed = config;
        typed.removalListener().onRemoval(41, "a", RemovalCause.SIZE);
        assertEquals(List.of("42ASIZE"), seen);
    }

    @Test
    void a_typed_weigher_types_the_builder_and_the_configuration() {
        var config = CacheConfig.builder().maximumWeight(100).weigher((String k, byte[] v) -> v.length).build();
        CacheConfig<String, byte[]> typed = config;
        assertEquals(3, typed.weigher().weigh("k", new byte[3]));
        assertTrue(typed.weighted());
    }

    @Test
    void a_listener_of_supertypes_keeps_the_builders_types() {
        RemovalListener<Object, CharSequence> wide = (k, v, c) -> { };
        CacheConfig<Integer, String> config = CacheConfig.builder().removalListener(wide).maximumSize(5).build();
        assertEquals(5, config.maximumWeight());
    }

    @Test
    void the_type_witness_of_existing_code_still_compiles_and_types_lambdas() {
        List<Integer> lengths = new ArrayList<>();
        CacheConfig<String, String> config = CacheConfig.<String, String>builder().maximumWeight(9)
                .weigher((k, v) -> v.length()).removalListener((k, v, c) -> lengths.add(k.length() + v.length()))
                .build();
        config.removalListener().onRemoval("ab", "cde", RemovalCause.EXPLICIT);
        assertEquals(List.of(5), lengths);
        CacheConfig<String, String> copy = config.toBuilder().name("copy").build();
        assertEquals("copy", copy.name());
    }
}
