package com.wdtkingdee.sync.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server for the simulators: persistent connections, {@code Content-Length} and chunked request
 * bodies, {@code Expect: 100-continue}, fixed-length and chunked answers. Handlers are ordinary
 * {@link HttpHandler}s over an {@link HttpExchange}.
 *
 * <p>Response header names go on the wire as the handler spelled them ({@code Set-Cookie}, {@code Content-Type}),
 * or, for a name added through a plain {@link Headers}, in the canonical {@code Xxx-Yyy} form: the casing IIS
 * sends. {@code com.sun.net.httpserver} would send {@code Set-cookie} and {@code Content-type} (its
 * {@code Headers} keeps only a normalised key and its exchange writes that key), which a client comparing names
 * exactly, as the official Kingdee Java SDK does, never recognises.
 *
 * <p>An exchange closed before its headers were sent drops the connection without an answer (fault injection).
 */
final class SimServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int IDLE_TIMEOUT_MS = 120_000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ENGLISH);

    private final String name;
    private final ServerSocket serverSocket;
    private final ExecutorService executor;
    private final List<Map.Entry<String, HttpHandler>> contexts;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    SimServer(String name, InetAddress address, int port, Map<String, HttpHandler> contexts) throws IOException {
        this.name = name;
        List<Map.Entry<String, HttpHandler>> sorted = new ArrayList<>(contexts.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, HttpHandler> e) -> e.getKey().length()).reversed());
        this.contexts = List.copyOf(sorted);
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.serverSocket = s;
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        acceptor = new Thread(this::acceptLoop, name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        executor.shutdownNow();
        // the JDK closes a listening socket for good only once the thread blocked in accept() has left it: wait,
        // so that the port can be bound again as soon as close() returns (a restart on a fixed port)
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("{}: accept failed: {}", name, e.toString());
                }
                continue;
            }
            open.add(s);
            try {
                executor.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                open.remove(s);
                closeQuietly(s);
            }
        }
    }

    /** One connection: requests one after another until the client or the server closes it. */
    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closed) {
                Head head = readHead(in);
                if (head == null) {
                    return;
                }
                if (head.error != null) {
                    writeSimple(out, 400, head.error);
                    return;
                }
                if ("100-continue".equalsIgnoreCase(head.headers.getFirst("Expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                byte[] body;
                try {
                    body = readBody(in, head.headers);
                } catch (BadRequest e) {
                    writeSimple(out, e.status, e.getMessage());
                    return;
                }
                Exchange ex = new Exchange(socket, head, body, out);
                HttpHandler handler = handlerFor(head.uri.getPath());
                if (handler == null) {
                    SimHttp.send(ex, SimHttp.Reply.text(404, "text/plain; charset=utf-8", "Not Found"));
                } else {
                    handler.handle(ex);
                }
                ex.close();
                if (!ex.finished() || ex.closeAfter) {
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle keep-alive connection, or the peer went away
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: connection ended: {}", name, e.toString());
        } finally {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    private HttpHandler handlerFor(String path) {
        String p = path == null ? "/" : path;
        for (Map.Entry<String, HttpHandler> c : contexts) {
            if (p.startsWith(c.getKey())) {
                return c.getValue();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- request parsing

    /** Request line and headers; {@code error} set when they cannot be parsed. */
    private static final class Head {
        String method;
        URI uri;
        String protocol;
        final Headers headers = new Headers();
        String error;
    }

    private static final class BadRequest extends IOException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Reads the request line and the headers; null at a clean end of stream before a request. */
    private static Head readHead(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String line;
        do {
            line = readLine(in, budget);
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        Head h = new Head();
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            h.error = "Bad request line";
            return h;
        }
        h.method = parts[0];
        h.protocol = parts[2];
        try {
            h.uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            h.error = "Bad request target";
            return h;
        }
        String previous = null;
        while (true) {
            String l = readLine(in, budget);
            if (l == null) {
                throw new SocketException("connection closed inside the request head");
            }
            if (l.isEmpty()) {
                break;
            }
            if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && previous != null) {
                List<String> values = h.headers.get(previous);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + l.strip());
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                h.error = "Bad header line";
                return h;
            }
            previous = l.substring(0, colon).strip();
            h.headers.add(previous, l.substring(colon + 1).strip());
        }
        return h;
    }

    private static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new SocketException("connection closed inside a line");
            }
            if (--budget[0] < 0) {
                throw new BadRequest(431, "Request Header Fields Too Large");
            }
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
    }

    private static byte[] readBody(InputStream in, Headers headers) throws IOException {
        String te = headers.getFirst("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int[] budget = {MAX_HEAD_BYTES};
            while (true) {
                String sizeLine = readLine(in, budget);
                if (sizeLine == null) {
                    throw new SocketException("connection closed inside a chunked body");
                }
                int semi = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new BadRequest(400, "Bad chunk size");
                }
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in, budget);
                    } while (trailer != null && !trailer.isEmpty());
                    return b.toByteArray();
                }
                if (b.size() + size > MAX_BODY_BYTES) {
                    throw new BadRequest(413, "Request Entity Too Large");
                }
                b.write(readFully(in, size));
                readLine(in, budget);
            }
        }
        String cl = headers.getFirst("Content-Length");
        if (cl == null) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "Bad Content-Length");
        }
        if (length < 0) {
            throw new BadRequest(400, "Bad Content-Length");
        }
        if (length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "Request Entity Too Large");
        }
        return readFully(in, (int) length);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new SocketException("connection closed inside the body");
        }
        return b;
    }

    private static void writeSimple(OutputStream out, int status, String text) {
        try {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // the connection is closed next anyway
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ---------------------------------------------------------------- responses

    /** The name as IIS writes it: every {@code -}-separated part capitalised ({@code Set-Cookie}). */
    static String canonicalName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    /** Response headers that remember how the handler spelled each name. */
    static final class SpelledHeaders extends Headers {
        private final Map<String, String> spelling = new HashMap<>();

        private void remember(String key) {
            if (key != null && !key.isEmpty()) {
                spelling.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
            }
        }

        @Override
        public void add(String key, String value) {
            remember(key);
            super.add(key, value);
        }

        @Override
        public void set(String key, String value) {
            remember(key);
            super.set(key, value);
        }

        @Override
        public List<String> put(String key, List<String> value) {
            remember(key);
            return super.put(key, value);
        }

        /** The name to write for a stored (normalised) key. */
        String wireName(String key) {
            String spelled = spelling.get(key.toLowerCase(Locale.ROOT));
            return spelled != null ? spelled : canonicalName(key);
        }
    }

    private final class Exchange extends HttpExchange {
        private final Socket socket;
        private final Head head;
        private final OutputStream out;
        private final SpelledHeaders responseHeaders = new SpelledHeaders();
        private final Map<String, Object> attributes = new HashMap<>();
        private InputStream requestBody;
        private OutputStream responseBody;
        private int status = -1;
        private boolean headersSent;
        private boolean done;
        private boolean aborted;
        boolean closeAfter;

        Exchange(Socket socket, Head head, byte[] body, OutputStream out) {
            this.socket = socket;
            this.head = head;
            this.out = out;
            this.requestBody = new ByteArrayInputStream(body);
            String connection = head.headers.getFirst("Connection");
            closeAfter = connection != null ? connection.equalsIgnoreCase("close")
                    : "HTTP/1.0".equals(head.protocol);
        }

        boolean finished() {
            return done && !aborted;
        }

        @Override
        public Headers getRequestHeaders() {
            return head.headers;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return head.uri;
        }

        @Override
        public String getRequestMethod() {
            return head.method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            if (!headersSent) {
                // no answer at all: the connection is dropped (serve() closes the socket)
                aborted = true;
                done = true;
                return;
            }
            try {
                responseBody.close();
            } catch (IOException e) {
                aborted = true;
                done = true;
            }
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            if (!headersSent) {
                throw new IllegalStateException("sendResponseHeaders first");
            }
            return responseBody;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
            if (headersSent) {
                throw new IOException("headers already sent");
            }
            headersSent = true;
            status = rCode;
            boolean noBody = responseLength == -1 || rCode == 204 || rCode == 304 || "HEAD".equals(head.method);
            StringBuilder h = new StringBuilder(256);
            h.append("HTTP/1.1 ").append(rCode).append(' ').append(reason(rCode)).append("\r\n");
            responseHeaders.remove("Content-Length");
            responseHeaders.remove("Transfer-Encoding");
            if (!responseHeaders.containsKey("Date")) {
                responseHeaders.set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            }
            if (closeAfter) {
                responseHeaders.set("Connection", "close");
            }
            for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
                String wire = responseHeaders.wireName(e.getKey());
                for (String v : e.getValue()) {
                    h.append(wire).append(": ").append(v).append("\r\n");
                }
            }
            if (noBody) {
                if (rCode != 204 && rCode != 304) {
                    h.append("Content-Length: ").append(responseLength > 0 ? responseLength : 0).append("\r\n");
                }
            } else if (responseLength > 0) {
                h.append("Content-Length: ").append(responseLength).append("\r\n");
            } else {
                h.append("Transfer-Encoding: chunked\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.UTF_8));
            if (noBody) {
                responseBody = new FixedBody(0);
            } else if (responseLength > 0) {
                responseBody = new FixedBody(responseLength);
            } else {
                responseBody = new ChunkedBody();
            }
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public String getProtocol() {
            return head.protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) {
                requestBody = i;
            }
            if (o != null) {
                responseBody = o;
            }
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }

        /** A body of a declared length; closing it early drops the connection. */
        private final class FixedBody extends OutputStream {
            private long remaining;

            FixedBody(long length) {
                remaining = length;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (done) {
                    throw new IOException("exchange closed");
                }
                if (len > remaining) {
                    throw new IOException("more bytes than the declared Content-Length");
                }
                out.write(b, off, len);
                remaining -= len;
            }

            @Override
            public void close() throws IOException {
                if (done) {
                    return;
                }
                done = true;
                if (remaining > 0) {
                    aborted = true;
                }
                out.flush();
            }
        }

        private final class ChunkedBody extends OutputStream {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (done) {
                    throw new IOException("exchange closed");
                }
                if (len == 0) {
                    return;
                }
                out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(b, off, len);
                out.write('\r');
                out.write('\n');
            }

            @Override
            public void close() throws IOException {
                if (done) {
                    return;
                }
                done = true;
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 519 -> "Unknown";
            default -> "Status";
        };
    }
}
