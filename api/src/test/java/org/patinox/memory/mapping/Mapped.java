package org.patinox.memory.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.patinox.memory.mapping.internal.FileMapping;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/** Opens mappings for tests without a {@code MemoryUtilities}, recording their events. */
final class Mapped {

    final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final Monitor monitor = events::add;

    MappedFile open(Path file, MappingConfig config) {
        return FileMapping.open(file, config, monitor);
    }
}
