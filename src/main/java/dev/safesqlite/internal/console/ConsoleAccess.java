package dev.safesqlite.internal.console;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may use the console: whoever holds the token printed at start. The token comes once in
 * the URL ({@code ?token=}), is then kept in an HttpOnly, SameSite=Strict cookie and dropped from
 * the address bar by a redirect, so it does not stay in the history or leak through a Referer.
 * State changes also need the CSRF token the console writes into its own forms: a page of another
 * site cannot read it, so it cannot forge a POST even where a browser would send the cookie.
 */
final class ConsoleAccess {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final String csrfToken;
    private final String cookieName;
    private final boolean secure;

    /**
     * @param port   in the cookie's name: cookies are per host, not per port, and two consoles
     *               on one machine must not overwrite each other's
     * @param secure served over TLS: the cookie is then sent over TLS only
     */
    ConsoleAccess(int port, boolean secure) {
        this.token = randomToken();
        this.csrfToken = randomToken();
        this.cookieName = "safesqlite_console_" + port;
        this.secure = secure;
    }

    /** 256 random bits, URL-safe. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String token() {
        return token;
    }

    String csrfToken() {
        return csrfToken;
    }

    /** The request carries the token in the cookie. */
    boolean hasCookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(cookieName) && same(part.substring(eq + 1).trim(), token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The request carries the token as {@code ?token=}. */
    boolean hasQueryToken(HttpExchange exchange) {
        return same(query(exchange).get("token"), token);
    }

    boolean validCsrf(String submitted) {
        return same(submitted, csrfToken);
    }

    String setCookieHeader() {
        return cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Constant-time, so that the time a refusal takes says nothing about how much of a guess was right. */
    private static boolean same(String given, String expected) {
        if (given == null) return false;
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The query parameters of a request (first value of each). */
    static Map<String, String> query(HttpExchange exchange) {
        return form(exchange.getRequestURI().getRawQuery());
    }

    /** {@code application/x-www-form-urlencoded} pairs (first value of each name). */
    static Map<String, String> form(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return out;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }
}
