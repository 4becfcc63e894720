package org.patinox.memory.examples.archfixture;

import org.patinox.memory.support.BoundedCall;

/** Breach: the support package used by a module that is not a first-party implementation. */
final class ExampleUsingSupport {
    Throwable unwrapped(Throwable failure) {
        return BoundedCall.unwrap(failure);
    }
}
