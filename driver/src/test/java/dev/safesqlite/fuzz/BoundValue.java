package dev.safesqlite.fuzz;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A value bound to a parameter with one particular JDBC setter, so both sides bind it alike. */
record BoundValue(Setter setter, Object value) {

    enum Setter { BYTE, SHORT, INT, LONG, STRING, DOUBLE, BOOLEAN, OBJECT }

    void bind(PreparedStatement ps, int index) throws SQLException {
        switch (setter) {
            case BYTE -> ps.setByte(index, ((Number) value).byteValue());
            case SHORT -> ps.setShort(index, ((Number) value).shortValue());
            case INT -> ps.setInt(index, ((Number) value).intValue());
            case LONG -> ps.setLong(index, ((Number) value).longValue());
            case STRING -> ps.setString(index, String.valueOf(value));
            case DOUBLE -> ps.setDouble(index, ((Number) value).doubleValue());
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case OBJECT -> ps.setObject(index, value);
        }
    }

    @Override
    public String toString() {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return "set" + setter.name().charAt(0) + setter.name().substring(1).toLowerCase()
                + "(" + shown + (setter == Setter.OBJECT ? " as " + value.getClass().getSimpleName() : "") + ")";
    }
}
