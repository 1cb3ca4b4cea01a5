package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.alert.AlertKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Which alerts a look at the service's health calls for — pure state, no Camel, no clock:
 * <ul>
 *   <li>{@link AlertKind#HEALTH_DOWN} when the health goes DOWN (also when the first look finds it DOWN),
 *       {@link AlertKind#HEALTH_UP} when it is UP again after a DOWN; nothing while it stays as it was;</li>
 *   <li>{@link AlertKind#KINGDEE_LOGIN_FAILING} when at least {@link #LOGIN_FAILURES} logins failed in a row, and
 *       again each time more have failed since the last look (the alert service throttles the repeats,
 *       {@code alert.min-interval}); a successful login starts the count again.</li>
 * </ul>
 */
public final class HealthTransitions {

    /** Logins failed in a row before the team is told. */
    public static final int LOGIN_FAILURES = 3;

    private Boolean up;            // null before the first look
    private long loginFailuresSeen;

    /**
     * @param healthUp           whether every health check is UP now
     * @param loginFailuresInRow logins failed in a row now ({@code KingdeeStatistics.loginFailures()})
     * @param loginFailuresTotal logins failed since the start ({@code KingdeeStatistics.loginFailuresTotal()}), so a
     *                           new failure is seen even when a success came between two looks
     * @return the kinds to send, in order (empty when nothing changed)
     */
    public synchronized List<AlertKind> look(boolean healthUp, int loginFailuresInRow, long loginFailuresTotal) {
        List<AlertKind> out = new ArrayList<>(2);
        if (!healthUp && !Boolean.FALSE.equals(up)) {
            out.add(AlertKind.HEALTH_DOWN);
        } else if (healthUp && Boolean.FALSE.equals(up)) {
            out.add(AlertKind.HEALTH_UP);
        }
        up = healthUp;
        if (loginFailuresInRow >= LOGIN_FAILURES && loginFailuresTotal > loginFailuresSeen) {
            out.add(AlertKind.KINGDEE_LOGIN_FAILING);
        }
        loginFailuresSeen = Math.max(loginFailuresSeen, loginFailuresTotal);
        return out;
    }
}
