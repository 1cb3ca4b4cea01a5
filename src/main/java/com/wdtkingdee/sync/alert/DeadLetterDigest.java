package com.wdtkingdee.sync.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the items parked during one cycle and turns them into <em>one</em> {@link AlertKind#DEAD_LETTERS}
 * event: the total, the number of distinct reasons, the top reasons with their counts and a few sample keys —
 * never one message per item. Not thread-safe; one per cycle.
 */
public final class DeadLetterDigest {

    /** Reasons listed in the text. */
    public static final int TOP_REASONS = 3;
    /** Sample keys kept per reason. */
    public static final int SAMPLES_PER_REASON = 3;
    private static final int MAX_REASON_LENGTH = 160;

    private final Map<String, Long> countByReason = new LinkedHashMap<>();
    private final Map<String, List<String>> samplesByReason = new LinkedHashMap<>();
    private long total;

    /** One parked item: its reason (the dead-letter reason) and its key (order or customer number). */
    public DeadLetterDigest add(String reason, String key) {
        String r = reason == null || reason.isBlank() ? "(no reason)" : oneLine(reason);
        countByReason.merge(r, 1L, Long::sum);
        List<String> s = samplesByReason.computeIfAbsent(r, x -> new ArrayList<>());
        if (key != null && s.size() < SAMPLES_PER_REASON) {
            s.add(key);
        }
        total++;
        return this;
    }

    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** The event, or {@code null} when nothing was parked. */
    public AlertEvent toEvent(String scheme, Instant at) {
        if (total == 0) {
            return null;
        }
        List<Map.Entry<String, Long>> top = countByReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(TOP_REASONS).toList();
        StringBuilder text = new StringBuilder();
        text.append(total).append(" 条订单/客户进入死信表 / item(s) parked in dead_letter, ")
                .append(countByReason.size()).append(" reason(s). Top:");
        List<String> samples = new ArrayList<>();
        for (Map.Entry<String, Long> e : top) {
            List<String> s = samplesByReason.getOrDefault(e.getKey(), List.of());
            text.append("\n- ").append(e.getValue()).append(" × ").append(e.getKey());
            if (!s.isEmpty()) {
                text.append(" (e.g. ").append(String.join(", ", s)).append(')');
            }
            samples.addAll(s);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("dead_letters", total);
        counts.put("reasons", (long) countByReason.size());
        return AlertEvent.deadLetters(scheme, text.toString(), counts, samples, at);
    }

    private static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= MAX_REASON_LENGTH ? t : t.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
