package com.wdtkingdee.sync.wdt;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter against a real HTTP server (JDK HttpServer on loopback) that records arrival times server-side, the
 * way the source counts. Clients on several threads add a random, seeded 0–300 ms delay between the grant and
 * the request (network jitter). The window is scaled down (4 calls per 500 ms) so the test runs in seconds; the
 * assertion is on the server's arrivals only, never on speed.
 */
class CallRateLimiterHttpTest {

    static final int LIMIT = 4;
    static final Duration SPAN = Duration.ofMillis(500);
    static final int CALLS = 12;
    static final int THREADS = 3;

    private HttpServer server;
    private final List<Long> arrivalsNanos = Collections.synchronizedList(new ArrayList<>());
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/router/qm", ex -> {
            arrivalsNanos.add(System.nanoTime());   // arrival as the source counts it: the request reached the server
            ex.getRequestBody().readAllBytes();
            byte[] body = "{\"response\":{\"errorcode\":0,\"total_count\":0,\"stockout_list\":[]}}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/warm-up", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // class loading and the first connection are not part of the jitter under test
        client.send(HttpRequest.newBuilder(uri("/warm-up")).GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /**
     * margin-only: the caller does not report answers (as SourcePager does today), the margin (600 ms) covers the
     * 0–300 ms jitter plus loopback; answers reported: no margin at all, the answer instants bound the arrivals.
     */
    @ParameterizedTest(name = "margin {0} ms, answers reported: {1}")
    @CsvSource({"600,false", "0,true"})
    void noRollingWindowOfArrivalsAtTheServerHoldsMoreThanTheLimit(long marginMs, boolean reportAnswers)
            throws Exception {
        CallRateLimiter limiter = new CallRateLimiter(LIMIT, SPAN, Duration.ofMillis(marginMs),
                CallRateLimiter.monotonicClock(), Thread::sleep);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random jitter = new Random(1000L * t + marginMs);
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < CALLS) {
                    CallRateLimiter.Permit permit = limiter.acquire();
                    Thread.sleep(jitter.nextInt(301));   // on the way: 0–300 ms before the request reaches the wire
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/router/qm"))
                                    .POST(HttpRequest.BodyPublishers.ofString("method=wdt.stockout.order.query.trade"))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                    if (reportAnswers) {
                        permit.finished();
                    }
                    assertThat(r.statusCode()).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();

        List<Instant> arrivals = arrivalsNanos.stream().map(n -> Instant.EPOCH.plusNanos(n)).toList();
        assertThat(arrivals).hasSize(CALLS);
        assertThat(CallRateLimiterTest.maxInAnyWindow(arrivals, SPAN))
                .as("arrivals in any rolling %s at the server", SPAN).isLessThanOrEqualTo(LIMIT);
        // the limit was actually binding: without it the 12 calls would have been far denser
        assertThat(limiter.waitedMillis()).isPositive();
    }
}
