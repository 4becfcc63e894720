package org.patinox.memory.mapping;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.patinox.memory.MappingException;
import org.patinox.memory.mapping.internal.FileMapping;

/**
 * The child JVM of {@link TruncationTest}: maps the file, warms its read loop up until the JIT has
 * compiled it, says {@code READY}, waits for {@code GO} (by which time the parent has truncated the
 * file), reads every element again and prints what that ended with. If the JVM crashed instead,
 * the parent sees no outcome and an exit code other than 0.
 */
public final class TruncationChild {

    private TruncationChild() {
    }

    /**
     * @param args the file to map
     * @throws Exception when the protocol with the parent breaks
     */
    public static void main(String[] args) throws Exception {
        MappableType<Long> longs = MappableType.ofLong(ByteOrder.LITTLE_ENDIAN);
        try (MappedFile file = FileMapping.open(Path.of(args[0]), MappingConfig.readWrite(), event -> { })) {
            MappedSlice<Long> slice = file.slice(longs);
            long sum = 0;
            for (int round = 0; round < 200; round++) {
                sum += sum(slice);
            }
            System.out.println("READY " + sum);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            for (MappedSlice<Long> s : java.util.List.of(slice, slice.slice(slice.length() - 2, slice.length()))) {
                try {
                    System.out.println("NO ERROR " + file.guarded(() -> sum(s)));
                } catch (MappingException e) {
                    System.out.println("OUTCOME " + e.getClass().getSimpleName() + " " + e.kind() + " " + e.getMessage());
                }
            }
            long[] bulk = new long[16];
            try {
                slice.copyTo(slice.length() - 16, bulk, 0, 16);
                System.out.println("NO ERROR bulk");
            } catch (MappingException e) {
                System.out.println("OUTCOME " + e.getClass().getSimpleName() + " " + e.kind() + " bulk");
            }
            // The pages still mapped read as before.
            System.out.println("HEAD " + slice.get(1));
        }
        System.out.println("CLOSED");
    }

    private static long sum(MappedSlice<Long> slice) {
        long sum = 0;
        for (long i = 0; i < slice.length(); i++) {
            sum += slice.get(i);
        }
        return sum;
    }
}
