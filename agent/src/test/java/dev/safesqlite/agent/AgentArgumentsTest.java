package dev.safesqlite.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

    @Test
    void pairsSeparatedByCommas() {
        assertEquals(Map.of("backup.dir", "/var/backups/app", "retain.daily", "14"),
                AgentArguments.parse("backup.dir=/var/backups/app,retain.daily=14"));
    }

    @Test
    void aPieceWithoutEqualsContinuesTheValueBeforeIt() {
        assertEquals(Map.of("protect", "ddl,bulk-delete", "backup.dir", "/a,b"),
                AgentArguments.parse("protect=ddl,bulk-delete,backup.dir=/a,b"));
    }

    @Test
    void noArgumentsIsNoSettings() {
        assertEquals(Map.of(), AgentArguments.parse(null));
        assertEquals(Map.of(), AgentArguments.parse(""));
    }

    @Test
    void aLeadingPieceWithoutValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentArguments.parse("wal"));
        assertTrue(e.getMessage().contains("'wal'"), e.getMessage());
    }
}
