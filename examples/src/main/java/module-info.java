/**
 * Runnable programs that show the library. They require the API only: implementations on the
 * module path arrive by service binding.
 */
module org.patinox.memory.examples {
    requires org.patinox.memory.api;

    exports org.patinox.memory.examples;
}
