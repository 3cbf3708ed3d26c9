package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The pom the engine publishes (the shade plugin's dependency-reduced pom) gives its users
 * sqlite-jdbc, the SLF4J API and Gson, nothing more: logback-core is inside the jar,
 * relocated, and zstd-jni and commons-csv are optional parts a user adds when using them.
 */
class PublishedPomIT {

    @Test
    void theEngineBringsOnlySqliteJdbcSlf4jApiAndGson() throws Exception {
        // Beside the engine jar the build hands the integration tests (src/pom.xml, failsafe).
        Path pom = Path.of(System.getProperty("safesqlite.it.engineJar", "target/x.jar"))
                .resolveSibling("dependency-reduced-pom.xml");
        assertTrue(Files.isRegularFile(pom), pom.toAbsolutePath() + " is missing: mvn verify builds it");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList deps = doc.getElementsByTagName("dependency");
        Set<String> transitive = new TreeSet<>();
        Set<String> optional = new TreeSet<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String id = text(d, "groupId") + ":" + text(d, "artifactId");
            String scope = text(d, "scope");
            if (scope.equals("test") || scope.equals("provided")) continue;
            if (text(d, "optional").equals("true")) optional.add(id);
            else transitive.add(id);
        }
        assertEquals(new TreeSet<>(Set.of("org.xerial:sqlite-jdbc", "org.slf4j:slf4j-api", "com.google.code.gson:gson")),
                transitive, "what every user of the engine gets, per " + pom);
        assertEquals(new TreeSet<>(Set.of("com.github.luben:zstd-jni", "org.apache.commons:commons-csv")), optional,
                "what a user adds for zstd backups and CSV export");
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }
}
