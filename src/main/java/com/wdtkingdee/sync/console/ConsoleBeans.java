package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.ops.ObserveAddress;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.ConsoleActionLog;
import com.wdtkingdee.sync.state.ConsoleQueries;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The beans {@code routes/console.camel.yaml} refers to (by name), one job each; bound only when the console is
 * served.
 */
public final class ConsoleBeans {

    private ConsoleBeans() {
    }

    public static Map<String, Object> create(Settings settings, ConsoleSettings console, DataSource ds, Clock clock) {
        LoggerFactory.getLogger(ConsoleBeans.class).info("Operator console at {}/console ({})",
                ObserveAddress.url(settings.observe()), console.hasToken()
                        ? "write actions need console.token" : "write actions open on loopback: console.token not set");
        ConsoleQueries queries = new ConsoleQueries(ds);
        ConsoleActionLog actionLog = new ConsoleActionLog(ds);
        OrgRuleStore orgRules = new OrgRuleStore(ds);
        DeadLetterStore deadLetters = new DeadLetterStore(ds);
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("consoleJson", ConsoleJson.mapper(settings.sync().zone()));
        beans.put("consoleAssets", new ConsoleAssets());
        beans.put("consoleReads", new ConsoleReads(settings, console, queries, actionLog, orgRules, deadLetters,
                new CheckpointStore(ds), clock));
        beans.put("consoleGuard", ConsoleGuard.of(settings.observe().host(), settings.observe().port(), console.allowedHosts()));
        beans.put("consoleHeaderFilter", new ConsoleHeaderFilter());
        beans.put("consoleAuthorizer", new ConsoleAuthorizer(console, settings.observe().host(), clock));
        beans.put("consoleActions", new ConsoleActions(settings, orgRules, deadLetters));
        beans.put("consoleRetry", new ConsoleRetry(settings.sync().scheme(), queries));
        beans.put("consoleRetryTally", new RetryTally.Sum());
        beans.put("consoleRecorder", new ConsoleRecorder(actionLog));
        beans.put("consoleErrors", new ConsoleErrors());
        return beans;
    }
}
