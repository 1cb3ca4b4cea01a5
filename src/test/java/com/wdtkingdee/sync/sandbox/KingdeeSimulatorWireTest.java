package com.wdtkingdee.sync.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bytes on the wire, read from a raw socket: header names spelled as IIS sends them ({@code Set-Cookie},
 * {@code Content-Type}, {@code Content-Length}), persistent connections, chunked request bodies and
 * {@code Expect: 100-continue} (curl sends it for bodies over 1 KiB), and a fixed port.
 */
class KingdeeSimulatorWireTest {

    static final String LOGIN_PATH = "/k3cloud/" + KingdeeSimulatorTest.LOGIN;
    static final String LOGIN_BODY = "{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"pw-123\",2052]}";

    KingdeeSimulator sim;
    int port;

    @BeforeEach
    void start() {
        sim = newSimulator();
        sim.start();
        port = URI.create(sim.baseUrl()).getPort();
    }

    static KingdeeSimulator newSimulator() {
        return new KingdeeSimulator(new KingdeeSimulator.Config("65a1b2c3d4e5f6", "wdt_sync", "pw-123",
                Set.of("100", "BZ"), Map.of("100", "1", "BZ", "100507"), Set.of("B11"), Set.of("PRE001"),
                Duration.ofMinutes(20), new TestHttp.MutableClock(Instant.parse("2024-05-20T02:00:00Z"))));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** One answer as read from the socket: status line, header lines as sent, body. */
    record Raw(String statusLine, List<String> headerLines, String body) {
        List<String> names() {
            return headerLines.stream().map(l -> l.substring(0, l.indexOf(':'))).toList();
        }

        String header(String exactName) {
            return headerLines.stream().filter(l -> l.startsWith(exactName + ": ")).map(l -> l.substring(
                    exactName.length() + 2)).findFirst().orElse(null);
        }
    }

    static String request(String path, String body, String... extraHeaders) {
        StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json;charset=UTF-8\r\n");
        for (String h : extraHeaders) {
            b.append(h).append("\r\n");
        }
        b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(body);
        return b.toString();
    }

    static Raw read(InputStream in) throws IOException {
        String status = line(in);
        List<String> headers = new ArrayList<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            headers.add(l);
        }
        int length = -1;
        for (String h : headers) {
            if (h.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        assertThat(length).as("Content-Length of " + headers).isNotNegative();
        return new Raw(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed after " + b.toString(StandardCharsets.UTF_8));
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Test
    void headerNamesGoOutAsIisSpellsThem() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(request(LOGIN_PATH, LOGIN_BODY).getBytes(StandardCharsets.UTF_8));
            Raw r = read(s.getInputStream());

            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.names()).contains("Set-Cookie", "Content-Type", "Content-Length", "Date")
                    .doesNotContain("Set-cookie", "Content-type", "Content-length");
            assertThat(r.headerLines()).anyMatch(l -> l.startsWith("Set-Cookie: kdservice-sessionid="))
                    .anyMatch(l -> l.startsWith("Set-Cookie: ASP.NET_SessionId="));
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(r.body()).contains("\"LoginResultType\":1");
        }
    }

    @Test
    void aPersistentConnectionServesRequestAfterRequestWithTheSessionCookie() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(request(LOGIN_PATH, LOGIN_BODY).getBytes(StandardCharsets.UTF_8));
            Raw login = read(in);
            String cookie = login.headerLines().stream().filter(l -> l.startsWith("Set-Cookie: kdservice-sessionid="))
                    .map(l -> l.substring("Set-Cookie: ".length()).split(";")[0]).findFirst().orElseThrow();

            String query = "{\"data\":{\"FormId\":\"BD_Currency\",\"FieldKeys\":\"FNumber\"}}";
            out.write(request("/k3cloud/" + KingdeeSimulatorTest.QUERY, query, "Cookie: " + cookie)
                    .getBytes(StandardCharsets.UTF_8));
            Raw rows = read(in);

            assertThat(rows.body()).isEqualTo("[[\"PRE001\"]]");
            assertThat(rows.names()).doesNotContain("Set-Cookie");
        }
    }

    @Test
    void chunkedBodiesAndExpectContinueAreUnderstood() throws Exception {
        // curl: Expect: 100-continue for a large body; some clients stream a chunked body
        String padding = " ".repeat(2000);
        String body = "{\"acctID\":\"65a1b2c3d4e5f6\",\"username\":\"wdt_sync\",\"password\":\"pw-123\",\"lcid\":2052}"
                + padding;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST " + LOGIN_PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(line(in)).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(line(in)).isEmpty();
            int half = bytes.length / 2;
            out.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, half);
            out.write(("\r\n" + Integer.toHexString(bytes.length - half) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, half, bytes.length - half);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Raw r = read(in);

            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.body()).contains("\"LoginResultType\":1");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(request(LOGIN_PATH, LOGIN_BODY, "Connection: close")
                    .getBytes(StandardCharsets.UTF_8));
            Raw r = read(s.getInputStream());
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aBrokenRequestLineIsA400() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(s.getInputStream()).statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void aFixedPortCanBeBoundAgainAsSoonAsTheSimulatorIsClosed() {
        int fixed = port;
        sim.close();
        for (int i = 0; i < 20; i++) {
            KingdeeSimulator again = newSimulator();
            again.start(fixed);
            assertThat(again.baseUrl()).contains(":" + fixed + "/");
            again.close();
        }
        sim = newSimulator();
    }

    @Test
    void aFixedPortIsUsedAndATakenOneIsReported() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        KingdeeSimulator fixed = newSimulator();
        try {
            fixed.start(free);
            assertThat(fixed.baseUrl()).isEqualTo("http://127.0.0.1:" + free + "/k3cloud/");
            KingdeeSimulator second = newSimulator();
            assertThatThrownBy(() -> second.start(free)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(free));
        } finally {
            fixed.close();
        }
    }
}
