package dev.safesqlite.internal.continuous;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * A named restore point (SPEC 11): with {@code continuous=on}, what a destructive statement gets
 * instead of a full copy. {@code txid} is the last transaction committed before the statement ran;
 * the rest is what a pre-operation backup's manifest records.
 */
public record RestorePoint(int format, String database, long txid, String created, String reason, String sql,
                           String connection, String thread) {

    public static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    public String toJson() {
        return GSON.toJson(this);
    }

    public static RestorePoint fromJson(String json) throws JsonParseException {
        RestorePoint p = GSON.fromJson(json, RestorePoint.class);
        if (p == null || p.format() != FORMAT || p.created() == null || p.reason() == null) {
            throw new JsonParseException("not a SafeSQLite restore point of format " + FORMAT);
        }
        return p;
    }

    /** How {@code list --points} and {@code --at} name a transaction: {@code tx42}. */
    public static String position(long txid) {
        return "tx" + txid;
    }

    /** The txid of {@code tx42} (or {@code 42}); -1 when the text is not a position. */
    public static long parsePosition(String text) {
        String t = text.trim();
        if (t.startsWith("tx")) t = t.substring(2);
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 18) return -1;
        return Long.parseLong(t);
    }
}
