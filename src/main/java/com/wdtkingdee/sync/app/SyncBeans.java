package com.wdtkingdee.sync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.flow.BatchWriter;
import com.wdtkingdee.sync.flow.CustomerBatchStrategy;
import com.wdtkingdee.sync.flow.CustomerMapping;
import com.wdtkingdee.sync.flow.OrgRuleProcessor;
import com.wdtkingdee.sync.flow.RetryLadder;
import com.wdtkingdee.sync.kingdee.KingdeeConnection;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import com.wdtkingdee.sync.flow.CycleMode;
import com.wdtkingdee.sync.flow.DryRunSink;
import com.wdtkingdee.sync.flow.Reconciler;
import com.wdtkingdee.sync.flow.DeadLetterParker;
import com.wdtkingdee.sync.flow.DeadLetterReplayer;
import com.wdtkingdee.sync.flow.OrderSteps;
import com.wdtkingdee.sync.flow.Payloads;
import com.wdtkingdee.sync.flow.SourcePager;
import com.wdtkingdee.sync.flow.SyncCycle;
import com.wdtkingdee.sync.flow.WindowRunner;
import com.wdtkingdee.sync.ops.SyncHealthChecks;
import com.wdtkingdee.sync.ops.SyncMetrics;
import com.wdtkingdee.sync.kingdee.KingdeeClientConfig;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.CustomerRegistry;
import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.SchemeLock;
import com.wdtkingdee.sync.wdt.CallRateLimiter;
import com.wdtkingdee.sync.wdt.Openapi2RequestBuilder;
import com.wdtkingdee.sync.wdt.QimenRequestBuilder;
import com.wdtkingdee.sync.wdt.WdtProtocol;
import com.wdtkingdee.sync.wdt.WdtCredentials;
import com.wdtkingdee.sync.wdt.WdtResponseParser;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the beans the YAML routes refer to (by name) from the validated settings and the database.
 * Nothing here decides anything; it only wires.
 */
public final class SyncBeans {

    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final SyncCycle syncCycle;
    private final CustomerRegistry registry;
    private final DeadLetterStore deadLetters;
    private final RunLog runLog;
    private final SyncMetrics metrics;
    private final KingdeeGateway gateway = new KingdeeGateway();
    private final KingdeeConnection kingdee;
    private final CustomerMapping customerMapping;
    private final com.wdtkingdee.sync.kingdee.KingdeeCircuit kingdeeCircuit;
    private final KingdeeReadiness readiness;

    public SyncBeans(Settings s, DataSource ds, Clock clock, CycleMode mode) {
        this(s, ds, clock, mode, System.out);
    }

    /** @param dryRunOut where {@code --dry-run} prints the Model rows it would send */
    public SyncBeans(Settings s, DataSource ds, Clock clock, CycleMode mode, java.io.PrintStream dryRunOut) {
        ObjectMapper json = new ObjectMapper();
        CheckpointStore checkpoints = new CheckpointStore(ds);
        runLog = new RunLog(ds);
        registry = new CustomerRegistry(ds);
        deadLetters = new DeadLetterStore(ds);
        Payloads payloads = new Payloads(json);

        Settings.Wdt w = s.wdt();
        WdtCredentials credentials = new WdtCredentials(w.appKey(), w.appSecret(), w.targetAppKey(), w.sid());
        WdtResponseParser parser = new WdtResponseParser(json);
        WdtProtocol protocol = "openapi2".equals(w.protocol())
                ? WdtProtocol.openapi2(new Openapi2RequestBuilder(credentials, s.sync().zone(), clock), parser)
                : WdtProtocol.qimen(new QimenRequestBuilder(credentials, s.sync().zone(), clock), parser);
        Map<String, String> business = new LinkedHashMap<>();
        business.put("status", w.status());
        business.put("shop_nos", w.shopNos());
        business.putAll(w.optionalParams());
        SourcePager pager = new SourcePager(protocol, CallRateLimiter.perMinute(w.callsPerMinute(), w.rateMargin()),
                s.sync().zone(), w.pageSize(),
                s.sync().maxPages(), business);

        Settings.Kingdee k = s.kingdee();
        kingdee = KingdeeConnection.create(new KingdeeClientConfig(k.url(), k.acctId(), k.username(),
                k.password(), k.lcid(), k.timeout().compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : k.timeout(),
                k.timeout(), k.auth(), k.appId(), k.appSecret(), k.orgNum()), json, clock);
        CustomerMapper mapper = new CustomerMapper(s.mapping());
        // console: organisation rules added in /console are consulted after customer.org-rule.*
        com.wdtkingdee.sync.customer.OrgRule orgRule = s.orgRule().withExtraRules(new com.wdtkingdee.sync.state.OrgRuleStore(ds)::orgFor);
        customerMapping = new CustomerMapping(mapper, s.mapping().fields());
        RetryLadder ladder = new RetryLadder(s.sync().deadLetterRetry(), clock);
        DeadLetterParker parker = new DeadLetterParker(deadLetters, s.sync().scheme(), payloads,
                (DeadLetterParker.CompleteNumbers) drafts -> registry.byNumbers(
                                drafts.stream().map(com.wdtkingdee.sync.customer.CustomerDraft::number).toList())
                        .values().stream()
                        .filter(r -> (r.status() == CustomerStatus.SAVED || r.status() == CustomerStatus.EXISTING)
                                && r.allocatedAt() != null)
                        .map(com.wdtkingdee.sync.state.CustomerRow::number)
                        .collect(java.util.stream.Collectors.toSet()), ladder);
        metrics = new SyncMetrics(checkpoints, deadLetters, s.sync().scheme(), clock);
        pager.listener(new SourcePager.Listener() {
            @Override
            public void call() {
                metrics.wdtCall();
            }

            @Override
            public void ban() {
                metrics.wdtBan();
            }
        });
        // one lock for the cycle, the re-scan and the retry ladder of this process, so that they take turns
        SchemeLock schemeLock = new SchemeLock(ds);
        syncCycle = new SyncCycle(s.sync(), checkpoints, runLog, deadLetters, schemeLock, clock, mode, s.sync().rescanSpan())
                .listener(metrics::cycle);

        DefaultAggregateController batchController = new DefaultAggregateController();
        beans.put("settings", s);
        beans.put("syncCycle", syncCycle);
        beans.put("windowRunner", new WindowRunner(runLog, s.sync().scheme(), s.sync().zone(),
                new WindowRunner.Paging(w.reversePaging(), w.countCheck(), w.rereads()))
                .batchController(batchController)
                .listener(metrics::window));
        beans.put("sourcePager", pager);
        beans.put("orderSteps", new OrderSteps());
        beans.put("orgRuleProcessor", new OrgRuleProcessor(orgRule));
        beans.put("writtenCustomers", new com.wdtkingdee.sync.flow.WrittenCustomers(orgRule,
                new com.wdtkingdee.sync.state.WrittenCustomerLookup(ds)));
        beans.put("customerMapping", customerMapping);
        beans.put("customerBatch", new CustomerBatchStrategy());
        beans.put("batchController", batchController);
        beans.put("batchWriterPool", new com.wdtkingdee.sync.flow.BatchWriterPool(k.writers(), s.sync().maxInFlight()));
        beans.put("batchWriter", new BatchWriter(registry, customerMapping::model, s.distributionOrg(),
                k.autoSubmitAudit(), json));
        beans.put("deadLetterReplayer", new DeadLetterReplayer(deadLetters, registry, schemeLock,
                s.sync().scheme(), payloads, orgRule, customerMapping, s.sync().batchSize()).ladder(ladder));
        beans.put("deadLetterParker", parker);
        beans.put("dryRunSink", new DryRunSink(customerMapping::model, json, dryRunOut));
        beans.put("reconciler", new Reconciler(gateway::query, registry, gateway::write, s.mapping(), s.sync().batchSize()));
        // the Kingdee session of routes/kingdee.camel.yaml: kingdeeSession, kingdeeCookies, kingdeeLogin,
        // kingdeeCallHeaders, kingdeeAnswers
        beans.putAll(kingdee.beans());
        metrics.kingdeeCalls(kingdee.statistics()::calls);
        // the circuit breaker of every Kingdee call (route kingdee-send, kingdee.circuit.*)
        kingdeeCircuit = new com.wdtkingdee.sync.kingdee.KingdeeCircuit(k.circuit());
        beans.put("kingdeeCircuit", kingdeeCircuit);
        beans.put(com.wdtkingdee.sync.kingdee.KingdeeCircuit.BREAKER_BEAN, kingdeeCircuit.breaker());
        metrics.kingdeeCircuit(kingdeeCircuit);
        // the start-up checks, and the gate before each cycle of a service started while Kingdee was down
        beans.put("startupChecks", new StartupChecks(s));
        readiness = new KingdeeReadiness(gateway::readiness, k.url(), k.startupCheckTimeout());
        if (!k.startupCheck()) {
            readiness.off();
        }
        beans.put("kingdeeReadiness", readiness);
        beans.put("stateDataSource", ds);
        beans.put("retryLog", new com.wdtkingdee.sync.flow.RetryLog(s.retry(), s.sync().zone()));
        beans.put("cycleAlerts", new com.wdtkingdee.sync.flow.CycleAlerts(s.sync().scheme(), clock));
        com.wdtkingdee.sync.alert.AlertBeans.register(beans, s.alerts(), clock);
        // console: live progress (page N of M) of the running window, for /console
        beans.put("windowProgress", new com.wdtkingdee.sync.console.WindowProgress(new com.wdtkingdee.sync.state.RunProgress(ds), w.pageSize()));
        beans.put("customerRegistry", registry);
        beans.put("deadLetterStore", deadLetters);
        beans.put("runLog", runLog);
        beans.put("healthDatabase", new SyncHealthChecks.DatabaseCheck(ds));
        beans.put("healthLastCycle", new SyncHealthChecks.LastCycleCheck(runLog, s.sync().scheme(), s.observe().maxCycleAge(), clock));
        beans.put("healthKingdeeSession", new SyncHealthChecks.KingdeeSessionCheck(kingdee.session(), kingdee.statistics()));
        beans.put("healthKingdee", new SyncHealthChecks.KingdeeCheck(readiness::state, readiness::failure, kingdeeCircuit));
        beans.put("healthWatch", new com.wdtkingdee.sync.ops.HealthWatch(s.sync().scheme(), kingdee.statistics(), clock));
    }

    /** The route-backed access of the command-line modes to Kingdee (start-up checks, reconcile). */
    public KingdeeGateway gateway() {
        return gateway;
    }

    public CustomerMapping customerMapping() {
        return customerMapping;
    }

    /** The start-up checks and the gate before each cycle. */
    public KingdeeReadiness readiness() {
        return readiness;
    }

    public com.wdtkingdee.sync.kingdee.KingdeeCircuit kingdeeCircuit() {
        return kingdeeCircuit;
    }

    public KingdeeConnection kingdee() {
        return kingdee;
    }

    public Map<String, Object> beans() {
        return beans;
    }

    public SyncCycle syncCycle() {
        return syncCycle;
    }

    public CustomerRegistry registry() {
        return registry;
    }

    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    public SyncMetrics metrics() {
        return metrics;
    }

    public RunLog runLog() {
        return runLog;
    }
}
