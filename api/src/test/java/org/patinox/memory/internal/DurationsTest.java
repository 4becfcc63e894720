package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;

final class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S, 250ms",
        "30s, PT30S, 30s",
        "5m, PT5M, 5m",
        "2h, PT2H, 2h",
        "1d, PT24H, 1d",
        "90s, PT1M30S, 90s",
        "120s, PT2M, 2m",
        "15us, PT0.000015S, 15us",
        "7ns, PT0.000000007S, 7ns",
        "0s, PT0S, 0s",
        "PT1.5S, PT1.5S, 1500ms",
        "'  10 S ', PT10S, 10s",
    })
    void short_and_iso_forms_parse_and_format_back(String text, String iso, String formatted) {
        Duration parsed = Durations.parse("key", text);
        assertEquals(Duration.parse(iso), parsed);
        assertEquals(formatted, Durations.format(parsed));
        assertEquals(parsed, Durations.parse("key", Durations.format(parsed)));
    }

    /** The tables of the settings say "0 for never" and "0 reads at once": zero needs no unit. */
    @ParameterizedTest
    @ValueSource(strings = {"0", " 0 ", "00"})
    void zero_alone_needs_no_unit(String text) {
        assertEquals(Duration.ZERO, Durations.parse("key", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-0s", "1.5s", "5sec", "-1s"})
    void what_is_not_a_duration_is_refused_naming_the_key_and_the_value(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> Durations.parse("some.key", text));
        assertTrue(e.getMessage().startsWith("some.key must be a duration such as 250ms"), e.getMessage());
        assertTrue(e.getMessage().contains("but was '" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"PT-3S", "PT9223372036854775807S", "PT9223372036854775807.000000001S"})
    void negative_and_huge_durations_format_as_iso(String iso) {
        Duration d = Duration.parse(iso);
        assertEquals(d, Durations.parse("key", Durations.format(d)));
    }

    /** A huge amount of one unit formats in that unit, as it was written, not in another one or as ISO. */
    @ParameterizedTest
    @CsvSource({"9223372036854775807s", "9223372036854775807ms", "9223372036854775807us", "9223372036854775807ns",
        "153722867280912930m", "2562047788015215h", "106751991167300d"})
    void a_huge_amount_of_one_unit_formats_as_written(String text) {
        assertEquals(text, Durations.format(Durations.parse("key", text)));
    }

    /** Past what a {@code Duration} holds, an amount of a unit still means "no limit", as a huge {@code Duration} does. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807d", "99999999999999999999999s", "9223372036854775807h", "P9999999999999999999D",
        "PT99999999999999999999H"})
    void an_amount_past_any_duration_means_no_limit(String text) {
        assertEquals(Durations.UNLIMITED, Durations.saturate(Durations.parse("key", text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-P9999999999999999999D", "PT-99999999999999999999H"})
    void a_negative_amount_past_any_duration_is_still_refused(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> Durations.parse("some.key", text));
        assertTrue(e.getMessage().contains("but was '" + text + "'"), e.getMessage());
    }
}
