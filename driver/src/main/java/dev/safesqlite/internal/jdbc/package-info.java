/**
 * The JDBC objects {@code jdbc:safesqlite:} hands to applications: sqlite-jdbc's objects,
 * wrapped so that no SQL reaches SQLite before the engine has seen it. Internal; the public
 * faces are {@code dev.safesqlite.SafeSqliteDriver} and {@code dev.safesqlite.SafeSqliteDataSource}.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Every method is written out.</b> Each wrapper declares every method of its JDBC 4.3
 *       interface, default methods included ({@code executeLargeUpdate}, {@code enquoteLiteral},
 *       {@code beginRequest}, {@code setObject(.., SQLType)}): a default or inherited
 *       implementation is how SQL slips past a wrapper. {@code WrapperTest} checks it by
 *       reflection, so a JDK that adds a method fails the build instead of opening a hole.</li>
 *   <li><b>The connection is an {@code SQLiteConnection}.</b> {@link SafeConnection} extends it over
 *       the raw connection's native handle, so casts, {@code Function.create}, {@code Collation},
 *       {@code BusyHandler}, {@code ProgressHandler} and {@code getDatabase()} work on the protected
 *       connection. It overrides every public method of {@code Connection} and
 *       {@code SQLiteConnection} to delegate: the inherited implementations would keep a second
 *       autocommit flag and transaction mode. Statements, result sets and metadata are plain
 *       interface wrappers; nobody casts those to sqlite-jdbc classes.</li>
 *   <li><b>Unwrapping never yields a raw object.</b> {@code unwrap(iface)} returns the wrapper when
 *       it is an {@code iface} (so {@code unwrap(SQLiteConnection.class)} is the protected
 *       connection); for a class only the raw object is ({@code JDBC4Connection},
 *       {@code JDBC4Statement}, {@code JDBC4ResultSet}, ...) it throws an SQLException that says why
 *       and what to use instead. {@code isWrapperFor} is true exactly when {@code unwrap} returns.
 *       {@code getSQLiteDatabaseMetaData()} is refused the same way: sqlite-jdbc's
 *       {@code CoreDatabaseMetaData} answers {@code getConnection()} with the raw connection.</li>
 *   <li><b>Nothing leads back to a raw object.</b> {@code Statement.getConnection()},
 *       {@code ResultSet.getStatement()}, {@code DatabaseMetaData.getConnection()},
 *       {@code getResultSet()}, {@code getGeneratedKeys()} and metadata result sets return wrappers.
 *       {@code ResultSetMetaData} and {@code ParameterMetaData} are wrapped too, because
 *       sqlite-jdbc's are the raw result set and the raw prepared statement themselves.</li>
 *   <li><b>What reaches the engine.</b> {@code executeUpdate}/{@code executeLargeUpdate} of a
 *       Statement report that every statement of the string runs; the other {@code execute*}
 *       methods only the first. Batches are reported whole before any entry runs. Prepared and
 *       callable statements report at execution, never at preparation, with the values bound by
 *       every setter ({@link BoundParameters}). The SQL-string methods of a PreparedStatement are
 *       refused, as JDBC requires and sqlite-jdbc does. {@code nativeSQL} runs nothing.</li>
 *   <li><b>Not covered:</b> SQL run directly on the native handle ({@code getDatabase().exec(..)})
 *       is sqlite-jdbc's low-level API, below JDBC, and is not seen.</li>
 *   <li><b>{@code abort(Executor)}</b> closes the connection on the executor: sqlite-jdbc's does
 *       nothing, which would leak the file handle of every connection a pool aborts.</li>
 *   <li>The wrapper classes are public, with package-private constructors, so that code that
 *       reaches methods by reflection on {@code getClass()} keeps working; they are not API.</li>
 * </ul>
 */
package dev.safesqlite.internal.jdbc;
