package dev.safesqlite.internal.classify;

/** The kinds of schema object a CREATE, DROP or ALTER names, with where SQLite looks them up. */
enum ObjectType {
    TABLE("TABLE", "'table','view'"),
    VIRTUAL_TABLE("VIRTUAL TABLE", "'table','view'"),
    VIEW("VIEW", "'table','view'"),
    INDEX("INDEX", "'index'"),
    TRIGGER("TRIGGER", "'trigger'");

    private final String keywords;
    private final String schemaTypes;

    /**
     * @param schemaTypes the {@code sqlite_schema.type} values that share this kind's name space:
     *                    tables and views cannot have the same name, so either one answers
     *                    "does it exist" for both
     */
    ObjectType(String keywords, String schemaTypes) {
        this.keywords = keywords;
        this.schemaTypes = schemaTypes;
    }

    String keywords() {
        return keywords;
    }

    String schemaTypes() {
        return schemaTypes;
    }
}
