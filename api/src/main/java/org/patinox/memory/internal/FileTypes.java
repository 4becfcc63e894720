package org.patinox.memory.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a path that is not a regular file is, for the messages of those that read or map only regular files. */
public final class FileTypes {

    private FileTypes() {
    }

    /**
     * @param path a path that exists and is not a regular file
     * @param attributes its attributes
     * @return what it is, such as {@code a directory} or {@code a FIFO (named pipe)}
     */
    public static String describe(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            // The "unix" view (Linux, macOS) holds st_mode; its S_IFMT bits tell the other kinds apart.
            int format = (Integer) Files.getAttribute(path, "unix:mode") & 0xF000;
            return switch (format) {
                case 0x1000 -> "a FIFO (named pipe)";
                case 0x2000 -> "a character device";
                case 0x6000 -> "a block device";
                case 0xC000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
    }
}
