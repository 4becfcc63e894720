package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/** {@code MemoryUtilities.map}: names the mapping, reports to the instance's monitor, and unmaps on close. */
final class RuntimeMappingTest {

    @TempDir
    Path dir;

    @Test
    void the_instance_names_its_mappings_reports_them_and_unmaps_those_left_open_when_it_closes() {
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.builder().addMonitor(events::add).build(),
                new ProviderResolver.Choice(new FakeProvider("fake", 1),
                        new ProviderSelection("fake", "a fake", "test", List.of("fake"), List.of())),
                List.of());
        MappedFile first = runtime.map(dir.resolve("a.bin"), MappingConfig.create(4096));
        MappedFile second = runtime.map(dir.resolve("b.bin"), MappingConfig.create(4096).toBuilder().name("b").build());
        assertEquals(runtime.name() + "-mapping-1", first.name());
        assertEquals("b", second.name());
        first.slice(MappableType.ofInt(ByteOrder.BIG_ENDIAN)).set(0, 1);
        second.close();
        runtime.close();
        assertFalse(first.isOpen());
        assertThrows(IllegalStateException.class, () -> runtime.map(dir.resolve("c.bin"), MappingConfig.create(1)));
        List<String> mappingEvents = events.stream().filter(e -> e.kind().category() == EventKind.Category.MAPPING)
                .map(e -> e.kind() + " " + e.source()).toList();
        assertEquals(List.of("MAPPING_OPENED " + first.name(), "MAPPING_OPENED b", "MAPPING_CLOSED b",
                "MAPPING_CLOSED " + first.name()), mappingEvents);
        MonitorEvent opened = events.stream().filter(e -> e.kind() == EventKind.MAPPING_OPENED).findFirst().orElseThrow();
        assertEquals(dir.resolve("a.bin").toString(), opened.attributes().get("file"));
        assertEquals("create", opened.attributes().get("mode"));
        assertEquals(4096L, opened.attributes().get("bytes"));
        assertEquals("shared", opened.attributes().get("arena"));
        assertTrue(opened instanceof MonitorEvent.MappingEvent);
        assertEquals(Optional.empty(), opened.error());
    }
}
