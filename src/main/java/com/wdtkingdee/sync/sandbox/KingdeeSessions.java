package com.wdtkingdee.sync.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Kingdee login sessions keyed by {@code kdservice-sessionid}, expiring after an idle timeout. */
final class KingdeeSessions {

    /** A session: the {@code kdservice-sessionid} value and the companion {@code ASP.NET_SessionId}. */
    record Session(String id, String aspNetId) {
    }

    private static final char[] ASP_ALPHABET = "abcdefghijklmnopqrstuvwxyz012345".toCharArray();

    private final Map<String, Instant> lastUse = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    KingdeeSessions(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    Session open() {
        String id = UUID.randomUUID().toString();
        StringBuilder asp = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            asp.append(ASP_ALPHABET[random.nextInt(ASP_ALPHABET.length)]);
        }
        lastUse.put(id, clock.instant());
        return new Session(id, asp.toString());
    }

    /** True when {@code id} names a live session; refreshes its idle timer. Expired sessions are removed. */
    boolean use(String id) {
        if (id == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = lastUse.get(id);
        if (last == null) {
            return false;
        }
        if (Duration.between(last, now).compareTo(idleTimeout) > 0) {
            lastUse.remove(id);
            return false;
        }
        lastUse.put(id, now);
        return true;
    }

    void expireAll() {
        lastUse.clear();
    }

    int live() {
        return lastUse.size();
    }
}
