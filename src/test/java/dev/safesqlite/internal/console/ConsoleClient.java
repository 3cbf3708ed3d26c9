package dev.safesqlite.internal.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for the console, as a script (or an attacker) would use it: no browser, redirects not followed. */
final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private String cookie;

    /** @param url the URL the console printed, token included */
    ConsoleClient(String url) {
        this.base = URI.create(url).resolve("/");
    }

    /** Opens the printed URL and keeps the cookie it sets, as a browser does. */
    HttpResponse<String> open(String url) throws Exception {
        HttpResponse<String> r = get(URI.create(url));
        cookie = r.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse(null);
        return r;
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(base.resolve(path));
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token of the console's forms, read from a page as a browser would see it. */
    String csrf(String pagePath) throws Exception {
        Matcher m = CSRF.matcher(get(pagePath).body());
        if (!m.find()) throw new AssertionError("no CSRF field on " + pagePath);
        return m.group(1);
    }

    /** Follows a job page's state until it ends (bounded: this asserts nothing about speed). */
    String waitForJob(String jobPath) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String state = get(jobPath + "/state").body();
            if (!state.contains("\"state\":\"running\"")) return state;
            Thread.sleep(50);
        }
        throw new AssertionError(jobPath + " did not end within 60 s");
    }
}
