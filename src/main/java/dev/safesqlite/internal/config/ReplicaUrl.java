package dev.safesqlite.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** One {@code replica.url} target: {@code s3://BUCKET/PREFIX} or {@code file:///PATH}, checked when the setting is read. */
public final class ReplicaUrl {

    private ReplicaUrl() {
    }

    /** A URL given on the command line or to {@code SafeSqlite} ({@code --from}), checked like the setting. */
    public static URI of(String text, String where) {
        try {
            return parse(text.trim());
        } catch (ValueType.Invalid e) {
            throw new IllegalArgumentException(where + " '" + text + "': expected " + e.getMessage());
        }
    }

    static URI parse(String text) throws ValueType.Invalid {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new ValueType.Invalid("s3://BUCKET/PREFIX or file:///PATH ('" + text + "' is not a URL: "
                    + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "s3" -> {
                if (u.getHost() == null || u.getHost().isEmpty()) {
                    throw new ValueType.Invalid("s3://BUCKET/PREFIX with a bucket name ('" + text + "' names no bucket)");
                }
                if (!dev.safesqlite.internal.replica.ReplicaModule.serves("s3")) {
                    throw new ValueType.Invalid("an s3:// URL only with the artifact "
                            + dev.safesqlite.internal.replica.MissingReplicaModuleException.ARTIFACT
                            + " on the class path: add it to the application's dependencies (the agent and command-line"
                            + " jars already carry it)");
                }
                return u;
            }
            case "file" -> {
                if (u.getPath() == null || !u.getPath().startsWith("/") || (u.getAuthority() != null && !u.getAuthority().isEmpty())) {
                    throw new ValueType.Invalid("file:///ABSOLUTE/PATH with three slashes ('" + text
                            + "' has no absolute path)");
                }
                return u;
            }
            default -> throw new ValueType.Invalid("s3://BUCKET/PREFIX or file:///PATH; the scheme '"
                    + (u.getScheme() == null ? text : u.getScheme()) + "' is not one SafeSQLite can replicate to");
        }
    }
}
