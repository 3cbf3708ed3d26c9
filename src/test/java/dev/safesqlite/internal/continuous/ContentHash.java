package dev.safesqlite.internal.continuous;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The content of a database as one hash: its schema and every table's rows in rowid order. */
final class ContentHash {

    private ContentHash() {
    }

    static String of(Connection c) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")) {
            while (rs.next()) {
                md.update((rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "\n").getBytes());
                if ("table".equals(rs.getString(1)) && !rs.getString(2).startsWith("sqlite_")) tables.add(rs.getString(2));
            }
        }
        for (String t : tables) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + t + "\" ORDER BY rowid")) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        byte[] v = rs.getBytes(i);
                        md.update(v == null ? new byte[] {0} : v);
                        md.update((byte) '|');
                    }
                    md.update((byte) '\n');
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String of(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro")) {
            return of(c);
        }
    }

    static String integrity(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
