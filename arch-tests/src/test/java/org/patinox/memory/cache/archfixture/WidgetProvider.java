package org.patinox.memory.cache.archfixture;

/** Breach: a service interface outside the SPI package. */
interface WidgetProvider {
    String name();
}
