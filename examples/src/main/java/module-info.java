/**
 * Runnable programs that show the library. They require the API and plugin APIs only:
 * implementations, and the H2 driver, arrive on the module path by service binding.
 */
// tag::plugin-module-info[]
module org.patinox.memory.examples {
    requires org.patinox.memory.api;
    requires org.patinox.memory.jdbc;
    requires java.sql;

    exports org.patinox.memory.examples;

    // The resource tour routes the registry's leak warnings into its own output.
    requires java.logging;
    // A cleanup plugin of this module's own, found as any user's is.
    provides org.patinox.memory.spi.AsyncCleanupProvider with org.patinox.memory.examples.cleanup.ScratchDirectoryCleanup;
    // The Redis tour: the plugin's API, and Jedis, whose Jedis type it names.
    requires org.patinox.memory.redis;
}
// end::plugin-module-info[]
