package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.sandbox.FaultProfiles;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator;
import com.wdtkingdee.sync.sandbox.QimenSimulator;
import com.wdtkingdee.sync.state.DeadLetter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code --sandbox}: starts the 旺店通 (Qimen) and 金蝶 simulators on loopback with fresh random credentials,
 * seeds demo orders over the last three days and points the configuration at them. Everything else (routes,
 * beans, state) is the real product.
 */
public final class SandboxLauncher implements AutoCloseable {

    /** Demo shops: both organisations of the default rule, and 0099, which no rule names. */
    public static final List<String> DEMO_SHOPS = List.of("002", "003", "0071", "005", "0081", "0099");
    public static final int DEMO_ORDERS = 400;
    public static final String DISTRIBUTION_ORG_ID = "100040";

    private final QimenSimulator qimen;
    private final KingdeeSimulator kingdee;
    private final int seeded;

    private SandboxLauncher(QimenSimulator qimen, KingdeeSimulator kingdee, int seeded) {
        this.qimen = qimen;
        this.kingdee = kingdee;
        this.seeded = seeded;
    }

    public static SandboxLauncher start(ConfigSource config, Clock clock, PrintStream out) {
        // the JDK HTTP server otherwise waits for delayed ACKs (Nagle): ~40 ms per answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ZoneId zone = ZoneId.of(config.get("sync.zone").orElse("Asia/Shanghai"));
        String appKey = "sandbox-" + random(4);
        String appSecret = random(16);
        String targetAppKey = "21363512";
        String sid = "sandbox";
        String acct = "sandbox-acct";
        String user = "wdt_sync";
        String password = random(12);
        QimenSimulator qimen = new QimenSimulator(new QimenSimulator.Config(appKey, appSecret, targetAppKey, sid, zone, clock));
        KingdeeSimulator kingdee = new KingdeeSimulator(new KingdeeSimulator.Config(acct, user, password,
                Set.of(config.get("customer.create-org").orElse("100"), "DZ", "BZ", DISTRIBUTION_ORG_ID),
                Map.of("100040", DISTRIBUTION_ORG_ID),
                Set.of(config.get("customer.group").orElse("B11")),
                Set.of(config.get("customer.trading-currency").orElse("PRE001")),
                Duration.ofMinutes(20), clock));
        qimen.start();
        kingdee.start();
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), zone);
        LocalDateTime from = now.minusDays(3).withNano(0);
        var orders = DemoOrders.generate(42L, DEMO_ORDERS, from, now.minusMinutes(5), DEMO_SHOPS);
        qimen.addOrders(orders);
        String profile = config.get("sandbox.faults").orElse(FaultProfiles.NONE);
        try {
            FaultProfiles.apply(profile, qimen, kingdee, Long.parseLong(config.get("sandbox.fault-seed").orElse("7")));
        } catch (IllegalArgumentException e) {
            qimen.close();
            kingdee.close();
            throw new com.wdtkingdee.sync.config.ConfigException("sandbox.faults", e.getMessage());
        }

        String auth = config.get("kingdee.auth").orElse("password");
        if (!auth.equals("password")) {
            String appId = KingdeeSimulator.generateAppId(new java.util.Random());
            String kingdeeAppSecret = random(16);
            kingdee.enableAppAuth(appId, kingdeeAppSecret);
            config.override("kingdee.app-id", appId).override("kingdee.app-secret", kingdeeAppSecret);
        }
        config.override("wdt.url", qimen.url())
                .override("wdt.openapi2-url", qimen.openapi2Url())
                .override("wdt.app-key", appKey)
                .override("wdt.app-secret", appSecret)
                .override("wdt.target-app-key", targetAppKey)
                .override("wdt.sid", sid)
                .override("wdt.shop-nos", String.join(",", DEMO_SHOPS))
                .override("kingdee.url", kingdee.baseUrl())
                .override("kingdee.acct-id", acct)
                .override("kingdee.username", user)
                .override("kingdee.password", password)
                .override("customer.distribution-org", DISTRIBUTION_ORG_ID)
                .override("sync.cron", config.get("sandbox.cron").orElse("0/30 * * * * ?"));
        if (config.get("sync.initial-start").isEmpty()) {
            config.override("sync.initial-start", Settings.ERP_TIME.format(from));
        }
        if (config.get("db.url").isEmpty()) {
            // the simulators live in memory, so their state database starts empty too
            Path dir = Path.of(config.get("sandbox.embedded-dir").orElse("./data/sandbox-pg"));
            deleteRecursively(dir);
            config.override("db.embedded-dir", dir.toString());
        }
        out.println("Sandbox: 旺店通 Qimen simulator at " + qimen.url() + " with " + orders.size()
                + " demo stockout orders (shops " + String.join(",", DEMO_SHOPS) + "; 0099 has no organisation rule)");
        out.println("Sandbox: 金蝶 WebAPI simulator at " + kingdee.baseUrl() + " (fresh random credentials)");
        // console: without console.token the sandbox's management server (/observe, /console) stays on loopback
        if (config.get("console.token").orElse("").isBlank()) {
            config.override("observe.host", "127.0.0.1");
        }
        out.println("Sandbox: operator console (service mode) at http://" + config.get("observe.host").orElse("127.0.0.1")
                + ":" + config.get("observe.port").orElse("9876") + "/console");
        if (!FaultProfiles.NONE.equals(profile)) {
            out.println("Sandbox: fault profile '" + profile + "' injects HTTP 500s, HTML 502 pages, broken JSON,"
                    + " busy answers, a rate-limit ban, lost sessions, lost answers, row errors and edit locks");
        }
        return new SandboxLauncher(qimen, kingdee, orders.size());
    }

    /** Prints what the simulated Kingdee holds after the run, and the dead letters. */
    public void printSummary(SyncRuntime runtime, String scheme, CycleOutcome outcome, PrintStream out) {
        var customers = kingdee.customers();
        Map<String, Long> byOrg = new TreeMap<>(customers.stream()
                .collect(Collectors.groupingBy(KingdeeSimulator.SimCustomer::useOrg, Collectors.counting())));
        long allocated = customers.stream().filter(c -> c.allocatedOrgIds().contains(DISTRIBUTION_ORG_ID)).count();
        List<DeadLetter> dead = runtime.beans().deadLetters().open(scheme, null, null);
        out.println();
        out.println("==== Sandbox summary ====");
        out.println("demo orders seeded      : " + seeded + " (source answered " + qimen.calls() + " call(s))");
        out.println("customers in 金蝶        : " + customers.size() + " " + byOrg + ", allocated to "
                + DISTRIBUTION_ORG_ID + ": " + allocated);
        out.println("Kingdee calls           : BatchSave=" + kingdee.calls("BatchSave") + " Allocate="
                + kingdee.calls("Allocate") + " ExecuteBillQuery=" + kingdee.calls("ExecuteBillQuery")
                + " ValidateUser=" + kingdee.calls("ValidateUser"));
        out.println("open dead letters       : " + dead.size());
        dead.stream().collect(Collectors.groupingBy(DeadLetter::reason, TreeMap::new, Collectors.counting()))
                .forEach((reason, n) -> out.println("   " + n + " × " + reason));
        out.println("cycle                   : " + outcome.status() + ", " + outcome.windows() + " window(s)");
        out.println("=========================");
    }

    public QimenSimulator qimen() {
        return qimen;
    }

    public KingdeeSimulator kingdee() {
        return kingdee;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        Path pidFile = dir.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            try {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new com.wdtkingdee.sync.config.ConfigException("sandbox.embedded-dir", dir
                            + " is in use by a running sandbox (PostgreSQL pid " + pid + "); stop it first");
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof com.wdtkingdee.sync.config.ConfigException ce) {
                    throw ce;
                }
                // unreadable pid file: a leftover of a crash, safe to remove
            }
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the sandbox state in " + dir, e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        qimen.close();
        kingdee.close();
    }
}
