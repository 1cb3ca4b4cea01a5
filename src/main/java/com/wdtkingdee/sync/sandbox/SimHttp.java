package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP plumbing shared by the simulators: a loopback server, body and form parsing, replies. */
final class SimHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(SimHttp.class);

    private SimHttp() {
    }

    /** One HTTP answer. */
    record Reply(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {

        static Reply json(Object tree) {
            try {
                return new Reply(200, "application/json; charset=utf-8", JSON.writeValueAsBytes(tree), List.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply text(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), List.of());
        }

        Reply withHeader(String name, String value) {
            List<Map.Entry<String, String>> h = new ArrayList<>(headers);
            h.add(Map.entry(name, value));
            return new Reply(status, contentType, body, List.copyOf(h));
        }

        /** The same answer cut roughly in half (for {@link FaultPlan.Fault#TRUNCATED_JSON}). */
        Reply truncated() {
            int cut = Math.max(1, body.length / 2);
            return new Reply(status, contentType, Arrays.copyOf(body, Math.min(cut, body.length)), headers);
        }
    }

    static Reply http500() {
        return Reply.text(500, "text/plain; charset=utf-8", "Internal Server Error");
    }

    static Reply html502() {
        return Reply.text(502, "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }

    static Reply busy503() {
        return Reply.text(503, "text/html; charset=utf-8", "<html><body><h1>Server Too Busy</h1></body></html>");
    }

    static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** Parses {@code a=1&b=2} (UTF-8, {@code +} as space) into {@code into}; later keys win. */
    static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        parseForm(raw, m);
        return m;
    }

    static void send(HttpExchange ex, Reply reply) throws IOException {
        for (Map.Entry<String, String> h : reply.headers()) {
            ex.getResponseHeaders().add(h.getKey(), h.getValue());
        }
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        byte[] body = reply.body();
        ex.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** Closes the connection without any answer (the client sees a dropped connection). */
    static void drop(HttpExchange ex) {
        ex.close();
    }

    /** Sleeps, returning early (without error) when the simulator is shut down. */
    static void sleep(java.time.Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A started HTTP/1.1 server on 127.0.0.1 (free port, or a fixed one) with its own thread pool, serving
     * {@link HttpHandler}s. It is not {@code com.sun.net.httpserver.HttpServer} because that server rewrites every
     * response header name to {@code Xxxx-xxxx} ({@code Set-cookie}, {@code Content-type}), while IIS, in front of
     * every real 金蝶 server, sends {@code Set-Cookie} and {@code Content-Type}, and the official Java SDK compares
     * the name with {@code equals("Set-Cookie")}. See {@link SimServer}.
     */
    static final class LoopbackServer implements AutoCloseable {
        private final SimServer server;

        LoopbackServer(String name, String contextPath, HttpHandler handler) {
            this(name, Map.of(contextPath, handler), 0);
        }

        LoopbackServer(String name, String contextPath, HttpHandler handler, int port) {
            this(name, Map.of(contextPath, handler), port);
        }

        /** One server with several contexts (path prefix → handler). */
        LoopbackServer(String name, Map<String, HttpHandler> contexts) {
            this(name, contexts, 0);
        }

        /** One server with several contexts on {@code port} (0 = a free one). */
        LoopbackServer(String name, Map<String, HttpHandler> contexts, int port) {
            Map<String, HttpHandler> guarded = new LinkedHashMap<>();
            contexts.forEach((contextPath, handler) -> guarded.put(contextPath, ex -> {
                try {
                    handler.handle(ex);
                } catch (IOException e) {
                    // usually the client gave up (timeout fault) or the simulator is closing
                    LOG.debug("{}: connection lost on {} {}: {}", name, ex.getRequestMethod(),
                            ex.getRequestURI().getPath(), e.toString());
                    ex.close();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed on {} {}", name, ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                    ex.close();
                }
            }));
            try {
                server = new SimServer(name, InetAddress.getByName("127.0.0.1"), port, guarded);
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind " + (port == 0 ? "a loopback port" : "127.0.0.1:" + port)
                        + " for " + name + ": " + e.getMessage(), e);
            }
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
