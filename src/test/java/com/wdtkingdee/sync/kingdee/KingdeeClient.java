package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Test harness: the real Kingdee routes ({@code routes/kingdee.camel.yaml}) with the real session beans
 * ({@link KingdeeConnection}) in a Camel context of their own, behind the call API the protocol tests use. Every
 * call goes through the camel-http endpoints of the YAML file.
 */
public final class KingdeeClient implements AutoCloseable {

    private final KingdeeClientConfig config;
    private final KingdeeConnection kingdee;
    private final KingdeeSession session;
    private final KingdeeRequests requests;
    private final CamelContext camel;
    private final ProducerTemplate template;

    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper) {
        this(config, mapper, Clock.systemUTC());
    }

    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper, Clock clock) {
        this(config, mapper, clock, () -> java.util.UUID.randomUUID().toString().replace("-", ""));
    }

    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper, Clock clock, Supplier<String> nonces) {
        this.config = config;
        this.kingdee = KingdeeConnection.create(config, mapper, clock, nonces);
        this.session = kingdee.session();
        this.requests = new KingdeeRequests(mapper);
        try {
            camel = new DefaultCamelContext();
            Properties p = new Properties();
            String url = config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/";
            p.setProperty("kingdee.url", url);
            p.setProperty("kingdee.auth", config.auth().configName());
            p.setProperty("kingdee.timeout-ms", Long.toString(config.requestTimeout().toMillis()));
            p.setProperty("kingdee.connect-timeout-ms", Long.toString(config.connectTimeout().toMillis()));
            camel.getPropertiesComponent().setInitialProperties(p);
            kingdee.beans().forEach(camel.getRegistry()::bind);
            // the circuit breaker of the routes, switched off: these tests look at single calls
            KingdeeCircuit circuit = new KingdeeCircuit(new com.wdtkingdee.sync.config.Settings.Circuit(false, 50, 5, 10,
                    java.time.Duration.ofSeconds(30), 1));
            camel.getRegistry().bind("kingdeeCircuit", circuit);
            camel.getRegistry().bind(KingdeeCircuit.BREAKER_BEAN, circuit.breaker());
            Resource routes = ResourceHelper.resolveMandatoryResource(camel,
                    "file:" + Path.of("routes/kingdee.camel.yaml").toAbsolutePath());
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
            camel.start();
            template = camel.createProducerTemplate();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kingdee routes: " + e, e);
        }
    }

    public KingdeeClientConfig config() {
        return config;
    }

    public KingdeeAuthMode authMode() {
        return config.auth();
    }

    public KingdeeSession session() {
        return session;
    }

    /** Logs in through {@code direct:kingdee-login} (signed headers: only forgets the session). */
    public LoginResult login() {
        if (!config.auth().logsIn()) {
            session.invalidate();
            return new LoginResult(LoginResult.SUCCESS, "signed headers: no login call", null, true);
        }
        call("direct:kingdee-login", null);
        return new LoginResult(LoginResult.SUCCESS, null, null, true);
    }

    public String lastLoginError() {
        return kingdee.statistics().lastLoginError();
    }

    public boolean hasSession() {
        return session.hasSession();
    }

    public void invalidateSession() {
        session.invalidate();
    }

    public OperationResult batchSave(String formId, List<Map<String, Object>> models, boolean autoSubmitAndAudit) {
        return (OperationResult) call("direct:kingdee-batch-save", requests.batchSave(formId, models, autoSubmitAndAudit));
    }

    public OperationResult allocate(String formId, List<String> pkIds, List<String> targetOrgIds, boolean auto) {
        return (OperationResult) call("direct:kingdee-allocate", requests.allocate(formId, pkIds, targetOrgIds, auto));
    }

    @SuppressWarnings("unchecked")
    public List<List<JsonNode>> executeBillQuery(String formId, List<String> fieldKeys, String filter, int startRow,
                                                 int limit) {
        return (List<List<JsonNode>>) call("direct:kingdee-bill-query",
                requests.executeBillQuery(formId, fieldKeys, filter, startRow, limit));
    }

    private Object call(String uri, Object body) {
        Exchange x = template.request(uri, e -> e.getMessage().setBody(body));
        Exception e = x.getException();
        if (e != null) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new CamelExecutionException(e.getMessage(), x, e);
        }
        return x.getMessage().getBody();
    }

    @Override
    public void close() {
        try {
            camel.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
