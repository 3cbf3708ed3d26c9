package dev.safesqlite.internal.classify;

/** What a token of SQL text is, as far as the classifier needs to know. */
enum TokenKind {
    /** A bare identifier or keyword: the only kind that can be a keyword. */
    WORD,
    /** {@code "x"}, {@code [x]} or {@code `x`}: always a name, never a keyword. */
    QUOTED_NAME,
    /** {@code 'text'}; SQLite also accepts one where a name is expected. */
    STRING,
    BLOB,
    NUMBER,
    /** {@code ?}, {@code ?NNN}, {@code :name}, {@code @name}, {@code #name}, {@code $name}. */
    PARAMETER,
    SEMICOLON,
    OPEN_PAREN,
    CLOSE_PAREN,
    COMMA,
    DOT,
    /** Any other character: operators, and text SQLite would reject. */
    OTHER
}
