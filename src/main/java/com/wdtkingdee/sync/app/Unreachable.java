package com.wdtkingdee.sync.app;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * "Cannot reach X at URL: cause": a system the product depends on (the state database, Kingdee, 旺店通) does not
 * answer at the network level. Exit code {@link Application#EXIT_UNREACHABLE}, distinct from a failed window.
 */
final class Unreachable extends RuntimeException {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    Unreachable(String what, String url, String cause) {
        super("cannot reach " + what + " at " + url + ": " + cause);
    }

    /**
     * Opens (and closes) a TCP connection to the host and port of {@code url}.
     *
     * @throws Unreachable when no connection can be made
     */
    static void probe(String what, String url, Duration timeout) {
        URI u = URI.create(url);
        int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(u.getHost(), port), (int) timeout.toMillis());
        } catch (IOException e) {
            throw new Unreachable(what, url, cause(e).orElse(e.toString()));
        }
    }

    /** The network failure somewhere in {@code t}'s causes, in a few words; empty when it is not one. */
    static Optional<String> cause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnknownHostException) {
                return Optional.of("unknown host " + c.getMessage());
            }
            if (c instanceof NoRouteToHostException) {
                return Optional.of("no route to host");
            }
            if (c instanceof ConnectException) {
                String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
                return Optional.of(m.contains("refused") ? "connection refused" : m.isBlank() ? "cannot connect" : m);
            }
            if (c instanceof SocketTimeoutException || c instanceof HttpConnectTimeoutException) {
                return Optional.of("connection timed out");
            }
        }
        return Optional.empty();
    }
}
