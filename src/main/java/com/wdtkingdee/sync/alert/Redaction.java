package com.wdtkingdee.sync.alert;

import java.net.URI;
import java.util.Collection;
import java.util.regex.Pattern;

/** Keeps robot tokens and secrets out of logs. */
public final class Redaction {

    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_\\-]{16,}");

    private Redaction() {
    }

    /** A path segment that looks like a token (16+ letters, digits, {@code -}, {@code _}), e.g. a Feishu hook id. */
    static boolean tokenLike(String segment) {
        return segment != null && TOKEN_LIKE.matcher(segment).matches();
    }

    /**
     * A URL for logs: scheme, host, port and path, without user-info and query; token-like path segments become
     * {@code ****}. {@code https://oapi.dingtalk.com/robot/send?access_token=abc} → {@code https://oapi.dingtalk.com/robot/send}.
     */
    public static String safeUrl(String url) {
        if (url == null) {
            return "null";
        }
        try {
            URI u = URI.create(url);
            StringBuilder sb = new StringBuilder();
            sb.append(u.getScheme()).append("://").append(u.getHost());
            if (u.getPort() >= 0) {
                sb.append(':').append(u.getPort());
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            for (String seg : path.split("/", -1)) {
                if (seg.isEmpty()) {
                    continue;
                }
                sb.append('/').append(tokenLike(seg) ? "****" : seg);
            }
            return sb.toString();
        } catch (RuntimeException e) {
            return "<unparseable URL>";
        }
    }

    /** {@code text} with every secret (of at least 4 characters) replaced by {@code ****}; one line. */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "****");
            }
        }
        return out.replaceAll("[\\r\\n]+", " ");
    }
}
