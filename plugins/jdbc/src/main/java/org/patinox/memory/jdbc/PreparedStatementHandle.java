package org.patinox.memory.jdbc;

import java.sql.PreparedStatement;

/** A {@link PreparedStatement} opened through a {@link ConnectionHandle}; see {@link AbstractStatementHandle}. */
final class PreparedStatementHandle extends AbstractPreparedStatementHandle<PreparedStatement> {

    PreparedStatementHandle(PreparedStatement delegate, ConnectionHandle owner) {
        super(delegate, owner);
    }

    @Override
    public String toString() {
        return "PooledPreparedStatement[" + delegate + "]";
    }
}
