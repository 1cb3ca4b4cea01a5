package com.wdtkingdee.sync.console;

import org.apache.camel.Header;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The first step of every write route ({@code authorize} in {@code routes/console.camel.yaml}): the token of
 * {@code console.token} in the header {@code X-Console-Token} (401 without it or with another one); with no token
 * configured, writes are allowed only while the management server listens on loopback (else 403).
 */
public final class ConsoleAuthorizer {

    public static final String TOKEN_HEADER = "X-Console-Token";

    private final ConsoleSettings console;
    private final boolean loopback;

    /**
     * @param console     the console's settings (the token)
     * @param observeHost the management server's bind host ({@code observe.host})
     */
    public ConsoleAuthorizer(ConsoleSettings console, String observeHost) {
        this.console = console;
        this.loopback = ConsoleSettings.isLoopback(observeHost);
    }

    public void authorize(@Header(TOKEN_HEADER) String given) {
        if (!console.hasToken()) {
            if (!loopback) {
                throw new ConsoleException(403, "write actions are disabled: console.token is not set");
            }
            return;
        }
        byte[] expected = console.token().getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
            throw new ConsoleException(401, "a valid console token is required for this action (header " + TOKEN_HEADER + ")");
        }
    }
}
