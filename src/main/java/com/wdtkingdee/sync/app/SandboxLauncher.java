package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.sandbox.FaultProfiles;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator;
import com.wdtkingdee.sync.sandbox.QimenSimulator;
import com.wdtkingdee.sync.sandbox.SandboxCredentials;
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
 * {@code --sandbox}: starts the 旺店通 (Qimen) and 金蝶 simulators on loopback with fake credentials (random, or
 * fixed by the {@code sandbox.*} settings; printed and written to {@code data/sandbox/credentials.properties}),
 * seeds demo orders over the last three days and points the configuration at them. Everything else (routes,
 * beans, state) is the real product. The state database ({@code sandbox.embedded-dir}) is kept between runs, so
 * parked orders can be replayed after a fix; {@code --sandbox --fresh} empties it first.
 */
public final class SandboxLauncher implements AutoCloseable {

    /** Demo shops: both organisations of the default rule, and 0099, which no rule names. */
    public static final List<String> DEMO_SHOPS = List.of("002", "003", "0071", "005", "0081", "0099");
    public static final int DEMO_ORDERS = 400;
    public static final String DISTRIBUTION_ORG_ID = "100040";

    private final QimenSimulator qimen;
    private final KingdeeSimulator kingdee;
    private final int seeded;
    private final com.wdtkingdee.sync.sandbox.RobotReceivers robots;

    private SandboxLauncher(QimenSimulator qimen, KingdeeSimulator kingdee, int seeded,
                            com.wdtkingdee.sync.sandbox.RobotReceivers robots) {
        this.qimen = qimen;
        this.kingdee = kingdee;
        this.seeded = seeded;
        this.robots = robots;
    }

    public static SandboxLauncher start(ConfigSource config, Clock clock, PrintStream out) {
        // the JDK HTTP server otherwise waits for delayed ACKs (Nagle): ~40 ms per answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ZoneId zone = ZoneId.of(config.get("sync.zone").orElse("Asia/Shanghai"));
        SandboxCredentials creds = credentials(config);
        String appKey = creds.wdtAppKey();
        String appSecret = creds.wdtAppSecret();
        String targetAppKey = creds.wdtTargetAppKey();
        String sid = creds.wdtSid();
        String acct = creds.kingdeeAcctId();
        String user = creds.kingdeeUsername();
        String password = creds.kingdeePassword();
        QimenSimulator qimen = new QimenSimulator(new QimenSimulator.Config(appKey, appSecret, targetAppKey, sid, zone, clock));
        KingdeeSimulator kingdee = new KingdeeSimulator(new KingdeeSimulator.Config(acct, user, password,
                Set.of(config.get("customer.create-org").orElse("100"), "DZ", "BZ", DISTRIBUTION_ORG_ID),
                Map.of("100040", DISTRIBUTION_ORG_ID),
                Set.of(config.get("customer.group").orElse("B11")),
                Set.of(config.get("customer.trading-currency").orElse("PRE001")),
                Duration.ofMinutes(20), clock));
        startOn(creds, qimen, kingdee);
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

        // every Kingdee login mode at once, whatever kingdee.auth the product itself uses
        kingdee.enableAppAuth(creds.kingdeeAppId(), creds.kingdeeAppSecret());
        config.override("kingdee.app-id", creds.kingdeeAppId()).override("kingdee.app-secret", creds.kingdeeAppSecret());
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
            config.override("db.embedded-dir", stateDir(config).toString());
        }
        out.println("Sandbox: 旺店通 Qimen simulator at " + qimen.url() + " with " + orders.size()
                + " demo stockout orders (shops " + String.join(",", DEMO_SHOPS) + "; 0099 has no organisation rule)");
        out.println("Sandbox: 金蝶 WebAPI simulator at " + kingdee.baseUrl());
        // console: without console.token the sandbox's management server (/observe, /console) stays on loopback
        if (config.get("console.token").orElse("").isBlank()) {
            config.override("observe.host", "127.0.0.1");
        }
        if (!FaultProfiles.NONE.equals(profile)) {
            out.println("Sandbox: fault profile '" + profile + "' injects HTTP 500s, HTML 502 pages, broken JSON,"
                    + " busy answers, a rate-limit ban, lost sessions, lost answers, row errors and edit locks");
        }
        publishCredentials(config, creds, qimen, kingdee, out);
        // alerts: unless alert.* names real robots, the sandbox's robot receivers (they verify the DingTalk and
        // Feishu signatures) get them, and the summary prints what they received
        com.wdtkingdee.sync.sandbox.RobotReceivers robots = null;
        if (java.util.stream.Stream.of("alert.dingtalk.url", "alert.wecom.url", "alert.feishu.url", "alert.webhook.url")
                .allMatch(k -> config.get(k).isEmpty())) {
            robots = com.wdtkingdee.sync.sandbox.RobotReceivers.start(clock);
            robots.alertProperties().forEach(config::override);
            out.println("Sandbox: chat robot receivers (DingTalk, WeCom, Feishu, webhook) on port " + robots.port());
        }
        return new SandboxLauncher(qimen, kingdee, orders.size(), robots);
    }

    /** The sandbox credentials and ports: {@code sandbox.*} settings, random where empty. */
    private static SandboxCredentials credentials(ConfigSource config) {
        try {
            return SandboxCredentials.resolve(config::get);
        } catch (SandboxCredentials.InvalidSetting e) {
            throw new com.wdtkingdee.sync.config.ConfigException(e.key(), e.getMessage());
        }
    }

    /** Starts both simulators on their ports ({@code sandbox.qimen-port}, {@code sandbox.kingdee-port}; 0 = free). */
    private static void startOn(SandboxCredentials creds, QimenSimulator qimen, KingdeeSimulator kingdee) {
        String key = SandboxCredentials.QIMEN_PORT;
        try {
            qimen.start(creds.qimenPort());
            key = SandboxCredentials.KINGDEE_PORT;
            kingdee.start(creds.kingdeePort());
        } catch (IllegalStateException e) {
            qimen.close();
            kingdee.close();
            throw new com.wdtkingdee.sync.config.ConfigException(key, e.getMessage());
        }
    }

    /**
     * Prints the simulators' URLs and every (fake) credential, and writes them under the product's keys to
     * {@code sandbox.credentials-file} (default {@code ./data/sandbox/credentials.properties}).
     */
    private static void publishCredentials(ConfigSource config, SandboxCredentials creds, QimenSimulator qimen,
                                           KingdeeSimulator kingdee, PrintStream out) {
        Path file = Path.of(config.get("sandbox.credentials-file").orElse("./data/sandbox/credentials.properties"));
        try {
            creds.write(file, qimen.url(), kingdee.baseUrl());
        } catch (IOException e) {
            out.println("Sandbox: cannot write " + file + ": " + e.getMessage());
            file = null;
        }
        creds.print(out, qimen.url(), kingdee.baseUrl(), file);
    }

    private static Path stateDir(ConfigSource config) {
        return Path.of(config.get("sandbox.embedded-dir").orElse("./data/sandbox-pg"));
    }

    /**
     * After the settings are validated: empties the sandbox's state database with {@code fresh}, else keeps it and
     * says so. Nothing happens with {@code db.url} set.
     */
    public void prepareState(ConfigSource config, boolean fresh, PrintStream out) {
        if (config.get("db.url").isPresent()) {
            return;
        }
        Path dir = stateDir(config);
        if (fresh) {
            deleteRecursively(dir);
            out.println("Sandbox: state emptied (--fresh): " + dir);
        } else if (Files.exists(dir.resolve("PG_VERSION"))) {
            out.println("Sandbox: state kept from earlier runs in " + dir + " (checkpoint, customer registry, parked"
                    + " orders); --sandbox --fresh starts over");
        }
    }

    /** Prints the run in the product's words (read, filtered, new, existing, parked) and what to do next. */
    public void printSummary(SyncRuntime runtime, Settings settings, CycleOutcome outcome, PrintStream out) {
        String scheme = settings.sync().scheme();
        var customers = kingdee.customers();
        Map<String, Long> byOrg = new TreeMap<>(customers.stream()
                .collect(Collectors.groupingBy(KingdeeSimulator.SimCustomer::useOrg, Collectors.counting())));
        long allocated = customers.stream().filter(c -> c.allocatedOrgIds().contains(DISTRIBUTION_ORG_ID)).count();
        List<DeadLetter> dead = runtime.beans().deadLetters().open(scheme, null, null);
        var cycle = runtime.beans().runLog().lastCycle(scheme);
        out.println();
        out.println("==== Sandbox summary ====");
        out.println("demo orders seeded : " + seeded + " over the last 3 days (the 旺店通 simulator answered "
                + qimen.calls() + " call(s))");
        cycle.ifPresent(c -> {
            // every order read in exactly one bucket: read = filtered + parked + new + existing + already written
            // + repeated (the cycle's counts are its windows' sums)
            out.println("read               : " + c.orders() + " order(s) read from 旺店通 in " + outcome.windows()
                    + " window(s) from the checkpoint to now − sync.lag, each in one bucket below");
            out.println("  filtered         : " + c.filtered() + " (empty invoice title: no customer)");
            out.println("  parked           : " + c.deadLettered() + " (the order, or the customer it carried, is in the"
                    + " dead-letter table)");
            out.println("  new              : " + c.saved() + " (carried a customer created in 金蝶)");
            out.println("  existing         : " + c.existing() + " (carried a customer 金蝶 already had, found by lookup)");
            out.println("  already written  : " + c.alreadyWritten() + " (carried a customer an earlier run or window wrote)");
            out.println("  repeated         : " + c.repeated() + " (an earlier order of the window carried its customer)");
            out.println("  " + (c.counts().bucketsAddUp() ? "= " + c.counts().bucketed() + " (the buckets add up to read)"
                    : "≠ " + c.counts().bucketed() + ": " + (c.orders() - c.counts().bucketed())
                    + " order(s) in no bucket (a window failed?)"));
        });
        out.println("金蝶 now holds      : " + customers.size() + " customer(s) " + byOrg + ", allocated to "
                + DISTRIBUTION_ORG_ID + ": " + allocated);
        out.println("Kingdee calls      : BatchSave=" + kingdee.calls("BatchSave") + " Allocate="
                + kingdee.calls("Allocate") + " ExecuteBillQuery=" + kingdee.calls("ExecuteBillQuery")
                + " ValidateUser=" + kingdee.calls("ValidateUser"));
        out.println("dead letters       : " + dead.size() + " open in the dead-letter table");
        dead.stream().collect(Collectors.groupingBy(DeadLetter::reason, TreeMap::new, Collectors.counting()))
                .forEach((reason, n) -> out.println("   " + n + " × " + reason));
        out.println("cycle              : " + cycle.map(c -> runtime.beans().runLog().cycleNumber(scheme, c.id()))
                .map(n -> n + " of " + scheme + ", ").orElse("") + outcome.status() + ", " + outcome.windows() + " window(s)");
        if (robots != null) {
            List<com.wdtkingdee.sync.sandbox.RobotReceivers.Received> got =
                    robots.received(com.wdtkingdee.sync.sandbox.RobotReceivers.DINGTALK);
            out.println("chat alerts        : " + robots.received().size() + " message(s) to the sandbox robots"
                    + (got.isEmpty() ? "" : "; DingTalk " + (got.get(got.size() - 1).accepted()
                    ? "accepted (signature verified)" : "REFUSED") + ": " + got.get(got.size() - 1).text().split("\n")[0]));
        }
        out.println("=========================");
        printNextSteps(settings, dead, out);
    }

    /** {@code --sandbox --replay}: what 金蝶 holds now and what is still parked. */
    public void printReplaySummary(SyncRuntime runtime, Settings settings,
                                   com.wdtkingdee.sync.flow.DeadLetterReplayer.ReplayReport report, PrintStream out) {
        List<DeadLetter> dead = runtime.beans().deadLetters().open(settings.sync().scheme(), null, null);
        out.println("Sandbox: 金蝶 simulator now holds " + kingdee.customers().size() + " customer(s) written by this run;"
                + " parked: " + dead.size());
        if (!dead.isEmpty()) {
            printNextSteps(settings, dead, out);
        }
    }

    /** Commands that work as printed: the org rule that parks the demo orders of shop 0099, and the replay. */
    static void printNextSteps(Settings settings, List<DeadLetter> dead, PrintStream out) {
        java.util.regex.Pattern noRule = java.util.regex.Pattern.compile("no organisation rule for shop_no (\\S+)");
        java.util.SortedSet<String> shops = new java.util.TreeSet<>();
        for (DeadLetter d : dead) {
            java.util.regex.Matcher m = noRule.matcher(d.reason());
            if (m.find()) {
                shops.add(m.group(1));
            }
        }
        if (dead.isEmpty()) {
            out.println("Next steps: nothing is parked. Run it again (state is kept: only orders after the checkpoint"
                    + " are read), or start over with --sandbox --fresh --once.");
            return;
        }
        out.println("Next steps:");
        if (shops.isEmpty()) {
            out.println("  fix the cause named above, then replay the parked items:");
            out.println("    java -jar target/wdt-kingdee-sync.jar --sandbox --replay");
            return;
        }
        Map<String, List<String>> shopsByOrg = new TreeMap<>();
        settings.orgRule().orgByShop().forEach((shop, org) -> shopsByOrg.computeIfAbsent(org, o -> new java.util.ArrayList<>()).add(shop));
        String org = shopsByOrg.keySet().stream().findFirst().orElse("BZ");
        List<String> list = new java.util.ArrayList<>(shopsByOrg.getOrDefault(org, List.of()));
        list.addAll(shops);
        String rule = "-Dcustomer.org-rule." + org + "=" + String.join(",", list);
        out.println("  1. " + dead.size() + " order(s) are parked because shop " + String.join(", ", shops)
                + " has no organisation rule (listed above; table dead_letter).");
        out.println("  2. give the shop an organisation and replay the parked orders (expect exit 0):");
        out.println("       java " + rule + " -jar target/wdt-kingdee-sync.jar --sandbox --replay");
        out.println("  3. to keep the rule, set customer.org-rule." + org + " = " + String.join(",", list)
                + " in application.properties.");
    }

    public QimenSimulator qimen() {
        return qimen;
    }

    public KingdeeSimulator kingdee() {
        return kingdee;
    }

    /** The sandbox's chat robot receivers, or null when alert.* points at real robots. */
    public com.wdtkingdee.sync.sandbox.RobotReceivers robots() {
        return robots;
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
        if (robots != null) {
            robots.close();
        }
    }
}
