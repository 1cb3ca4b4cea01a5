package com.wdtkingdee.sync.kingdee;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the Kingdee calls did, for metrics and {@code /observe/health}: calls per service, and the authentications
 * that failed (in a row, in total, the last reason). Thread-safe: adders for the calls, {@code this} for the rest.
 */
public final class KingdeeStatistics {

    /** The services whose calls are counted ({@link #calls()}). */
    public static final List<String> COUNTED_SERVICES = List.of("login",
            "DynamicFormService.BatchSave", "DynamicFormService.Allocate", "DynamicFormService.ExecuteBillQuery");

    private final ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private String lastLoginError;
    private int loginFailures;
    private long loginFailuresTotal;

    /** One call sent to Kingdee ("login" for every login mode). */
    public void count(String service) {
        calls.computeIfAbsent(service, k -> new LongAdder()).increment();
    }

    /** Calls sent to Kingdee so far, by service. */
    public Map<String, Long> calls() {
        Map<String, Long> m = new TreeMap<>();
        calls.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** An authentication (login, or signed headers) failed; the message holds no secret. */
    public synchronized void failed(String message) {
        lastLoginError = message;
        loginFailures++;
        loginFailuresTotal++;
    }

    /** An authentication succeeded: the failures in a row start again from 0. */
    public synchronized void succeeded() {
        lastLoginError = null;
        loginFailures = 0;
    }

    /** Logins (or signed-header authentications) failed since the start. */
    public synchronized long loginFailuresTotal() {
        return loginFailuresTotal;
    }

    /** Logins (or signed-header authentications) failed in a row since the last one that succeeded. */
    public synchronized int loginFailures() {
        return loginFailures;
    }

    /** Why the last authentication failed, never containing a secret; null when it succeeded or none was tried. */
    public synchronized String lastLoginError() {
        return lastLoginError;
    }
}
