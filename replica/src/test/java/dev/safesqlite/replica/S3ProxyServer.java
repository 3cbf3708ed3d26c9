package dev.safesqlite.replica;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the tests: S3Proxy with its filesystem backend, on a free loopback port,
 * stopped and started again on the same port and the same data to play an outage.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "safesqlite-test";
    public static final String CREDENTIAL = "safesqlite-test-secret";

    private final Path dir;
    private final int port;
    private S3Proxy proxy;

    private S3ProxyServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server storing under {@code dir}, and makes the default AWS chain of this JVM find its credentials. */
    public static S3ProxyServer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        S3ProxyServer server = new S3ProxyServer(dir, port);
        server.startAgain();
        useCredentials();
        return server;
    }

    /** The default chain reads the system properties aws.accessKeyId / aws.secretAccessKey first. */
    public static void useCredentials() {
        System.setProperty("aws.accessKeyId", IDENTITY);
        System.setProperty("aws.secretAccessKey", CREDENTIAL);
    }

    public void startAgain() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
    }

    public void stop() throws Exception {
        proxy.stop();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the filesystem backend keeps a bucket's objects (one file per object). */
    public Path bucketDir(String bucket) {
        return dir.resolve(bucket);
    }

    public void createBucket(String bucket) {
        try (S3Client c = client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
    }

    /** A plain SDK client for checks of what the store holds. */
    public S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .endpointOverride(endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .build();
    }

    /** The {@code safesqlite.*} settings that point a database at this server. */
    public java.util.Map<String, String> settings(String url) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        m.put("safesqlite.replica.url", url);
        m.put("safesqlite.replica.s3.endpoint", endpoint().toString());
        m.put("safesqlite.replica.s3.path.style", "true");
        return m;
    }

    @Override
    public void close() throws IOException {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
