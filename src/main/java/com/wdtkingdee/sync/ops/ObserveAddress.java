package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.config.Settings;

import java.net.InetAddress;

/**
 * The URL of the management server ({@code /observe/*}, {@code /console}) as a user can open it: the bound address,
 * and for a wildcard bind ({@code 0.0.0.0}, {@code ::}) this machine's name with the bind said in words. Camel's own
 * "HTTP Management endpoints summary" always prints {@code 0.0.0.0} (its MainHttpServerUtil is given the port only),
 * so it is silenced in logback.xml and this is logged instead.
 */
public final class ObserveAddress {

    private ObserveAddress() {
    }

    /** {@code http://host:port}, without a trailing slash. */
    public static String url(Settings.Observe observe) {
        return "http://" + host(observe.host()) + ":" + observe.port();
    }

    /** The address to open: the bound one, or this machine's name for a wildcard bind. */
    public static String host(String bound) {
        String h = bound == null || bound.isBlank() ? "0.0.0.0" : bound.trim();
        if (!wildcard(h)) {
            return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** For a line: the URL, and "(all interfaces)" when the bind is a wildcard. */
    public static String describe(Settings.Observe observe) {
        return url(observe) + (wildcard(observe.host() == null ? "0.0.0.0" : observe.host().trim())
                ? " (bound to all interfaces, " + observe.host() + ")" : "");
    }

    public static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }
}
