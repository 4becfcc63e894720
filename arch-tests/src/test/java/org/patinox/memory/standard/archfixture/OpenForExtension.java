package org.patinox.memory.standard.archfixture;

/** Breach: an implementation class left open for subclassing. */
class OpenForExtension {
}
