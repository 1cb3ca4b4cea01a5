package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.ConsoleActionLog;
import com.wdtkingdee.sync.state.ConsoleQueries;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;

/** The beans {@code routes/console.camel.yaml} refers to (by name); bound only when the console is served. */
public final class ConsoleBeans {

    private ConsoleBeans() {
    }

    public static Map<String, Object> create(Settings settings, ConsoleSettings console, DataSource ds, Clock clock) {
        org.slf4j.LoggerFactory.getLogger(ConsoleBeans.class).info("Operator console at {}/console ({})",
                com.wdtkingdee.sync.ops.ObserveAddress.url(settings.observe()), console.hasToken()
                        ? "write actions need console.token" : "write actions open on loopback: console.token not set");
        return Map.of("consoleApi", new ConsoleApi(settings, console, new ConsoleQueries(ds), new ConsoleActionLog(ds),
                new OrgRuleStore(ds), new DeadLetterStore(ds), new CheckpointStore(ds), clock));
    }
}
