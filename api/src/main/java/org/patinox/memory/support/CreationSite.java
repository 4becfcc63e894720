package org.patinox.memory.support;

import java.io.Serial;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a resource was registered: the registering thread's stack, captured as a {@link Frames}
 * throwable (the virtual machine's own compact record of the frames, made without a
 * {@link StackTraceElement}), and turned into elements, from the first frame outside the library
 * down, only when a leak is reported or the info asked for. A {@link StackWalker} that stops at
 * the user's frames makes an object per frame as it walks: four times the cost at 22 frames
 * (2.6 against 0.7 us), which {@code SAMPLED} pays once in 128 registrations.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class CreationSite extends Throwable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** At most this many frames are kept: enough to see the caller's caller's callers. */
    static final int MAX_FRAMES = 32;

    /** The packages of the library's own frames, which a creation site leaves out. */
    private static final List<String> LIBRARY = List.of("org.patinox.memory.support.", "org.patinox.memory.internal.",
            "org.patinox.memory.standard.", "org.patinox.memory.lockfree.", "org.patinox.memory.resource.");

    private CreationSite(String message, StackTraceElement[] frames) {
        super(message);
        setStackTrace(frames);
    }

    /** The registering thread's stack as the virtual machine records it; never thrown. */
    static final class Frames extends Throwable {
        @Serial
        private static final long serialVersionUID = 1L;

        Frames() {
            super(null, null, false, true);
        }
    }

    /** @return the current thread's frames */
    static Frames capture() {
        return new Frames();
    }

    static boolean isLibrary(String className) {
        if (!className.startsWith("org.patinox.memory.")) {
            return false;
        }
        for (String p : LIBRARY) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** @return the captured frames from the first outside the library, at most {@value #MAX_FRAMES} */
    static List<StackTraceElement> elements(Frames frames) {
        return Stream.of(frames.getStackTrace()).dropWhile(e -> isLibrary(e.getClassName())).limit(MAX_FRAMES)
                .toList();
    }

    /**
     * @param message what the site is of, such as {@code resource #3 java.nio.file.Path created here}
     * @param frames the captured frames
     * @return a throwable whose stack trace is the site, for a leak event and its log line
     */
    static CreationSite of(String message, Frames frames) {
        return new CreationSite(message, elements(frames).toArray(StackTraceElement[]::new));
    }

    /** The stack trace is the creation site's, set in the constructor; the current one would be the reporter's. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
