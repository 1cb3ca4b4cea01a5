package com.wdtkingdee.sync.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert, the body posted to {@code direct:alert} (or, when the body is something else, the exchange property
 * {@value #PROPERTY}, which lets a YAML route post it with a {@code wireTap} without touching its own body).
 *
 * @param kind     what happened (throttling key)
 * @param scheme   the integration scheme ({@code sync.scheme})
 * @param severity how urgent
 * @param title    one line
 * @param text     a few lines for a person (no secrets: it is sent to a chat)
 * @param counts   named numbers, in order (e.g. {@code dead_letters=12})
 * @param samples  a few sample keys (order numbers, customer numbers); never the full list
 * @param at       when it happened
 */
public record AlertEvent(AlertKind kind, String scheme, AlertKind.Severity severity, String title, String text,
                         Map<String, Long> counts, List<String> samples, Instant at) {

    /** Exchange property that may carry the event instead of the body. */
    public static final String PROPERTY = "alertEvent";
    /** At most this many samples are kept. */
    public static final int MAX_SAMPLES = 10;

    public AlertEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        severity = severity == null ? kind.defaultSeverity() : severity;
        title = title == null || title.isBlank() ? kind.defaultTitle() : title;
        scheme = scheme == null ? "" : scheme;
        text = text == null ? "" : text;
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        samples = samples == null ? List.of() : List.copyOf(samples.subList(0, Math.min(MAX_SAMPLES, samples.size())));
    }

    /** A window failed; its checkpoint did not move. */
    public static AlertEvent windowFailed(String scheme, String window, String reason, Instant at) {
        return new AlertEvent(AlertKind.WINDOW_FAILED, scheme, null, null,
                "窗口 " + window + " 同步失败，检查点未推进，下个周期将重读。\nWindow " + window
                        + " failed; its checkpoint stays and the next cycle reads it again.\nReason: " + reason,
                Map.of(), List.of(), at);
    }

    /** Dead letters of one cycle: use {@link DeadLetterDigest} to build it from the parked items. */
    public static AlertEvent deadLetters(String scheme, String text, Map<String, Long> counts, List<String> samples,
                                         Instant at) {
        return new AlertEvent(AlertKind.DEAD_LETTERS, scheme, null, null, text, counts, samples, at);
    }

    /** Letters that went through the whole retry ladder and wait for a person. */
    public static AlertEvent lettersExhausted(String scheme, long count, List<String> samples, Instant at) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("exhausted", count);
        return new AlertEvent(AlertKind.LETTERS_EXHAUSTED, scheme, null, null,
                count + " 条死信已重试到最后一级，需要人工处理 (--replay 或修正数据)。\n" + count
                        + " dead letter(s) went through the whole retry ladder and wait for a person.",
                counts, samples, at);
    }

    public static AlertEvent healthDown(String scheme, String detail, Instant at) {
        return new AlertEvent(AlertKind.HEALTH_DOWN, scheme, null, null, "/observe/health is DOWN: " + detail,
                Map.of(), List.of(), at);
    }

    public static AlertEvent healthUp(String scheme, String detail, Instant at) {
        return new AlertEvent(AlertKind.HEALTH_UP, scheme, null, null, "/observe/health is UP again"
                + (detail == null || detail.isBlank() ? "." : ": " + detail), Map.of(), List.of(), at);
    }

    /** Kingdee login keeps failing; {@code detail} must not contain the password (LoginResultType, message). */
    public static AlertEvent kingdeeLoginFailing(String scheme, String detail, long attempts, Instant at) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("attempts", attempts);
        return new AlertEvent(AlertKind.KINGDEE_LOGIN_FAILING, scheme, null, null,
                "金蝶登录失败 / Kingdee login failing: " + detail, counts, List.of(), at);
    }
}
