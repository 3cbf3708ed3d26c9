package dev.safesqlite.replica;

import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.replica.ReplicaException;
import dev.safesqlite.internal.replica.ReplicaTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A replica on any S3-compatible store, through the AWS SDK for Java v2 with the JDK's HTTP
 * client. Credentials come only from the SDK's default chain; SafeSQLite never sees or writes
 * them. Each PUT carries the SHA-256 of its bytes ({@code x-amz-checksum-sha256}), which the
 * store checks before it accepts the object; a store that does not echo the checksum back has
 * the object read back and hashed instead.
 */
final class S3Target implements ReplicaTarget {

    private final String url;
    private final String bucket;
    private final String prefix;
    private final String endpoint;
    private final S3Client client;

    private S3Target(String url, String bucket, String prefix, String endpoint, S3Client client) {
        this.url = url;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint;
        this.client = client;
    }

    static S3Target open(URI url, Settings settings) {
        String bucket = url.getHost();
        String path = url.getPath() == null ? "" : url.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.replicaS3Region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(settings.replicaS3PathStyle());
        URI endpoint = settings.replicaS3Endpoint();
        if (endpoint != null) b.endpointOverride(endpoint);
        return new S3Target(url.toString(), bucket, prefix,
                endpoint != null ? endpoint.toString() : "the AWS endpoint of " + settings.replicaS3Region(), b.build());
    }

    @Override
    public String url() {
        return url;
    }

    private String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    @Override
    public void put(String key, Path file, String sha256Hex) throws IOException {
        String sent = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
        try {
            PutObjectResponse r = client.putObject(req -> req.bucket(bucket).key(key(key)).checksumSHA256(sent),
                    RequestBody.fromFile(file));
            if (sent.equals(r.checksumSHA256())) return; // checked by the store
            String back = readBack(key);
            if (!back.equals(sha256Hex)) {
                throw new ReplicaException("the object " + key(key) + " in " + url + " reads back with SHA-256 " + back
                        + ", not " + sha256Hex + " as sent; it stays pending and is sent again");
            }
        } catch (SdkException e) {
            throw translate(e, "upload " + key(key) + " to");
        }
    }

    private String readBack(String key) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(get(key), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Lists by the database's prefix only: the cost grows with one database's backups, not the bucket. */
    @Override
    public List<String> list(String dir) throws IOException {
        String p = key(dir) + "/";
        List<String> out = new ArrayList<>();
        try {
            String token = null;
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(p).delimiter("/");
                if (token != null) req.continuationToken(token);
                ListObjectsV2Response r = client.listObjectsV2(req.build());
                for (S3Object o : r.contents()) out.add(o.key().substring(p.length()));
                token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw translate(e, "list " + p + " in");
        }
        return out;
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return client.getObject(req -> req.bucket(bucket).key(key(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(url + "/" + key, null, "not in the replica");
        } catch (SdkException e) {
            throw translate(e, "download " + key(key) + " from");
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(req -> req.bucket(bucket).key(key(key)));
        } catch (SdkException e) {
            throw translate(e, "delete " + key(key) + " from");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** One message per kind of failure a user meets, naming the URL, the setting and what to do. */
    private ReplicaException translate(SdkException e, String doing) {
        String where = "safesqlite.replica.url=" + url;
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if ("NoSuchBucket".equals(code) || (status == 404 && !"NoSuchKey".equals(code))) {
                return new ReplicaException("the bucket '" + bucket + "' of " + where + " does not exist at " + endpoint
                        + "; create it, or fix the bucket name (self-hosted stores usually also need "
                        + "safesqlite.replica.s3.path.style=true)", e);
            }
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)) {
                return new ReplicaException("the store at " + endpoint + " refused the credentials for " + where + " ("
                        + code + "); check the AWS credentials this process gets from the default chain "
                        + "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials, an instance or "
                        + "container role) and that they may read and write the bucket", e);
            }
            return new ReplicaException("cannot " + doing + " " + where + ": the store answered " + status + " " + code
                    + " (" + s3.getMessage() + ")", e);
        }
        String msg = String.valueOf(e.getMessage());
        if (e instanceof SdkClientException && msg.contains("credentials")) {
            return new ReplicaException("no AWS credentials for " + where + ": " + msg + "; set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, a profile in ~/.aws/credentials, or run with an instance or container role", e);
        }
        return new ReplicaException("cannot reach the store of " + where + " at " + endpoint + " to " + doing.split(" ")[0]
                + " (" + msg + "); check the network and safesqlite.replica.s3.endpoint. Pending uploads are kept and "
                + "retried", e);
    }
}
