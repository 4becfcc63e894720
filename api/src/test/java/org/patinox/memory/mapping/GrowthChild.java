package org.patinox.memory.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.internal.FileMapping;

/**
 * The child JVM of {@link GrowthBudgetTest}: grows one mapping a page at a time until a growth is
 * refused (or far past where the process runs out of mappings, which the JVM did not survive), and
 * prints how that ended; then closes it and grows another, to show the budget came back.
 */
public final class GrowthChild {

    private GrowthChild() {
    }

    /**
     * @param args a folder for the files
     * @throws Exception when a file cannot be made
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int grown = 0;
        try (MappedFile file = FileMapping.open(dir.resolve("grown.bin"), MappingConfig.create(4096), event -> { })) {
            try {
                for (int i = 2; i <= 200_000; i++) {
                    file.grow(4096L * i);
                    grown++;
                }
                System.out.println("NEVER REFUSED " + grown);
            } catch (MappingException e) {
                System.out.println("REFUSED " + grown + " " + e.kind() + " " + e.getMessage());
            }
            MappedSlice<Long> s = file.slice(MappableType.ofLong(java.nio.ByteOrder.LITTLE_ENDIAN));
            s.set(s.length() - 1, 7L);
            System.out.println("LAST " + s.get(s.length() - 1));
        }
        try (MappedFile other = FileMapping.open(dir.resolve("other.bin"), MappingConfig.create(4096), event -> { })) {
            other.grow(8192);
            System.out.println("AFTER CLOSE " + other.byteSize());
        }
        Files.delete(dir.resolve("grown.bin"));
    }
}
