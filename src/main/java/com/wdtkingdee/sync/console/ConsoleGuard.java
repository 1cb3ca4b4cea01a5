package com.wdtkingdee.sync.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Admits a console request before any bean acts (issue 18): what a hostile page, a careless URL or a typo could do
 * is refused (step {@code consoleGuard.admit} of route configuration {@code console}).
 * <ul>
 *   <li>every request: its {@code Host} is an allowed host (the bound address, {@code localhost}, loopback, this
 *       machine's name for a wildcard bind, or one of {@code console.allowed-hosts}) with the console's port, which
 *       also stops DNS rebinding (403);</li>
 *   <li>every write: {@code Content-Type: application/json}; an {@code Origin} that is the console's own (the scheme
 *       and the request's {@code Host}), or without one a {@code Sec-Fetch-Site} of {@code same-origin} (or
 *       {@code none}: typed by the user) (403); no token in the query string (400, never used: Camel would map it to
 *       the header).</li>
 * </ul>
 * The token itself is {@link ConsoleAuthorizer}'s. The guard also moves what the request says about itself (source
 * address, user agent, the token header) into exchange properties and drops those headers, so that no answer echoes
 * them, and puts the security headers on every answer ({@link #PAGE_HEADERS}, {@link #API_HEADERS}).
 */
public final class ConsoleGuard {

    /** Exchange properties the guard sets for the steps after it (the recorder, the authorizer). */
    public static final String SOURCE_PROPERTY = "consoleSource";
    public static final String USER_AGENT_PROPERTY = "consoleUserAgent";
    public static final String TOKEN_PROPERTY = "consoleTokenGiven";
    public static final String WRITE_PROPERTY = "consoleWrite";
    /** Request headers that never go back in an answer. */
    static final String DROPPED_HEADERS = "(?i)X-Console-Token|Cookie|Authorization|Origin|Referer|User-Agent|Host"
            + "|Sec-.*|CamelVertxPlatformHttp.*Address";

    /** The headers every console response carries; the API's JSON answers also carry {@link #API_HEADERS}. */
    public static final Map<String, String> PAGE_HEADERS = headers(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");
    public static final Map<String, String> API_HEADERS = headers("Cache-Control", "no-store");

    private final Set<String> allowedHosts;
    private final int port;

    /**
     * @param allowedHosts host names and addresses a request may name in {@code Host}
     * @param port         the console's port ({@code observe.port})
     */
    public ConsoleGuard(Set<String> allowedHosts, int port) {
        this.allowedHosts = Set.copyOf(allowedHosts.stream().map(ConsoleGuard::normalHost).toList());
        this.port = port;
    }

    /** The hosts of a deployment: bound address (unless a wildcard), loopback names, this machine's, the listed ones. */
    public static ConsoleGuard of(String observeHost, int port, java.util.List<String> listed) {
        Set<String> hosts = new java.util.LinkedHashSet<>(java.util.List.of("localhost", "127.0.0.1", "::1"));
        String bound = observeHost == null ? "" : observeHost.trim();
        if (!bound.isEmpty() && !com.wdtkingdee.sync.ops.ObserveAddress.wildcard(bound)) {
            hosts.add(bound);
        } else {
            hosts.add(com.wdtkingdee.sync.ops.ObserveAddress.host(bound.isEmpty() ? "0.0.0.0" : bound));
        }
        hosts.addAll(listed);
        return new ConsoleGuard(hosts, port);
    }

    /**
     * A request as the guard sees it: the headers that matter, whether the query string names a token, and whether
     * it has a query string at all (a write takes its parameters from the JSON body only: Camel maps query parameters
     * to message headers, so a parameter named like a header — Origin, Content-Type, the token — must never reach
     * the checks as if the client had sent that header).
     */
    public record Request(String host, String origin, String secFetchSite, String contentType, boolean tokenInQuery,
                          boolean hasQuery) {
        public Request(String host, String origin, String secFetchSite, String contentType, boolean tokenInQuery) {
            this(host, origin, secFetchSite, contentType, tokenInQuery, tokenInQuery);
        }
    }

    /** Go ahead, or the status and the sentence of a refusal. */
    public record Verdict(int status, String reason) {
        public static final Verdict ALLOWED = new Verdict(200, null);

        public boolean allowed() {
            return status == 200;
        }
    }

    /**
     * First step of every console request: records who asks (properties), drops the headers an answer must not echo,
     * sets the security headers, and refuses (a {@link ConsoleException}) what {@link #read}/{@link #write} refuse.
     */
    public void admit(org.apache.camel.Exchange exchange) {
        Verdict verdict = judge(exchange);
        org.apache.camel.Message m = exchange.getMessage();
        m.removeHeaders(DROPPED_HEADERS);
        secure(exchange);
        if (!verdict.allowed()) {
            throw new ConsoleException(verdict.status(), verdict.reason());
        }
    }

    /**
     * In the console's {@code onException}: a request the binding failed on before {@link #admit} ran (an unreadable
     * body) is judged now, and the guard's refusal replaces the binding's error (a cross-site text/plain post is a
     * 403, not a 400).
     */
    public void recheck(org.apache.camel.Exchange exchange) {
        if (exchange.getProperty(WRITE_PROPERTY) != null) {
            return; // admitted or refused by admit already
        }
        Verdict verdict = judge(exchange);
        exchange.getMessage().removeHeaders(DROPPED_HEADERS);
        if (!verdict.allowed()) {
            exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT,
                    new ConsoleException(verdict.status(), verdict.reason()));
        }
    }

    /** Sets the security headers on the answer (after the error mapping, which clears the headers). */
    public void secure(org.apache.camel.Exchange exchange) {
        PAGE_HEADERS.forEach(exchange.getMessage()::setHeader);
        API_HEADERS.forEach(exchange.getMessage()::setHeader);
    }

    private Verdict judge(org.apache.camel.Exchange exchange) {
        org.apache.camel.Message m = exchange.getMessage();
        String method = m.getHeader(org.apache.camel.Exchange.HTTP_METHOD, "GET", String.class);
        boolean write = !("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method));
        exchange.setProperty(WRITE_PROPERTY, write);
        exchange.setProperty(SOURCE_PROPERTY, address(m.getHeader("CamelVertxPlatformHttpRemoteAddress")));
        exchange.setProperty(USER_AGENT_PROPERTY, m.getHeader("User-Agent", String.class));
        // the path only: a query string may carry what must not be stored (a token)
        String uri = m.getHeader(org.apache.camel.Exchange.HTTP_URI, String.class);
        exchange.setProperty(ConsoleRecorder.PATH_PROPERTY, uri == null ? null : uri.replaceFirst("[?#].*", ""));
        String query = m.getHeader(org.apache.camel.Exchange.HTTP_RAW_QUERY, String.class);
        boolean tokenInQuery = queryNamesToken(query);
        if (!tokenInQuery) {
            exchange.setProperty(TOKEN_PROPERTY, m.getHeader(ConsoleAuthorizer.TOKEN_HEADER, String.class));
        }
        // platform-http's header filter drops the Host header itself; the request URL is built from it
        Request r = new Request(authority(m.getHeader(org.apache.camel.Exchange.HTTP_URL, String.class)),
                m.getHeader("Origin", String.class),
                m.getHeader("Sec-Fetch-Site", String.class), m.getHeader(org.apache.camel.Exchange.CONTENT_TYPE, String.class),
                tokenInQuery, query != null && !query.isBlank());
        return write ? write(r) : read(r);
    }

    /** {@code host[:port]} of the request's URL (Vert.x builds it from the Host header), null when there is none. */
    static String authority(String url) {
        if (url == null) {
            return null;
        }
        try {
            return URI.create(url).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code host:port} of a socket address as Vert.x gives it, without the port; null when unknown. */
    static String address(Object remote) {
        if (remote == null) {
            return null;
        }
        String s = String.valueOf(remote);
        int colon = s.lastIndexOf(':');
        return colon > 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s;
    }

    static boolean queryNamesToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isBlank()) {
            return false;
        }
        // Vert.x (Netty's QueryStringDecoder) splits parameters on ';' as well as '&'
        for (String pair : rawQuery.split("[&;]")) {
            String name = java.net.URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (name.contains("token")) {
                return true;
            }
        }
        return false;
    }

    /** A read (GET): only the {@code Host} is checked. */
    public Verdict read(Request r) {
        return hostAllowed(r.host()) ? Verdict.ALLOWED
                : new Verdict(403, "Host '" + r.host() + "' is not the console's address (see console.allowed-hosts)");
    }

    /** A write: host, content type, origin and where the token was given. */
    public Verdict write(Request r) {
        Verdict host = read(r);
        if (!host.allowed()) {
            return host;
        }
        if (r.contentType() == null || !r.contentType().toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
            return new Verdict(403, "writes need Content-Type: application/json (got '"
                    + (r.contentType() == null ? "" : r.contentType()) + "')");
        }
        Verdict origin = origin(r);
        if (!origin.allowed()) {
            return origin;
        }
        if (r.tokenInQuery()) {
            return new Verdict(400, "the token goes in the X-Console-Token header only, never in the URL; it was not used");
        }
        if (r.hasQuery()) {
            return new Verdict(400, "a write takes its parameters from the JSON body, not from the URL's query string");
        }
        return Verdict.ALLOWED;
    }
    private Verdict origin(Request r) {
        String origin = r.origin();
        if (origin != null && !origin.isBlank()) {
            return sameOrigin(origin.trim(), r.host()) ? Verdict.ALLOWED
                    : new Verdict(403, "write from another origin (" + origin + "): only the console's own page may write");
        }
        String site = r.secFetchSite() == null ? "" : r.secFetchSite().trim().toLowerCase(Locale.ROOT);
        if (site.equals("same-origin") || site.equals("none")) {
            return Verdict.ALLOWED;
        }
        return new Verdict(403, site.isEmpty()
                ? "write without Origin or Sec-Fetch-Site: only the console's own page may write"
                : "write from another site (Sec-Fetch-Site: " + site + "): only the console's own page may write");
    }

    /** The Origin is http(s)://&lt;the request's Host&gt;. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null || !("http".equals(o.getScheme()) || "https".equals(o.getScheme()))) {
                return false;
            }
            String authority = o.getRawAuthority();
            return authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code host[:port]}: an allowed name or address and the console's port (or no port). */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String h = hostHeader.trim();
        String name;
        String portText = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = h.substring(1, close);
            if (h.length() > close + 1) {
                if (h.charAt(close + 1) != ':') {
                    return false;
                }
                portText = h.substring(close + 2);
            }
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') == colon) {
                name = h.substring(0, colon);
                portText = h.substring(colon + 1);
            } else {
                name = h;
            }
        }
        if (portText != null && !portText.equals(Integer.toString(port))) {
            return false;
        }
        return allowedHosts.contains(normalHost(name));
    }

    static String normalHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
