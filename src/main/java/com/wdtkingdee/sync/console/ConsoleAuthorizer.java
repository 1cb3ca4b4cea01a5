package com.wdtkingdee.sync.console;

import org.apache.camel.ExchangeProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first step of every write route ({@code authorize} in {@code routes/console.camel.yaml}): the token of
 * {@code console.token}, given in the header {@code X-Console-Token} (the guard before it keeps it as the property
 * {@value ConsoleGuard#TOKEN_PROPERTY} and refuses one in the URL), compared in constant time (401 without it or with
 * another one). After {@value #BAD_TOKENS_PER_MINUTE} wrong tokens in a minute from one address, that address's
 * writes answer 429 until the minute has passed. With no token configured, writes are allowed only while the
 * management server listens on loopback (else 403).
 */
public final class ConsoleAuthorizer {

    public static final String TOKEN_HEADER = "X-Console-Token";
    /** Wrong tokens accepted from one address within a minute before its writes answer 429. */
    public static final int BAD_TOKENS_PER_MINUTE = 5;

    private final ConsoleSettings console;
    private final boolean loopback;
    private final Clock clock;
    private final Map<String, Deque<Instant>> badTokens = new ConcurrentHashMap<>();

    /**
     * @param console     the console's settings (the token)
     * @param observeHost the management server's bind host ({@code observe.host})
     */
    public ConsoleAuthorizer(ConsoleSettings console, String observeHost, Clock clock) {
        this.console = console;
        this.loopback = ConsoleSettings.isLoopback(observeHost);
        this.clock = clock;
    }

    public void authorize(@ExchangeProperty(ConsoleGuard.TOKEN_PROPERTY) String given,
                          @ExchangeProperty(ConsoleGuard.SOURCE_PROPERTY) String source) {
        if (!console.hasToken()) {
            if (!loopback) {
                throw new ConsoleException(403, "write actions are disabled: console.token is not set");
            }
            return;
        }
        String address = source == null ? "?" : source;
        if (throttled(address)) {
            throw new ConsoleException(429, "too many wrong console tokens from " + address + "; wait a minute");
        }
        byte[] expected = console.token().getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
            if (given != null && !given.isBlank()) {
                badToken(address);
            }
            throw new ConsoleException(401, "a valid console token is required for this action (header " + TOKEN_HEADER + ")");
        }
    }

    private boolean throttled(String address) {
        Deque<Instant> times = badTokens.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= BAD_TOKENS_PER_MINUTE;
        }
    }

    private void badToken(String address) {
        Deque<Instant> times = badTokens.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
        }
    }

    private void prune(Deque<Instant> times) {
        Instant cutoff = clock.instant().minus(Duration.ofMinutes(1));
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }
}
