package org.patinox.memory.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * The {@link DatabaseMetaData} of a {@link ConnectionHandle}: it delegates to the driver's, answers
 * {@link #getConnection()} with the handle (never the pooled driver connection), and reports the
 * driver's failures to the handle so that a lost connection is not returned to the pool.
 */
final class MetaDataHandle implements DatabaseMetaData {

    private final DatabaseMetaData delegate;
    private final ConnectionHandle owner;

    MetaDataHandle(DatabaseMetaData delegate, ConnectionHandle owner) {
        this.delegate = delegate;
        this.owner = owner;
    }

    private SQLException failed(SQLException e) {
        return owner.failed(e);
    }

    /** @return the pooled connection handle this metadata came from */
    @Override
    public Connection getConnection() throws SQLException {
        return owner;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        try {
            return delegate.unwrap(type);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return "PooledDatabaseMetaData[" + delegate + "]";
    }

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        try {
            return delegate.allProceduresAreCallable();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        try {
            return delegate.allTablesAreSelectable();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        try {
            return delegate.autoCommitFailureClosesAllResultSets();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        try {
            return delegate.dataDefinitionCausesTransactionCommit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        try {
            return delegate.dataDefinitionIgnoredInTransactions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean deletesAreDetected(int index) throws SQLException {
        try {
            return delegate.deletesAreDetected(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        try {
            return delegate.doesMaxRowSizeIncludeBlobs();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        try {
            return delegate.generatedKeyAlwaysReturned();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getAttributes(String name, String s1, String s2, String s3) throws SQLException {
        try {
            return delegate.getAttributes(name, s1, s2, s3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getBestRowIdentifier(String name, String s1, String s2, int i3, boolean flag4) throws SQLException {
        try {
            return delegate.getBestRowIdentifier(name, s1, s2, i3, flag4);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        try {
            return delegate.getCatalogSeparator();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        try {
            return delegate.getCatalogTerm();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        try {
            return delegate.getCatalogs();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        try {
            return delegate.getClientInfoProperties();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getColumnPrivileges(String name, String s1, String s2, String s3) throws SQLException {
        try {
            return delegate.getColumnPrivileges(name, s1, s2, s3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getColumns(String name, String s1, String s2, String s3) throws SQLException {
        try {
            return delegate.getColumns(name, s1, s2, s3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getCrossReference(String name, String s1, String s2, String s3, String s4, String s5) throws SQLException {
        try {
            return delegate.getCrossReference(name, s1, s2, s3, s4, s5);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        try {
            return delegate.getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        try {
            return delegate.getDatabaseMinorVersion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        try {
            return delegate.getDatabaseProductName();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        try {
            return delegate.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        try {
            return delegate.getDefaultTransactionIsolation();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getDriverMajorVersion() {
        return delegate.getDriverMajorVersion();
    }

    @Override
    public int getDriverMinorVersion() {
        return delegate.getDriverMinorVersion();
    }

    @Override
    public String getDriverName() throws SQLException {
        try {
            return delegate.getDriverName();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getDriverVersion() throws SQLException {
        try {
            return delegate.getDriverVersion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getExportedKeys(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getExportedKeys(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        try {
            return delegate.getExtraNameCharacters();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getFunctionColumns(String name, String s1, String s2, String s3) throws SQLException {
        try {
            return delegate.getFunctionColumns(name, s1, s2, s3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getFunctions(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getFunctions(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        try {
            return delegate.getIdentifierQuoteString();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getImportedKeys(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getImportedKeys(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getIndexInfo(String name, String s1, String s2, boolean flag3, boolean flag4) throws SQLException {
        try {
            return delegate.getIndexInfo(name, s1, s2, flag3, flag4);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        try {
            return delegate.getJDBCMajorVersion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        try {
            return delegate.getJDBCMinorVersion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        try {
            return delegate.getMaxBinaryLiteralLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        try {
            return delegate.getMaxCatalogNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        try {
            return delegate.getMaxCharLiteralLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        try {
            return delegate.getMaxColumnNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        try {
            return delegate.getMaxColumnsInGroupBy();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        try {
            return delegate.getMaxColumnsInIndex();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        try {
            return delegate.getMaxColumnsInOrderBy();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        try {
            return delegate.getMaxColumnsInSelect();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        try {
            return delegate.getMaxColumnsInTable();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxConnections() throws SQLException {
        try {
            return delegate.getMaxConnections();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        try {
            return delegate.getMaxCursorNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        try {
            return delegate.getMaxIndexLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        try {
            return delegate.getMaxLogicalLobSize();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        try {
            return delegate.getMaxProcedureNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        try {
            return delegate.getMaxRowSize();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        try {
            return delegate.getMaxSchemaNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        try {
            return delegate.getMaxStatementLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxStatements() throws SQLException {
        try {
            return delegate.getMaxStatements();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        try {
            return delegate.getMaxTableNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        try {
            return delegate.getMaxTablesInSelect();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        try {
            return delegate.getMaxUserNameLength();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        try {
            return delegate.getNumericFunctions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getPrimaryKeys(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getPrimaryKeys(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getProcedureColumns(String name, String s1, String s2, String s3) throws SQLException {
        try {
            return delegate.getProcedureColumns(name, s1, s2, s3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        try {
            return delegate.getProcedureTerm();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getProcedures(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getProcedures(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getPseudoColumns(String name, String s1, String s2, String s3) throws SQLException {
        try {
            return delegate.getPseudoColumns(name, s1, s2, s3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        try {
            return delegate.getRowIdLifetime();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        try {
            return delegate.getSQLKeywords();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getSQLStateType() throws SQLException {
        try {
            return delegate.getSQLStateType();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        try {
            return delegate.getSchemaTerm();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        try {
            return delegate.getSchemas();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getSchemas(String name, String s1) throws SQLException {
        try {
            return delegate.getSchemas(name, s1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        try {
            return delegate.getSearchStringEscape();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getStringFunctions() throws SQLException {
        try {
            return delegate.getStringFunctions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getSuperTables(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getSuperTables(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getSuperTypes(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getSuperTypes(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        try {
            return delegate.getSystemFunctions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getTablePrivileges(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getTablePrivileges(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        try {
            return delegate.getTableTypes();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getTables(String name, String s1, String s2, String[] names3) throws SQLException {
        try {
            return delegate.getTables(name, s1, s2, names3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        try {
            return delegate.getTimeDateFunctions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        try {
            return delegate.getTypeInfo();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getUDTs(String name, String s1, String s2, int[] indexes3) throws SQLException {
        try {
            return delegate.getUDTs(name, s1, s2, indexes3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getURL() throws SQLException {
        try {
            return delegate.getURL();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getUserName() throws SQLException {
        try {
            return delegate.getUserName();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getVersionColumns(String name, String s1, String s2) throws SQLException {
        try {
            return delegate.getVersionColumns(name, s1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean insertsAreDetected(int index) throws SQLException {
        try {
            return delegate.insertsAreDetected(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        try {
            return delegate.isCatalogAtStart();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        try {
            return delegate.isReadOnly();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        try {
            return delegate.locatorsUpdateCopy();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        try {
            return delegate.nullPlusNonNullIsNull();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        try {
            return delegate.nullsAreSortedAtEnd();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        try {
            return delegate.nullsAreSortedAtStart();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        try {
            return delegate.nullsAreSortedHigh();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        try {
            return delegate.nullsAreSortedLow();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean othersDeletesAreVisible(int index) throws SQLException {
        try {
            return delegate.othersDeletesAreVisible(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean othersInsertsAreVisible(int index) throws SQLException {
        try {
            return delegate.othersInsertsAreVisible(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean othersUpdatesAreVisible(int index) throws SQLException {
        try {
            return delegate.othersUpdatesAreVisible(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean ownDeletesAreVisible(int index) throws SQLException {
        try {
            return delegate.ownDeletesAreVisible(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean ownInsertsAreVisible(int index) throws SQLException {
        try {
            return delegate.ownInsertsAreVisible(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean ownUpdatesAreVisible(int index) throws SQLException {
        try {
            return delegate.ownUpdatesAreVisible(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        try {
            return delegate.storesLowerCaseIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate.storesLowerCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        try {
            return delegate.storesMixedCaseIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate.storesMixedCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        try {
            return delegate.storesUpperCaseIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate.storesUpperCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        try {
            return delegate.supportsANSI92EntryLevelSQL();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        try {
            return delegate.supportsANSI92FullSQL();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        try {
            return delegate.supportsANSI92IntermediateSQL();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        try {
            return delegate.supportsAlterTableWithAddColumn();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        try {
            return delegate.supportsAlterTableWithDropColumn();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        try {
            return delegate.supportsBatchUpdates();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        try {
            return delegate.supportsCatalogsInDataManipulation();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        try {
            return delegate.supportsCatalogsInIndexDefinitions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        try {
            return delegate.supportsCatalogsInPrivilegeDefinitions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        try {
            return delegate.supportsCatalogsInProcedureCalls();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        try {
            return delegate.supportsCatalogsInTableDefinitions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        try {
            return delegate.supportsColumnAliasing();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        try {
            return delegate.supportsConvert();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsConvert(int index, int i1) throws SQLException {
        try {
            return delegate.supportsConvert(index, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        try {
            return delegate.supportsCoreSQLGrammar();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        try {
            return delegate.supportsCorrelatedSubqueries();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        try {
            return delegate.supportsDataDefinitionAndDataManipulationTransactions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        try {
            return delegate.supportsDataManipulationTransactionsOnly();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        try {
            return delegate.supportsDifferentTableCorrelationNames();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        try {
            return delegate.supportsExpressionsInOrderBy();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        try {
            return delegate.supportsExtendedSQLGrammar();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        try {
            return delegate.supportsFullOuterJoins();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        try {
            return delegate.supportsGetGeneratedKeys();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        try {
            return delegate.supportsGroupBy();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        try {
            return delegate.supportsGroupByBeyondSelect();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        try {
            return delegate.supportsGroupByUnrelated();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        try {
            return delegate.supportsIntegrityEnhancementFacility();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        try {
            return delegate.supportsLikeEscapeClause();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        try {
            return delegate.supportsLimitedOuterJoins();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        try {
            return delegate.supportsMinimumSQLGrammar();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        try {
            return delegate.supportsMixedCaseIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate.supportsMixedCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        try {
            return delegate.supportsMultipleOpenResults();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        try {
            return delegate.supportsMultipleResultSets();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        try {
            return delegate.supportsMultipleTransactions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        try {
            return delegate.supportsNamedParameters();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        try {
            return delegate.supportsNonNullableColumns();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        try {
            return delegate.supportsOpenCursorsAcrossCommit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        try {
            return delegate.supportsOpenCursorsAcrossRollback();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        try {
            return delegate.supportsOpenStatementsAcrossCommit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        try {
            return delegate.supportsOpenStatementsAcrossRollback();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        try {
            return delegate.supportsOrderByUnrelated();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        try {
            return delegate.supportsOuterJoins();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        try {
            return delegate.supportsPositionedDelete();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        try {
            return delegate.supportsPositionedUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        try {
            return delegate.supportsRefCursors();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsResultSetConcurrency(int index, int i1) throws SQLException {
        try {
            return delegate.supportsResultSetConcurrency(index, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsResultSetHoldability(int index) throws SQLException {
        try {
            return delegate.supportsResultSetHoldability(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsResultSetType(int index) throws SQLException {
        try {
            return delegate.supportsResultSetType(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        try {
            return delegate.supportsSavepoints();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        try {
            return delegate.supportsSchemasInDataManipulation();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        try {
            return delegate.supportsSchemasInIndexDefinitions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        try {
            return delegate.supportsSchemasInPrivilegeDefinitions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        try {
            return delegate.supportsSchemasInProcedureCalls();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        try {
            return delegate.supportsSchemasInTableDefinitions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        try {
            return delegate.supportsSelectForUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        try {
            return delegate.supportsSharding();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        try {
            return delegate.supportsStatementPooling();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        try {
            return delegate.supportsStoredFunctionsUsingCallSyntax();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        try {
            return delegate.supportsStoredProcedures();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        try {
            return delegate.supportsSubqueriesInComparisons();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        try {
            return delegate.supportsSubqueriesInExists();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        try {
            return delegate.supportsSubqueriesInIns();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        try {
            return delegate.supportsSubqueriesInQuantifieds();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        try {
            return delegate.supportsTableCorrelationNames();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int index) throws SQLException {
        try {
            return delegate.supportsTransactionIsolationLevel(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        try {
            return delegate.supportsTransactions();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        try {
            return delegate.supportsUnion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        try {
            return delegate.supportsUnionAll();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean updatesAreDetected(int index) throws SQLException {
        try {
            return delegate.updatesAreDetected(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        try {
            return delegate.usesLocalFilePerTable();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        try {
            return delegate.usesLocalFiles();
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
