/**
 * Decides, before SQL runs, whether it needs a backup first (SPEC section 4):
 * {@link dev.safesqlite.internal.classify.StatementClassifier} is the entry point.
 *
 * <h2>How</h2>
 * <ol>
 * <li><b>Text, once per string.</b> {@code SqlTokenizer} reads SQL as SQLite's tokenizer does
 *     (comments, {@code '...'} strings, {@code "..."}/{@code [...]}/{@code `...`} names, blobs,
 *     parameters), so nothing inside a literal, a comment or a quoted name is ever a keyword.
 *     {@code StatementSplitter} cuts statements at {@code ;} as {@code sqlite3_prepare} does:
 *     empty statements are skipped (so {@code ";DELETE FROM t"} runs the DELETE), and a
 *     {@code CREATE TRIGGER} keeps its body, up to the {@code END} that follows a {@code ;},
 *     whatever it holds. {@code StatementParser} keeps only the statements that may be
 *     destructive ({@code Candidate}s); everything else is harmless by its first keyword.
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
 *     BY/LIMIT (compiled into this SQLite) stay in an inner query. Parameters are renumbered
 *     by SQLite's rules ({@code ?}, {@code ?NNN}, {@code :a}, {@code @a}, {@code $a}) and bound
 *     from the captured values. The count runs on the application's connection, inside its
 *     transaction; it reads at most {@code bulkRows} matching rows. Fewer than
 *     {@code bulkRows} but more than none: one more bounded count ({@code LIMIT h+1}) tells
 *     whether those are every row of the table. A target that resolves to a temp table is not
 *     bulk, like temp DDL. The count statements are prepared once per connection and kept
 *     (at most 32, closed by {@code close()}).</li>
 * <li><b>A change by unique key</b> is not counted at all: never bulk. When the WHERE is only
 *     {@code column = value} terms joined by AND (no WITH, no UPDATE ... FROM; a value being a
 *     parameter or a literal) and {@code EXPLAIN QUERY PLAN} shows one search of the rowid, of
 *     a WITHOUT ROWID primary key or of a unique, non-partial index with every one of its
 *     columns given by equality ({@code UniqueKeySearch}), the statement changes one row at
 *     most, and bulk.rows is at least 2. The plan also settles collation: SQLite only searches
 *     an index whose collation is the comparison's. The syntax comes first because the plan
 *     prints an IN list, an IN subquery and an OR of keys as the same {@code (rowid=?)}. A plan
 *     line is read only when it has one {@code " USING "} and its constraints are exactly the
 *     index's columns, so no name can pass for plan text. EXPLAIN answers from the schema the
 *     connection last loaded, so each schema table is read first, which makes SQLite reload
 *     one that another connection changed. The verdict is kept per connection and statement
 *     (at most 256) while {@link dev.safesqlite.internal.classify.SchemaChanges} stays put: every
 *     CREATE, DROP, ALTER, ATTACH, DETACH or restore that a connection of the engine starts
 *     (temp ones, those in batches and on connections with protect=none included) is counted
 *     before it runs, and again when it settles; while one is unsettled, plans are read afresh
 *     every time.</li>
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
 * <li>Several statements in one string are each judged in the state before the string runs:
 *     {@code INSERT ...; DELETE ... WHERE new} may change more rows than counted, and a table
 *     created earlier in the string does not exist yet (a statement after the first that
 *     cannot be prepared is therefore assumed destructive).</li>
 * <li>Only rows of the target table count. Rows that triggers or {@code ON DELETE CASCADE}
 *     change elsewhere, and rows that {@code UPDATE OR REPLACE} deletes through a uniqueness
 *     conflict, are not counted.</li>
 * <li>An UPDATE counts the rows it matches, including those it sets to the values they
 *     already have. An UPDATE of every row of a one-row table is bulk, unless it is by unique
 *     key (SPEC section 4 also says a change of a few rows by key must not fire).</li>
 * <li>A remembered unique-key verdict is not told about a unique index that another process
 *     (or another engine copy under the agent) drops; the next schema change this engine
 *     sees, or a new connection, makes it read the plan again.</li>
 * <li>INSERT, REPLACE and upserts are never bulk, even {@code REPLACE INTO t SELECT ...} over
 *     many existing keys.</li>
 * <li>PRAGMA, ATTACH/DETACH and ANALYZE are harmless; REINDEX and VACUUM of an attached
 *     schema are DDL though they lose no data; a restore into any schema is DDL.</li>
 * <li>A WHERE that scans a table without an index costs the classifier one such scan, as
 *     the statement itself would.</li>
 * </ul>
 */
package dev.safesqlite.internal.classify;
