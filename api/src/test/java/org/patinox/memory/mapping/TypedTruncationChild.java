package org.patinox.memory.mapping;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.internal.FileMapping;

/**
 * A child JVM of {@link TruncationTest}: maps a typed file of {@value #COUNT} longs, opens and
 * re-creates its header the number of times asked (enough for the JIT to compile {@code openTyped}
 * and {@code createTyped}, where a fault of a lost page surfaces asynchronously, or none, where it
 * surfaces in the access), says {@code READY}, waits for {@code GO} (by which time the parent has
 * truncated the file to 0 bytes), then calls each once more and prints what it ended with.
 */
public final class TypedTruncationChild {

    /** The typed file's element count. */
    static final int COUNT = 1000;

    private TypedTruncationChild() {
    }

    /**
     * @param args the file to map, and the number of warm-up rounds
     * @throws Exception when the protocol with the parent breaks
     */
    public static void main(String[] args) throws Exception {
        MappableType<Long> longs = MappableType.ofLong(ByteOrder.LITTLE_ENDIAN);
        Path path = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        try (MappedFile file = FileMapping.open(path, MappingConfig.readWrite(), event -> { })) {
            long sum = 0;
            for (int round = 0; round < rounds; round++) {
                sum += file.openTyped(longs).length() + file.createTyped(longs, COUNT).length();
            }
            System.out.println("READY " + sum);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            outcome("openTyped", path, () -> file.openTyped(longs));
            outcome("createTyped", path, () -> file.createTyped(longs, COUNT));
        }
        System.out.println("CLOSED");
    }

    private static void outcome(String operation, Path path, Supplier<MappedSlice<Long>> call) {
        try {
            System.out.println("NO ERROR " + operation + " " + call.get());
        } catch (MappingException e) {
            System.out.println("OUTCOME " + operation + " MappingException " + e.kind() + " file "
                    + path.toString().equals(e.file()) + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            System.out.println("OUTCOME " + operation + " " + e);
        }
    }
}
