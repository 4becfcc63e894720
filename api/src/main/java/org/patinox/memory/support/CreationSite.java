package org.patinox.memory.support;

import java.io.Serial;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a resource was registered: the frames of the registering thread from the first frame
 * outside the library down, captured with {@link StackWalker} (cheaper than a {@link Throwable},
 * and trimmed to the user's code), kept as frames, and turned into text only when a leak is
 * reported or the info asked for.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class CreationSite extends Throwable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** At most this many frames are kept: enough to see the caller's caller's callers. */
    static final int MAX_FRAMES = 32;

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** The packages of the library's own frames, which a creation site leaves out. */
    private static final List<String> LIBRARY = List.of("org.patinox.memory.support.", "org.patinox.memory.internal.",
            "org.patinox.memory.standard.", "org.patinox.memory.lockfree.", "org.patinox.memory.resource.");

    private CreationSite(String message, StackTraceElement[] frames) {
        super(message);
        setStackTrace(frames);
    }

    /** @return the current thread's frames, from the first outside the library */
    static StackWalker.StackFrame[] capture() {
        return WALKER.walk(CreationSite::userFrames);
    }

    private static StackWalker.StackFrame[] userFrames(Stream<StackWalker.StackFrame> frames) {
        return frames.dropWhile(f -> isLibrary(f.getClassName())).limit(MAX_FRAMES)
                .toArray(StackWalker.StackFrame[]::new);
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

    static List<StackTraceElement> elements(StackWalker.StackFrame[] frames) {
        return Stream.of(frames).map(StackWalker.StackFrame::toStackTraceElement).toList();
    }

    /**
     * @param message what the site is of, such as {@code resource #3 java.nio.file.Path created here}
     * @param frames the captured frames
     * @return a throwable whose stack trace is the site, for a leak event and its log line
     */
    static CreationSite of(String message, StackWalker.StackFrame[] frames) {
        return new CreationSite(message, elements(frames).toArray(StackTraceElement[]::new));
    }

    /** The stack trace is the creation site's, set in the constructor; the current one would be the reporter's. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
