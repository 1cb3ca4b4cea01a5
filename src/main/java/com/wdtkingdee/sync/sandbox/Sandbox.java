package com.wdtkingdee.sync.sandbox;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Both simulators started together with the sandbox credentials and demo orders: what {@code --sandbox} runs.
 * {@link #properties()} gives the configuration keys (design §5) that point the application at them.
 */
public final class Sandbox implements AutoCloseable {

    /** Shops of the demo orders: the default BZ and DZ rule shops. */
    public static final List<String> DEMO_SHOPS = List.of("002", "003", "004", "0071", "005", "006", "007", "0081",
            "0091");

    /** AppID and AppSecret of the simulated third-party app (the fake test vector of reference §2c). */
    public static final String APP_ID = "123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
    public static final String APP_SECRET = "0123456789abcdef0123456789abcdef";

    private final QimenSimulator qimen;
    private final KingdeeSimulator kingdee;
    private final LocalDateTime ordersFrom;
    private final LocalDateTime ordersTo;

    private Sandbox(QimenSimulator qimen, KingdeeSimulator kingdee, LocalDateTime ordersFrom,
                    LocalDateTime ordersTo) {
        this.qimen = qimen;
        this.kingdee = kingdee;
        this.ordersFrom = ordersFrom;
        this.ordersTo = ordersTo;
    }

    /**
     * Starts both simulators with {@link QimenSimulator.Config#sandboxDefaults()} and
     * {@link KingdeeSimulator.Config#sandboxDefaults()} (using {@code clock}), and loads {@code orderCount} demo
     * orders shipped during the {@code days} days before now − 2 minutes (Asia/Shanghai).
     */
    public static Sandbox start(long seed, int orderCount, int days, Clock clock) {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        QimenSimulator.Config q = QimenSimulator.Config.sandboxDefaults();
        QimenSimulator qimen = new QimenSimulator(new QimenSimulator.Config(q.appKey(), q.appSecret(),
                q.targetAppKey(), q.sid(), zone, clock));
        KingdeeSimulator.Config k = KingdeeSimulator.Config.sandboxDefaults();
        KingdeeSimulator kingdee = new KingdeeSimulator(new KingdeeSimulator.Config(k.acctId(), k.username(),
                k.password(), k.orgNumbers(), k.orgIdsByNumber(), k.groups(), k.currencies(),
                k.sessionIdleTimeout(), clock));
        kingdee.enableAppAuth(APP_ID, APP_SECRET);
        LocalDateTime to = LocalDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.SECONDS).minusMinutes(2);
        LocalDateTime from = to.minusDays(days);
        qimen.addOrders(DemoOrders.generate(seed, orderCount, from, to, DEMO_SHOPS));
        try {
            qimen.start();
            kingdee.start();
        } catch (RuntimeException e) {
            qimen.close();
            kingdee.close();
            throw e;
        }
        return new Sandbox(qimen, kingdee, from, to);
    }

    public QimenSimulator qimen() {
        return qimen;
    }

    public KingdeeSimulator kingdee() {
        return kingdee;
    }

    /** Earliest consign time of the demo orders (Asia/Shanghai). */
    public LocalDateTime ordersFrom() {
        return ordersFrom;
    }

    /** Latest consign time of the demo orders (Asia/Shanghai). */
    public LocalDateTime ordersTo() {
        return ordersTo;
    }

    /**
     * Configuration overrides pointing the application at the simulators: {@code wdt.url}, {@code wdt.app-key},
     * {@code wdt.app-secret}, {@code wdt.target-app-key}, {@code wdt.sid}, {@code kingdee.url},
     * {@code kingdee.acct-id}, {@code kingdee.username}, {@code kingdee.password}, {@code kingdee.app-id},
     * {@code kingdee.app-secret} (every Kingdee login mode works). Fake sandbox credentials.
     */
    public Map<String, String> properties() {
        QimenSimulator.Config q = QimenSimulator.Config.sandboxDefaults();
        KingdeeSimulator.Config k = KingdeeSimulator.Config.sandboxDefaults();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("wdt.url", qimen.url());
        p.put("wdt.app-key", q.appKey());
        p.put("wdt.app-secret", q.appSecret());
        p.put("wdt.target-app-key", q.targetAppKey());
        p.put("wdt.sid", q.sid());
        p.put("kingdee.url", kingdee.baseUrl());
        p.put("kingdee.acct-id", k.acctId());
        p.put("kingdee.username", k.username());
        p.put("kingdee.password", k.password());
        p.put("kingdee.app-id", APP_ID);
        p.put("kingdee.app-secret", APP_SECRET);
        return p;
    }

    @Override
    public void close() {
        qimen.close();
        kingdee.close();
    }
}
