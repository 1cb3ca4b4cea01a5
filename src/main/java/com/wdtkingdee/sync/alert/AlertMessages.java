package com.wdtkingdee.sync.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bodies each channel expects ({@code reference/chat-robots.md}), as objects for Jackson, and the text they
 * carry. Texts are plain: no secret ever goes into an event.
 */
public final class AlertMessages {

    /** WeCom markdown is limited to 4096 bytes; every channel is kept below it. */
    static final int MAX_BYTES = 4000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private AlertMessages() {
    }

    // ---- DingTalk: {"msgtype":"markdown","markdown":{"title","text"}} or {"msgtype":"text","text":{"content"}}
    public record DingTalkMarkdown(String msgtype, Markdown markdown) {
        public record Markdown(String title, String text) {
        }
    }

    public record DingTalkText(String msgtype, Content text) {
    }

    /** {@code {"content": …}}, shared by DingTalk text and WeCom text/markdown. */
    public record Content(String content) {
    }

    // ---- WeCom: {"msgtype":"text","text":{"content"}} or {"msgtype":"markdown","markdown":{"content"}}
    public record WeComText(String msgtype, Content text) {
    }

    public record WeComMarkdown(String msgtype, Content markdown) {
    }

    // ---- Feishu: {"timestamp","sign","msg_type":"text","content":{"text"}}; timestamp and sign only when signed
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeishuText(String timestamp, String sign, @JsonProperty("msg_type") String msgType,
                             FeishuContent content) {
    }

    public record FeishuContent(String text) {
    }

    /**
     * The generic webhook's body (documented in the README, "Alerts to the team's chat").
     *
     * @param kind       {@link AlertKind} name
     * @param scheme     {@code sync.scheme}
     * @param severity   INFO, WARNING or CRITICAL
     * @param title      one line
     * @param text       the message, several lines
     * @param counts     named numbers
     * @param samples    a few sample keys
     * @param at         ISO-8601 instant of the event
     * @param suppressed alerts of the same kind not sent since the previous one (throttled)
     * @param source     always {@code wdt-kingdee-sync}
     */
    public record WebhookPayload(String kind, String scheme, String severity, String title, String text,
                                 Map<String, Long> counts, List<String> samples, String at, long suppressed,
                                 String source) {
    }

    public static DingTalkMarkdown dingTalkMarkdown(AlertEvent e, long suppressed, ZoneId zone) {
        return new DingTalkMarkdown("markdown", new DingTalkMarkdown.Markdown(heading(e), markdown(e, suppressed, zone)));
    }

    public static DingTalkText dingTalkText(AlertEvent e, long suppressed, ZoneId zone) {
        return new DingTalkText("text", new Content(plain(e, suppressed, zone)));
    }

    public static WeComMarkdown weComMarkdown(AlertEvent e, long suppressed, ZoneId zone) {
        return new WeComMarkdown("markdown", new Content(markdown(e, suppressed, zone)));
    }

    public static WeComText weComText(AlertEvent e, long suppressed, ZoneId zone) {
        return new WeComText("text", new Content(plain(e, suppressed, zone)));
    }

    /** {@code timestampSeconds} and {@code sign} null for an unsigned bot. */
    public static FeishuText feishuText(AlertEvent e, long suppressed, ZoneId zone, Long timestampSeconds, String sign) {
        return new FeishuText(timestampSeconds == null ? null : Long.toString(timestampSeconds), sign, "text",
                new FeishuContent(plain(e, suppressed, zone)));
    }

    public static WebhookPayload webhook(AlertEvent e, long suppressed) {
        return new WebhookPayload(e.kind().name(), e.scheme(), e.severity().name(), e.title(), e.text(), e.counts(),
                e.samples(), e.at().toString(), suppressed, "wdt-kingdee-sync");
    }

    /** {@code [CRITICAL] 同步窗口失败 / sync window failed (customer-sync)}. */
    static String heading(AlertEvent e) {
        return "[" + e.severity() + "] " + e.title() + (e.scheme().isEmpty() ? "" : " (" + e.scheme() + ")");
    }

    /** The plain text of every channel. */
    static String plain(AlertEvent e, long suppressed, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        sb.append("wdt-kingdee-sync ").append(heading(e)).append('\n');
        if (!e.text().isEmpty()) {
            sb.append(e.text()).append('\n');
        }
        if (!e.counts().isEmpty()) {
            sb.append("counts: ").append(counts(e)).append('\n');
        }
        if (!e.samples().isEmpty()) {
            sb.append("samples: ").append(String.join(", ", e.samples())).append('\n');
        }
        sb.append("at: ").append(TIME.format(e.at().atZone(zone)));
        if (suppressed > 0) {
            sb.append('\n').append(suppressedLine(e, suppressed));
        }
        return truncate(sb.toString());
    }

    static String markdown(AlertEvent e, long suppressed, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(heading(e)).append("\n\n");
        for (String line : e.text().split("\n")) {
            if (!line.isBlank()) {
                sb.append(line.startsWith("- ") ? line : "> " + line).append("\n\n");
            }
        }
        if (!e.counts().isEmpty()) {
            sb.append("**counts**: ").append(counts(e)).append("\n\n");
        }
        if (!e.samples().isEmpty()) {
            sb.append("**samples**: ").append(String.join(", ", e.samples())).append("\n\n");
        }
        sb.append("at ").append(TIME.format(e.at().atZone(zone)));
        if (suppressed > 0) {
            sb.append("\n\n").append(suppressedLine(e, suppressed));
        }
        return truncate(sb.toString());
    }

    static String suppressedLine(AlertEvent e, long suppressed) {
        return "(+" + suppressed + " more " + e.kind() + " alert(s) since the last one were throttled / 期间另有 "
                + suppressed + " 条同类告警被限流)";
    }

    private static String counts(AlertEvent e) {
        return e.counts().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).collect(Collectors.joining(", "));
    }

    /** At most {@link #MAX_BYTES} UTF-8 bytes, cut at a character boundary. */
    static String truncate(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_BYTES) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > MAX_BYTES - 4) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.append(" …").toString();
    }
}
