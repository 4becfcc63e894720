package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tour's command line, as a careless user types it. */
final class TourOptionsTest {

    @Test
    void no_option_is_the_library_choice_at_the_smallest_scale() {
        assertEquals(TourOptions.defaults(), TourOptions.parse());
        // Maven hands an unset -Dexample.args over as one empty argument.
        assertEquals(TourOptions.defaults(), TourOptions.parse(""));
        assertEquals(TourOptions.defaults(), TourOptions.parse("  ", "\t"));
    }

    @Test
    void options_come_as_separate_words_with_equals_signs_or_all_in_one_argument() {
        TourOptions expected = new TourOptions(Optional.of("standard"), 10, false);
        assertEquals(expected, TourOptions.parse("--provider", "standard", "--scale", "10"));
        assertEquals(expected, TourOptions.parse("--scale=10 --provider=standard"));
        assertEquals(expected, TourOptions.parse(" --provider standard  --scale 10 "));
        assertTrue(TourOptions.parse("-h").help());
        assertTrue(TourOptions.parse("--scale 3 --help").help());
    }

    @Test
    void a_bad_option_names_itself_and_its_value() {
        assertEquals("unknown option '--size'",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--size 3")).getMessage());
        assertEquals("option --scale: 0 is not 1 to 100",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--scale=0")).getMessage());
        assertEquals("option --scale: 101 is not 1 to 100",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--scale", "101")).getMessage());
        assertEquals("option --scale: '2x' is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--scale 2x")).getMessage());
        assertEquals("option --scale: a value must follow it",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--scale")).getMessage());
        assertEquals("option --provider: a value must follow it",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--provider --scale 2")).getMessage());
        assertEquals("option --provider: the name is empty",
                assertThrows(IllegalArgumentException.class, () -> TourOptions.parse("--provider=")).getMessage());
    }

    @Test
    void the_help_lists_every_option_and_the_command_that_passes_them() {
        String usage = TourOptions.usage();
        for (String option : new String[] {"--provider NAME", "--scale N", "--help", "-Dexample.args="}) {
            assertTrue(usage.contains(option), usage);
        }
    }
}
