package dev.safesqlite.internal.console;

/**
 * Text into HTML. Everything the console shows that it did not write itself (file names, SQL of
 * triggers, audit lines, error messages) goes through {@link #text}: the SQL text of a trigger is
 * the application's, and an operator's browser must never run what a statement happened to
 * contain.
 */
final class Html {

    private Html() {
    }

    /** Escaped for element content and for double-quoted attribute values. */
    static String text(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and newline have no business in a page.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out.append('\uFFFD');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}
