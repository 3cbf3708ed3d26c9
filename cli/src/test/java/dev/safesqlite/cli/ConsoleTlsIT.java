package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code safesqlite console --tls-keystore}: HTTPS with the operator's key store, and a cookie sent over TLS only. */
class ConsoleTlsIT {

    @TempDir
    Path tmp;

    @Test
    void withAKeyStoreTheConsoleServesHttpsAndItsCookieIsSecure() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 3);
        Path store = tmp.resolve("console.p12");
        Path password = Files.writeString(tmp.resolve("password"), "s3cret-pass\n");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "s3cret-pass",
                "-alias", "console", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));

        try (ConsoleProcess console = new ConsoleProcess(tmp, db.toString(), "--port", "0", "--tls-keystore", store.toString(),
                "--tls-password-file", password.toString())) {
            assertTrue(console.url().startsWith("https://127.0.0.1:"), console.printed());
            // Trust exactly the console's own certificate.
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                ks.load(in, "s3cret-pass".toCharArray());
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("console", ks.getCertificate("console"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(console.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, r.statusCode());
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly"), cookie);
        }
    }

    @Test
    void aWrongKeyStorePasswordIsAUsageErrorNamingTheFile() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 3);
        Path store = Files.writeString(tmp.resolve("not-a-store.p12"), "nope");
        Cli.Run r = new Cli(tmp).run("console", db.toString(), "--port", "0", "--tls-keystore", store.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot use --tls-keystore " + store) && r.err().contains("PKCS12"), r.toString());
    }
}
