package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.patinox.memory.ConfigException;

/** {@link MappingConfig}: defaults, properties, and errors that name the setting and the value. */
final class MappingConfigTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void the_defaults_map_an_existing_file_read_only_in_a_shared_arena() {
        MappingConfig c = MappingConfig.builder().build();
        assertEquals(new MappingConfig("", MappingConfig.Mode.READ_ONLY, 0, MappingConfig.Arena.SHARED, false), c);
        assertEquals(c, MappingConfig.readOnly());
        assertEquals(MappingConfig.Mode.READ_WRITE, MappingConfig.readWrite().mode());
        assertEquals(4096, MappingConfig.create(4096).size());
    }

    @Test
    void properties_are_read_with_sizes_in_binary_units_and_written_back() {
        MappingConfig c = MappingConfig.fromProperties(props("patinox.memory.mapping.name", "data",
                "patinox.memory.mapping.mode", "CREATE", "patinox.memory.mapping.size", "5GiB",
                "patinox.memory.mapping.arena", "confined", "patinox.memory.mapping.force-on-close", "true",
                "patinox.memory.pool.max-size", "3")).build();
        assertEquals(new MappingConfig("data", MappingConfig.Mode.CREATE, 5L << 30, MappingConfig.Arena.CONFINED, true), c);
        assertEquals(c, MappingConfig.fromProperties(c.toProperties()).build());
        assertEquals(64 * 1024, MappingConfig.fromProperties(props("patinox.memory.mapping.size", "64KiB",
                "patinox.memory.mapping.mode", "read-write")).build().size());
        assertEquals(c, c.toBuilder().build());
    }

    private static long size(String value) {
        return MappingConfig.fromProperties(props("patinox.memory.mapping.size", value,
                "patinox.memory.mapping.mode", "create")).build().size();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "4096 | 4096",
        "4096b | 4096",
        "4096 B | 4096",
        "64KiB | 65536",
        "64kib | 65536",
        "64KIB | 65536",
        "64 kIb | 65536",
        "16MiB | 16777216",
        "16mib | 16777216",
        "1GIB | 1073741824",
        "5gib | 5368709120",
        "2tib | 2199023255552",
        "2TiB | 2199023255552",
    })
    void the_binary_units_are_read_in_any_case(String value, long bytes) {
        assertEquals(bytes, size(value));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10kb | kb",
        "5GB | GB",
        "1g | g",
        "64 KB | KB",
        "3 bytes | bytes",
        "7MiBs | MiBs",
    })
    void an_unknown_unit_is_refused_naming_the_setting_the_value_and_the_units(String value, String unit) {
        assertEquals("patinox.memory.mapping.size must be a number of bytes such as 4096, 64KiB, 16MiB or 5GiB, but was '"
                + value + "': the unit '" + unit + "' is none of B, KiB, MiB, GiB, TiB (in any case)",
                assertThrows(ConfigException.class, () -> size(value)).getMessage());
    }

    @Test
    void bad_values_name_the_setting_and_the_value() {
        assertEquals("patinox.memory.mapping.mode must be one of [read-only, read-write, create], but was 'append'",
                assertThrows(ConfigException.class, () -> MappingConfig.fromProperties(
                        props("patinox.memory.mapping.mode", "append"))).getMessage());
        assertEquals("patinox.memory.mapping.arena must be one of [confined, shared], but was 'global'",
                assertThrows(ConfigException.class, () -> MappingConfig.fromProperties(
                        props("patinox.memory.mapping.arena", "global"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> MappingConfig.fromProperties(
                props("patinox.memory.mapping.size", "5GB"))).getMessage()
                .startsWith("patinox.memory.mapping.size must be a number of bytes such as 4096, 64KiB, 16MiB or 5GiB, but was '5GB'"));
        assertTrue(assertThrows(ConfigException.class, () -> MappingConfig.fromProperties(
                props("patinox.memory.mapping.size", "9999999999TiB"))).getMessage()
                .startsWith("patinox.memory.mapping.size must be at most"));
        assertEquals("patinox.memory.mapping.size must be 0 or more bytes, but was -1",
                assertThrows(ConfigException.class, () -> MappingConfig.builder().size(-1).build()).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> MappingConfig.builder().size(10).build()).getMessage()
                .startsWith("patinox.memory.mapping.size (10) needs patinox.memory.mapping.mode read-write or create"));
        assertTrue(assertThrows(ConfigException.class, () -> MappingConfig.fromProperties(
                props("patinox.memory.mapping.arna", "shared"))).getMessage()
                .startsWith("Unknown setting patinox.memory.mapping.arna (did you mean patinox.memory.mapping.arena?)"));
        assertThrows(ConfigException.class, () -> MappingConfig.builder().name(" ").build());
    }
}
