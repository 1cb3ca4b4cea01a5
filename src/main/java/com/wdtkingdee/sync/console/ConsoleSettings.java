package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Settings of the operator console ({@code /console} on the management server, beside {@code /observe/*}).
 *
 * @param enabled {@code console.enabled}: serve the console wherever the management server runs
 * @param token   {@code console.token}: needed by every write action (header {@code X-Console-Token}); required when
 *                the management server listens beyond loopback
 */
public record ConsoleSettings(boolean enabled, String token) {

    public static final String TOKEN_KEY = "console.token";

    public ConsoleSettings {
        token = token == null ? "" : token.trim();
    }

    public static ConsoleSettings from(ConfigSource c) {
        String enabled = c.get("console.enabled").orElse("true").trim();
        if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw new ConfigException("console.enabled", "must be true or false, got '" + enabled + "'");
        }
        return new ConsoleSettings(Boolean.parseBoolean(enabled), c.get(TOKEN_KEY).orElse(""));
    }

    public boolean hasToken() {
        return !token.isEmpty();
    }

    /**
     * Refuses to serve a console whose write actions anyone on the network could use: beyond loopback a token is
     * required.
     *
     * @param host the management server's bind host ({@code observe.host})
     * @throws ConfigException naming {@code console.token} when the host is not loopback and no token is set
     */
    public void checkListening(String host) {
        if (enabled && !hasToken() && !isLoopback(host)) {
            throw new ConfigException(TOKEN_KEY, "is required because the console at /console listens beyond loopback"
                    + " (observe.host=" + host + "); set " + ConfigSource.envName(TOKEN_KEY) + " or -D" + TOKEN_KEY
                    + ", or bind observe.host to 127.0.0.1, or set console.enabled=false");
        }
    }

    /** True for a loopback address or name (127.0.0.0/8, ::1, localhost); false for 0.0.0.0 and anything else. */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ConsoleSettings[enabled=" + enabled + ", token=" + (hasToken() ? "****" : "") + "]";
    }
}
