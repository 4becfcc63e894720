package org.patinox.memory.jdbc;

import java.sql.Statement;

/** A {@link Statement} opened through a {@link ConnectionHandle}; see {@link AbstractStatementHandle}. */
final class StatementHandle extends AbstractStatementHandle<Statement> {

    StatementHandle(Statement delegate, ConnectionHandle owner) {
        super(delegate, owner);
    }

    @Override
    public String toString() {
        return "PooledStatement[" + delegate + "]";
    }
}
