package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappedSlice;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.resource.ResourceRegistry;

/**
 * {@code MemoryUtilities.map}: names the mapping, reports to the instance's monitor, and unmaps on
 * close; an open mapping is a resource of the instance's registry. (The leak reports, which log,
 * are in the TCK's {@code ResourceRegistryContract}, which captures the log.)
 */
final class RuntimeMappingTest {

    private static final Path MAPS = Path.of("/proc/self/maps");

    @TempDir
    Path dir;

    private MemoryRuntime runtime;

    private MemoryRuntime open() {
        return open(UtilityConfig.builder().build());
    }

    private MemoryRuntime open(UtilityConfig config) {
        runtime = MemoryRuntime.start(config,
                new ProviderResolver.Choice(new FakeProvider("fake", 1),
                        new ProviderSelection("fake", "a fake", "test", List.of("fake"), List.of())),
                List.of());
        return runtime;
    }

    @AfterEach
    void close_the_instance() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static boolean mapped(Path file) {
        try {
            String name = file.toAbsolutePath().toString();
            return Files.readAllLines(MAPS).stream().anyMatch(line -> line.contains(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> types(ResourceRegistry registry) {
        return registry.active().stream().map(ResourceInfo::type).toList();
    }

    @Test
    void an_open_mapping_is_listed_by_the_instance_registry_by_name_and_gone_once_closed_twice() {
        MemoryRuntime memory = open();
        ResourceRegistry resources = memory.resources();
        MappedFile mapping = memory.map(dir.resolve("listed.bin"),
                MappingConfig.create(4096).toBuilder().name("orders").build());
        assertEquals(List.of(MappedFile.class.getName() + "[orders]"), types(resources));
        assertFalse(types(resources).getFirst().contains(dir.toString()), "the type does not show the path");
        mapping.close();
        mapping.close();
        assertFalse(mapping.isOpen());
        assertEquals(List.of(), resources.active());
        assertEquals(1, resources.stats().cleaned(), "the registry saw it closed, once");
        assertEquals(0, resources.stats().failed());
    }

    @Test
    void a_confined_mapping_closed_from_another_thread_stays_open_and_registered_and_its_opener_closes_it()
            throws InterruptedException, ExecutionException {
        MemoryRuntime memory = open();
        ResourceRegistry resources = memory.resources();
        Path file = dir.resolve("confined.bin");
        MappedFile mapping = memory.map(file, MappingConfig.create(4096).toBuilder()
                .arena(MappingConfig.Arena.CONFINED).build());
        Throwable refused = CompletableFuture.supplyAsync(() -> {
            try {
                mapping.close();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }, runnable -> Thread.ofPlatform().start(runnable)).get();
        assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
        assertTrue(refused.getMessage().contains("confined"), refused.getMessage());
        assertTrue(mapping.isOpen(), "the refused close left it open");
        assertEquals(1, resources.activeCount(), "and registered");
        mapping.slice(MappableType.ofInt(ByteOrder.LITTLE_ENDIAN)).set(0, 7);
        mapping.close();
        assertFalse(mapping.isOpen());
        assertEquals(0, resources.activeCount());
        assertEquals(1, resources.stats().cleaned());
        if (Files.isReadable(MAPS)) {
            assertFalse(mapped(file), "unmapped");
        }
    }

    @Test
    void closing_the_instance_unmaps_through_its_registry() {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps");
        MemoryRuntime memory = open();
        ResourceRegistry resources = memory.resources();
        Path shared = dir.resolve("shared.bin");
        Path confined = dir.resolve("confined.bin");
        MappedFile a = memory.map(shared, MappingConfig.create(4096));
        MappedFile b = memory.map(confined, MappingConfig.create(4096).toBuilder()
                .arena(MappingConfig.Arena.CONFINED).build());
        assertTrue(mapped(shared) && mapped(confined));
        memory.close();
        assertFalse(a.isOpen());
        assertFalse(b.isOpen(), "closed on its opener's thread");
        assertFalse(mapped(shared), "unmapped");
        assertFalse(mapped(confined), "unmapped");
        assertEquals(2, resources.stats().cleaned());
        b.close();
    }

    @Test
    void a_slice_in_use_keeps_its_mapping_from_the_safety_net() throws InterruptedException {
        MemoryRuntime memory = open();
        MappedSlice<Long> slice = sliceOfADroppedMapping(memory, dir.resolve("kept.bin"));
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertEquals(42L, slice.get(0), "still mapped");
        assertEquals(0, memory.resources().stats().leaked());
        assertEquals(1, memory.resources().activeCount());
    }

    private static MappedSlice<Long> sliceOfADroppedMapping(MemoryRuntime memory, Path file) {
        MappedSlice<Long> slice = memory.map(file, MappingConfig.create(4096))
                .slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN));
        slice.set(0, 42L);
        return slice;
    }

    @Test
    void closes_racing_on_many_threads_unmap_once_and_the_registry_counts_one_cleanup_each_round() throws Exception {
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        MemoryRuntime memory = open(UtilityConfig.builder().addMonitor(events::add).build());
        ResourceRegistry resources = memory.resources();
        int threads = 8;
        int rounds = 30;
        for (int round = 1; round <= rounds; round++) {
            MappedFile mapping = memory.map(dir.resolve("race-" + round + ".bin"), MappingConfig.create(4096));
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            List<CompletableFuture<Void>> closers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                closers.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                        throw new IllegalStateException(e);
                    }
                    mapping.close();
                    if (mapping.isOpen()) {
                        throw new IllegalStateException("open after its close returned");
                    }
                }, runnable -> Thread.ofPlatform().start(runnable)));
            }
            for (CompletableFuture<Void> closer : closers) {
                closer.get();
            }
            assertEquals(round, resources.stats().cleaned(), "one cleanup per mapping, round " + round);
            assertEquals(0, resources.activeCount());
        }
        assertEquals(0, resources.stats().failed());
        assertEquals(rounds, events.stream().filter(e -> e.kind() == EventKind.MAPPING_CLOSED).count(),
                "unmapped once each");
    }

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
