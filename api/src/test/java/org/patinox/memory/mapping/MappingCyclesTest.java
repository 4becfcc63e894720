package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Close unmaps at once: 10,000 open/close cycles leave no mapped region behind (read in /proc/self/maps). */
final class MappingCyclesTest {

    private static final Path MAPS = Path.of("/proc/self/maps");

    @TempDir
    Path dir;

    private static List<String> maps() throws IOException {
        return Files.readAllLines(MAPS);
    }

    private static long regionsOf(List<String> maps, Path file) {
        String name = file.toAbsolutePath().toString();
        return maps.stream().filter(l -> l.endsWith(name)).count();
    }

    @Test
    void ten_thousand_open_close_cycles_leave_no_mapped_region_behind() throws IOException {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps");
        Path file = dir.resolve("cycles.bin");
        Mapped mapped = new Mapped();
        MappableType<Long> longs = MappableType.ofLong(ByteOrder.LITTLE_ENDIAN);
        try (MappedFile f = mapped.open(file, MappingConfig.create(64 * 1024))) {
            f.slice(longs).set(0, 1L);
            assertEquals(1, regionsOf(maps(), file), "an open mapping shows in /proc/self/maps");
        }
        assertEquals(0, regionsOf(maps(), file));
        int before = maps().size();
        for (int i = 0; i < 10_000; i++) {
            MappingConfig.Arena arena = i % 2 == 0 ? MappingConfig.Arena.SHARED : MappingConfig.Arena.CONFINED;
            try (MappedFile f = mapped.open(file, MappingConfig.builder().arena(arena).build())) {
                if (f.slice(longs).get(0) != 1L) {
                    throw new AssertionError("cycle " + i);
                }
            }
        }
        List<String> after = maps();
        assertEquals(0, regionsOf(after, file), "regions of the file left mapped");
        // Other regions come and go (JIT code, thread stacks); 10,000 leaked ones would not hide in this slack.
        assertTrue(after.size() < before + 100, "regions before " + before + ", after " + after.size());
    }
}
