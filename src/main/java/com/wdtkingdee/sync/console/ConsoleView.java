package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerKey;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.state.Database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the overview shows of the configuration: every key in force with its value, secrets masked (a set secret
 * shows as {@code ****}, an unset one as empty), and the field mapping of BD_Customer as the mapper builds it.
 */
final class ConsoleView {

    static final String MASK = "****";

    private ConsoleView() {
    }

    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : MASK;
    }

    /** The configuration in force; an allow-list, so a key added later never shows unmasked by accident. */
    static Map<String, String> configuration(Settings s, ConsoleSettings console) {
        Map<String, String> m = new LinkedHashMap<>();
        Settings.Sync sync = s.sync();
        m.put("sync.scheme", sync.scheme());
        m.put("sync.cron", sync.cron());
        m.put("sync.initial-start", sync.initialStart() == null ? "" : Settings.ERP_TIME.format(sync.initialStart()));
        m.put("sync.lookback", sync.lookback().toString());
        m.put("sync.lag", sync.lag().toString());
        m.put("sync.max-window", sync.maxWindow().toString());
        m.put("sync.batch-size", Integer.toString(sync.batchSize()));
        m.put("sync.zone", sync.zone().getId());
        m.put("sync.max-pages", Integer.toString(sync.maxPages()));
        m.put("sync.rescan.cron", sync.rescanCron());
        m.put("sync.rescan.span", sync.rescanSpan().toString());
        m.put("sync.retry.max-redeliveries", Integer.toString(s.retry().maxRedeliveries()));
        m.put("sync.retry.delay-ms", Long.toString(s.retry().delayMs()));
        m.put("sync.retry.multiplier", Double.toString(s.retry().multiplier()));
        m.put("sync.retry.max-delay-ms", Long.toString(s.retry().maxDelayMs()));
        m.put("observe.enabled", Boolean.toString(s.observe().enabled()));
        m.put("observe.host", s.observe().host());
        m.put("observe.port", Integer.toString(s.observe().port()));
        m.put("observe.max-cycle-age", s.observe().maxCycleAge().toString());
        Settings.Wdt w = s.wdt();
        m.put("wdt.protocol", w.protocol());
        m.put("wdt.url", w.url());
        m.put("wdt.app-key", w.appKey());
        m.put("wdt.app-secret", mask(w.appSecret()));
        m.put("wdt.target-app-key", w.targetAppKey());
        m.put("wdt.sid", w.sid());
        m.put("wdt.status", w.status());
        m.put("wdt.shop-nos", w.shopNos());
        m.put("wdt.page-size", Integer.toString(w.pageSize()));
        m.put("wdt.calls-per-minute", Integer.toString(w.callsPerMinute()));
        m.put("wdt.timeout", w.timeout().toString());
        m.put("wdt.reverse-paging", Boolean.toString(w.reversePaging()));
        m.put("wdt.count-check", Boolean.toString(w.countCheck()));
        m.put("wdt.rereads", Integer.toString(w.rereads()));
        w.optionalParams().forEach((k, v) -> m.put("wdt." + k.replace('_', '-'), v));
        Settings.Kingdee k = s.kingdee();
        m.put("kingdee.url", k.url());
        m.put("kingdee.auth", k.auth().configName());
        m.put("kingdee.acct-id", k.acctId());
        m.put("kingdee.username", k.username());
        m.put("kingdee.password", mask(k.password()));
        // the AppID carries a secret part after its underscore (shaped <clientId>_<secret part>)
        m.put("kingdee.app-id", k.appId() == null || k.appId().isBlank() ? "" : k.appId().replaceAll("_.*", "_" + MASK));
        m.put("kingdee.app-secret", mask(k.appSecret()));
        m.put("kingdee.org-num", k.orgNum());
        m.put("kingdee.lcid", Integer.toString(k.lcid()));
        m.put("kingdee.timeout", k.timeout().toString());
        m.put("kingdee.auto-submit-audit", Boolean.toString(k.autoSubmitAudit()));
        m.put("kingdee.startup-check", Boolean.toString(k.startupCheck()));
        m.put("customer.group", s.mapping().group());
        m.put("customer.create-org", s.mapping().createOrg());
        m.put("customer.distribution-org", s.distributionOrg());
        m.put("customer.trading-currency", s.mapping().tradingCurrency());
        m.put("customer.number-prefix", s.mapping().numberPrefix());
        Map<String, List<String>> shopsByOrg = new LinkedHashMap<>();
        s.orgRule().orgByShop().forEach((shop, org) -> shopsByOrg.computeIfAbsent(org, o -> new ArrayList<>()).add(shop));
        shopsByOrg.forEach((org, shops) -> m.put("customer.org-rule." + org, String.join(",", shops)));
        Settings.Db db = s.db();
        m.put("db.url", db.embedded() ? "(embedded)" : Database.maskUrl(db.url()));
        m.put("db.username", db.username() == null ? "" : db.username());
        m.put("db.password", mask(db.password()));
        m.put("console.enabled", Boolean.toString(console.enabled()));
        m.put("console.token", mask(console.token()));
        m.put("console.allowed-hosts", String.join(",", console.allowedHosts()));
        return m;
    }

    /**
     * The BD_Customer fields as {@code customer.field.*} declares them (plus the identity the sync sets): each value
     * shows the constant it is, or the expression it comes from.
     */
    static List<Map<String, String>> mapping(com.wdtkingdee.sync.customer.CustomerFields fields, String numberPrefix) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(row("FCUSTID", "0 (a new customer)"));
        rows.add(row("FNumber", numberPrefix + "‹org›-‹16 hex of SHA-256(org, normalised title)›"));
        for (com.wdtkingdee.sync.customer.CustomerFields.Field f : fields.fields()) {
            rows.add(row(f.name(), f.ref() ? "{\"FNumber\": \"" + f.text() + "\"}" : f.text()));
        }
        return rows;
    }

    private static Map<String, String> row(String field, String value) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("field", field);
        row.put("value", value);
        return row;
    }
}
