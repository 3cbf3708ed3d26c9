/**
 * Decides, before SQL runs, whether it needs a backup first (SPEC section 4):
 * {@link dev.safesqlite.internal.classify.StatementClassifier} is the entry point.
 *
 * <h2>How</h2>
 * <ol>
 * <li><b>Text, once per string.</b> {@code SqliteText} first cuts the string where SQLite stops
 *     reading it (the first NUL) and turns a lone surrogate into the {@code ?} sqlite-jdbc's
 *     UTF-8 encoding sends. {@code SqlTokenizer} reads SQL as SQLite's tokenizer does
 *     (comments, {@code '...'} strings, {@code "..."}/{@code [...]}/{@code `...`} names, blobs,
 *     parameters), so nothing inside a literal, a comment or a quoted name is ever a keyword.
 *     {@code StatementSplitter} cuts statements at {@code ;} as {@code sqlite3_prepare} does:
 *     empty statements are skipped (so {@code ";DELETE FROM t"} runs the DELETE), and a
 *     {@code CREATE TRIGGER} keeps its body, up to the {@code END} that follows a {@code ;},
 *     whatever it holds. {@code StatementParser} keeps only the statements that may be
 *     destructive ({@code Candidate}s: CREATE, DROP, ALTER, VACUUM, REINDEX, DELETE, UPDATE,
 *     INSERT, REPLACE); everything else is harmless by its first keyword.
 *     The result is cached per string for the whole JVM ({@code ParseCache}: two generations
 *     of a {@code ConcurrentHashMap}, bounded in entries and characters), so a SELECT, INSERT,
 *     BEGIN, PRAGMA ... costs one map look-up and runs no SQL, and neither does a kind of
 *     danger the {@code protect} setting leaves out.</li>
 * <li><b>Which statements run.</b> {@code execute}, {@code executeQuery} and prepared
 *     statements run the first statement of a string; {@code executeUpdate} and
 *     {@code executeLargeUpdate} run all of them ({@code sqlite3_exec}). The caller says which.
 *     sqlite-jdbc takes a string that begins with {@code backup} or {@code restore} as its own
 *     command, never SQL: {@code restore [db] from FILE} replaces the database and is DDL;
 *     {@code backup to FILE} is harmless.</li>
 * <li><b>DDL</b> is every CREATE, DROP and ALTER, VACUUM and REINDEX, except: TEMP objects and
 *     objects in the {@code temp} schema; an unqualified DROP or ALTER whose name resolves to
 *     a temp object (SQLite looks in temp first); an unqualified CREATE INDEX/TRIGGER on a temp
 *     table (it lands in temp); {@code CREATE ... IF NOT EXISTS} of an existing object and
 *     {@code DROP ... IF EXISTS} of a missing one (both no-ops); {@code VACUUM INTO 'file'},
 *     which writes a compacted copy elsewhere and leaves the database untouched; VACUUM of
 *     temp. The existence checks read {@code sqlite_schema} of temp, main and the attached
 *     databases on the application's connection at every call, never from a cache: the
 *     schema changes under a cached parse. A DROP without IF EXISTS of a missing object is
 *     still DDL (it fails in SQLite; not worth a look-up to spare the backup).</li>
 * <li><b>Bulk DELETE/UPDATE</b> is exactly "would change every row of a non-empty table, or
 *     at least {@code bulk.rows} rows". {@code RowChangeParser} rewrites the statement into
 *     {@code [WITH ...] SELECT count(*) FROM (SELECT 1 FROM <table> [AS a] [INDEXED BY i]
 *     WHERE <where> LIMIT bulkRows)}: SET and RETURNING (and their parameters) are dropped,
 *     {@code UPDATE ... FROM f} counts target rows with {@code WHERE EXISTS (SELECT 1 FROM f
 *     WHERE ...)} (each target row changes once however many rows join it), and ORDER
 *     BY/LIMIT (compiled into this SQLite) stay in an inner query, so the window is honoured.
 *     Parameters are renumbered by SQLite's rules ({@code ?}, {@code ?NNN}, {@code :a},
 *     {@code @a}, {@code $a}) and bound from the captured values, each in the form sqlite-jdbc
 *     bound it ({@link dev.safesqlite.internal.classify.BoundValues#asBound}). The count runs on the application's connection, inside its
 *     transaction; it reads at most {@code bulkRows} matching rows. Fewer than
 *     {@code bulkRows} but more than none: one more bounded count ({@code LIMIT h+1}) tells
 *     whether those are every row of the table. A target that resolves to a temp table is not
 *     bulk, like temp DDL. The count statements are prepared once per connection and kept
 *     (at most 32, closed by {@code close()}).</li>
 * <li><b>A change by unique key</b> is not counted at all: never bulk. When the WHERE is only
 *     {@code column = value} terms joined by AND (no WITH, no UPDATE ... FROM, no ORDER BY or
 *     LIMIT, which SQLite runs as {@code rowid IN (subquery)}; a value being a parameter or a
 *     literal) and {@code EXPLAIN QUERY PLAN} of {@code SELECT 1 FROM t WHERE ...} (not of
 *     the DELETE itself, whose EXPLAIN resets {@code changes()}) shows one search of the rowid, of
 *     a WITHOUT ROWID primary key or of a unique, non-partial index with every one of its
 *     columns given by equality ({@code UniqueKeySearch}), the statement changes one row at
 *     most, and bulk.rows is at least 2. The plan also settles collation: SQLite only searches
 *     an index whose collation is the comparison's. The syntax comes first because the plan
 *     prints an IN list, an IN subquery and an OR of keys as the same {@code (rowid=?)}. A plan
 *     line is read only when it has one {@code " USING "} and its constraints are exactly the
 *     index's columns, so no name can pass for plan text. EXPLAIN answers from the schema the
 *     connection last loaded, so main's schema table (and the target's, if attached; never
 *     another attached one, which would hold a read transaction open and make DETACH fail) is
 *     read first, which makes SQLite reload
 *     one that another connection changed. The verdict is kept per connection and statement
 *     (at most 256) while {@link dev.safesqlite.internal.classify.SchemaChanges} stays put: every
 *     CREATE, DROP, ALTER, ATTACH, DETACH or restore that a connection of the engine starts
 *     (temp ones, those in batches and on connections with protect=none included) is counted
 *     before it runs, and again when it settles; while one is unsettled, plans are read afresh
 *     every time.</li>
 * <li><b>What a count cannot see: the trial run.</b> Triggers whose bodies may change rows
 *     (anything but SELECTs and plain INSERTs into tables without triggers), foreign keys with
 *     actions referencing the target while {@code PRAGMA foreign_keys} is on, REPLACE conflicts
 *     ({@code OR REPLACE}, {@code REPLACE}, {@code ON CONFLICT REPLACE} in the table), upserts
 *     that update, INSERT/REPLACE ... SELECT, and statements that run after others of their
 *     {@code executeUpdate} string or batch that write ({@code TableTraits}, read once per
 *     connection and table under the unique-key rule). For those {@code TrialRun} runs the
 *     statements on the application's connection inside a savepoint, busy timeout 0, reads
 *     {@code total_changes()}, the row counts of the tables inserted or replaced into and which
 *     tables of main were emptied, and rolls back; it is never committed, nests in the
 *     application's transaction, and is not tried for strings with transaction control,
 *     ATTACH/DETACH, PRAGMA or VACUUM. A trial that cannot have the write lock at once, or a
 *     bound value not captured, is "destructive". A REPLACE or upsert of a few VALUES rows
 *     (fewer than bulk.rows per unique key) on a table without such triggers is by key.</li>
 * <li><b>Batches</b> are judged as a whole ({@code BatchTally}): the rows DELETE/UPDATE
 *     entries match, each counted in the state before the batch, are added up per table name
 *     (overlaps counted twice: the safe side), bulk at bulk.rows or at every row of a table
 *     (entries by unique key never make "every row"); entries that depend on earlier ones
 *     (after an UPDATE or INSERT entry, or after a DELETE when they read other rows) are tried
 *     with the whole batch.</li>
 * <li><b>Threads sharing a connection</b>: the engine's SQL runs under the monitor of
 *     sqlite-jdbc's {@code DB}, which every sqlite-jdbc call on the connection takes, so no other
 *     thread's statement runs between a look-up's step and reset, or inside a trial.</li>
 * <li><b>When the rows cannot be counted</b> the answer is "destructive", with a detail that
 *     says why: a value bound from a stream ({@link dev.safesqlite.internal.classify.BoundValues#UNKNOWN})
 *     in the WHERE, a WITH clause that defines the target's own name, a form the parser does
 *     not read, a count that fails. One exception: when the first statement of the string
 *     cannot even be prepared (a missing table or column, a syntax error), it will fail
 *     without changing anything, and the answer is "harmless".</li>
 * </ol>
 *
 * <h2>What is approximate</h2>
 * <ul>
 * <li>A string or batch that cannot be tried (transaction control, ATTACH/DETACH, PRAGMA,
 *     VACUUM) has each statement judged in the state before it runs, triggers and cascades
 *     unseen; a table created earlier in such a string does not exist yet (a statement after
 *     the first that cannot be prepared is assumed destructive).</li>
 * <li>A trial runs the statement twice (application SQL functions too; a random WHERE may
 *     differ). Rows inserted by triggers other than plain audit inserts count as changes.
 *     After a trial whose real run fails, {@code changes()} holds the trial's count.</li>
 * <li>An UPDATE counts the rows it matches, including those it sets to the values they
 *     already have. An UPDATE of every row of a one-row table is bulk, unless it is by unique
 *     key (SPEC section 4 also says a change of a few rows by key must not fire).</li>
 * <li>Remembered unique-key verdicts and table traits are not told about a schema change that
 *     another process (or another engine copy under the agent) makes; the next schema change
 *     this engine sees, or a new connection, makes it read them again.</li>
 * <li>PRAGMA, ATTACH/DETACH and ANALYZE are harmless; REINDEX and VACUUM of an attached
 *     schema are DDL though they lose no data; a restore into any schema is DDL.</li>
 * <li>A WHERE that scans a table without an index costs the classifier one such scan, as
 *     the statement itself would; a trial costs one run of the statement and a count of the
 *     tables it inserts into.</li>
 * </ul>
 */
package dev.safesqlite.internal.classify;
