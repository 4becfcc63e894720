package org.patinox.memory.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.internal.FileMapping;

/**
 * The child JVM of {@link MapFailureTest}, run with too little address space for an 8 GiB mapping:
 * opens an existing file with a size that needs it, then grows an open mapping to it, and prints how
 * each ended and the file's size after.
 */
public final class MapFailureChild {

    private MapFailureChild() {
    }

    /**
     * @param args a folder for the files
     * @throws Exception when a file cannot be made
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve("existing.bin");
        Files.write(file, new byte[100]);
        long large = 8L << 30;
        try (MappedFile mapped = FileMapping.open(file, MappingConfig.create(large), event -> { })) {
            System.out.println("OPENED " + mapped.byteSize());
        } catch (MappingException e) {
            System.out.println("OPEN " + e.kind() + " " + Files.size(file));
        }
        try (MappedFile mapped = FileMapping.open(file, MappingConfig.readWrite(), event -> { })) {
            try {
                mapped.grow(large);
                System.out.println("GROWN " + mapped.byteSize());
            } catch (MappingException e) {
                System.out.println("GROW " + e.kind() + " " + Files.size(file) + " " + mapped.byteSize());
            }
        }
    }
}
