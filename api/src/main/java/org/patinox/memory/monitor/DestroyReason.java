package org.patinox.memory.monitor;

/**
 * Why a pool destroyed a connection: the value of the {@code reason} attribute of every {@link
 * EventKind#CONNECTION_DESTROYED} event, the same in every implementation. A monitor may {@code
 * switch} over it; its {@link #toString()} is the constant's name.
 */
public enum DestroyReason {
    /** The pool is closing, or closed: an idle connection, or one returned or validated after close. */
    CLOSED,
    /** The pool's close waited its grace period for a borrowed connection that was not returned. */
    CLOSE_GRACE_EXPIRED,
    /** The holder invalidated its handle. */
    INVALIDATED,
    /** The connection stayed idle past the idle timeout, above the minimum size. */
    IDLE_TIMEOUT,
    /** The connection reached its maximum lifetime. */
    MAX_LIFETIME,
    /** The manager's validation answered false, failed or timed out. */
    VALIDATION_FAILED,
    /** The manager's recycle of a returned connection failed or timed out. */
    RECYCLE_FAILED
}
