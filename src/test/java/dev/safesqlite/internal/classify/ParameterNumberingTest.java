package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParameterNumberingTest {

    private static int[] numbers(String sql) {
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        return Arrays.stream(ParameterNumbering.number(tokens, 0, tokens.size())).filter(n -> n > 0).toArray();
    }

    @Test
    void followsSqlitesRules() {
        assertArrayEquals(new int[] {1, 5, 6, 7, 7, 8, 9, 2, 7},
                numbers("SELECT ?, ?5, ?, :a, :a, @a, ?, ?2, :a"));
    }

    @Test
    void agreesWithSqliteOnTheParameterCount() throws SQLException {
        String sql = "SELECT ?3, :x, ?, $y, :x, ?1, @x";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int highest = Arrays.stream(numbers(sql)).max().orElse(0);
            assertEquals(statement.getParameterMetaData().getParameterCount(), highest);
            assertArrayEquals(new int[] {3, 4, 5, 6, 4, 1, 7}, numbers(sql));
        }
    }
}
