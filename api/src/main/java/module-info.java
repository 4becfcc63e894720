/**
 * The API and SPI of Patinox Memory: every type a user or a plugin author touches.
 *
 * <p>Implementations ({@code org.patinox.memory.standard}, {@code org.patinox.memory.lockfree})
 * and plugins arrive by service binding: this module {@code uses} every provider interface and
 * depends on nothing but {@code java.base}.
 *
 * <p>The component packages yet without a type ({@code resource}, {@code share}, {@code mapping},
 * {@code cache}) are exported by the change that gives each its first type: javac refuses to
 * export a package that holds none.
 */
module org.patinox.memory.api {
    exports org.patinox.memory;
    exports org.patinox.memory.pool;
    exports org.patinox.memory.monitor;
    exports org.patinox.memory.spi;

    uses org.patinox.memory.spi.MemoryProvider;
    uses org.patinox.memory.spi.MonitorProvider;
    uses org.patinox.memory.spi.ConnectionManagerProvider;
}
