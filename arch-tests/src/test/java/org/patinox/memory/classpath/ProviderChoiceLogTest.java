package org.patinox.memory.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.tck.LogCapture;

/** Opening an instance says which implementation it chose at DEBUG: quiet unless asked for. */
final class ProviderChoiceLogTest {

    private static List<LogRecord> choices(LogCapture log) {
        return log.records().stream().filter(r -> r.getMessage().startsWith("Patinox Memory uses '")).toList();
    }

    @Test
    void the_choice_is_not_logged_at_the_default_level() {
        try (LogCapture log = LogCapture.of("org.patinox.memory");
             MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            assertEquals("lockfree", memory.provider().name());
            assertEquals(List.of(), choices(log), log.text());
        }
    }

    @Test
    void the_choice_is_logged_at_debug_when_the_logger_asks_for_it() {
        try (LogCapture log = LogCapture.of("org.patinox.memory", Level.FINE);
             MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            List<LogRecord> choices = choices(log);
            assertEquals(1, choices.size(), log.text());
            assertEquals(Level.FINE, choices.getFirst().getLevel());
            assertTrue(choices.getFirst().getMessage().startsWith("Patinox Memory uses 'lockfree': highest priority among"),
                    choices.getFirst().getMessage());
            assertEquals("lockfree", memory.provider().name());
        }
    }
}
