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
 * @param allowedHosts {@code console.allowed-hosts}: host names (or addresses) a request may name in its {@code Host}
 *                besides the bound address, {@code localhost} and loopback (e.g. the name users type, a proxy's)
 */
public record ConsoleSettings(boolean enabled, String token, java.util.List<String> allowedHosts) {

    public static final String TOKEN_KEY = "console.token";
    public static final String ALLOWED_HOSTS_KEY = "console.allowed-hosts";

    public ConsoleSettings {
        token = token == null ? "" : token.trim();
        allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
    }

    public ConsoleSettings(boolean enabled, String token) {
        this(enabled, token, java.util.List.of());
    }

    public static ConsoleSettings from(ConfigSource c) {
        String enabled = c.get("console.enabled").orElse("true").trim();
        if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw new ConfigException("console.enabled", "must be true or false, got '" + enabled + "'");
        }
        java.util.List<String> hosts = java.util.Arrays.stream(c.get(ALLOWED_HOSTS_KEY).orElse("").split(","))
                .map(String::trim).filter(h -> !h.isEmpty()).toList();
        for (String h : hosts) {
            if (!h.matches("\\[?[A-Za-z0-9.:_-]+]?")) {
                throw new ConfigException(ALLOWED_HOSTS_KEY, "'" + h + "' is not a host name or address (a comma list,"
                        + " without scheme or port, e.g. sync.example.com,10.0.0.5)");
            }
        }
        return new ConsoleSettings(Boolean.parseBoolean(enabled), c.get(TOKEN_KEY).orElse(""), hosts);
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
        return "ConsoleSettings[enabled=" + enabled + ", token=" + (hasToken() ? "****" : "") + ", allowedHosts="
                + allowedHosts + "]";
    }
}
