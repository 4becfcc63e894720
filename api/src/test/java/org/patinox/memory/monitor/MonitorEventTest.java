package org.patinox.memory.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class MonitorEventTest {

    @Test
    void attributes_are_copied_in_order_and_described_on_one_line() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("provider", "standard");
        attributes.put("forced", false);
        attributes.put("another", 3);
        MonitorEvent e = new MonitorEvent.Lifecycle(Instant.EPOCH, "patinox-memory-7", EventKind.UTILITIES_CLOSED, attributes);
        attributes.put("late", "ignored");
        assertEquals(List.of("provider", "forced", "another"), List.copyOf(e.attributes().keySet()));
        assertEquals("UTILITIES_CLOSED patinox-memory-7 provider=standard forced=false another=3", e.describe());
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().put("x", 1));
        assertEquals("UTILITIES_OPENED s",
                new MonitorEvent.Lifecycle(Instant.EPOCH, "s", EventKind.UTILITIES_OPENED, Map.of()).describe());
    }

    @Test
    void null_parts_are_refused() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("key", null);
        assertThrows(NullPointerException.class,
                () -> new MonitorEvent.Lifecycle(Instant.EPOCH, "s", EventKind.UTILITIES_OPENED, withNull));
        assertThrows(NullPointerException.class,
                () -> new MonitorEvent.Lifecycle(null, "s", EventKind.UTILITIES_OPENED, Map.of()));
    }
}
