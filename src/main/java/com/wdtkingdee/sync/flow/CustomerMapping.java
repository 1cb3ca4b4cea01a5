package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerFields;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.customer.StockoutOrder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping step of the chain: an order (body) with its use organisation (property {@code useOrg}) becomes a
 * {@link CustomerDraft} whose BD_Customer fields are evaluated from {@code customer.field.*}
 * ({@link CustomerFields}). Expressions are Camel simple expressions over the order, compiled once at start
 * ({@link #compile}: a bad expression stops the start). Besides {@code ${body.<field>}} (the
 * {@link StockoutOrder} fields) they see the variables {@code title} (invoice title, cleaned), {@code taxCode}
 * (invoice content, cleaned), {@code useOrg}, {@code number} (the derived FNumber) and {@code shopNo}.
 */
public final class CustomerMapping {

    private final CustomerMapper mapper;
    private final CustomerFields fields;
    private volatile CamelContext context;
    private volatile List<Compiled> compiled;

    private record Compiled(CustomerFields.Field field, Expression expression) {
    }

    public CustomerMapping(CustomerMapper mapper, CustomerFields fields) {
        this.mapper = mapper;
        this.fields = fields;
    }

    /**
     * Compiles every expression with Camel's simple language.
     *
     * @throws ConfigException naming the {@code customer.field.*} key of an expression that does not compile
     */
    public synchronized void compile(CamelContext camel) {
        List<Compiled> out = new java.util.ArrayList<>();
        for (CustomerFields.Field f : fields.fields()) {
            Expression e = null;
            if (f.kind() == CustomerFields.Kind.EXPRESSION) {
                try {
                    e = camel.resolveLanguage("simple").createExpression(f.text());
                    e.init(camel);
                } catch (RuntimeException ex) {
                    throw new ConfigException("customer.field." + f.name(), "cannot compile expression '" + f.text()
                            + "': " + firstLine(ex.getMessage()));
                }
            }
            out.add(new Compiled(f, e));
        }
        this.context = camel;
        this.compiled = List.copyOf(out);
    }

    /** Route step: the order in the body → its customer draft with the mapped fields. */
    public CustomerDraft toCustomer(Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, "mapping");
        StockoutOrder order = exchange.getMessage().getBody(StockoutOrder.class);
        CustomerDraft draft = mapper.toCustomer(order, exchange.getProperty(OrderSteps.ORG_PROPERTY, String.class));
        return draft.withFields(evaluate(exchange, order, draft));
    }

    /**
     * The BatchSave {@code Model} row: FCUSTID 0 (a new customer), FNumber from the key, then the mapped fields.
     * A draft without mapped fields (read from an older dead letter) is mapped now from what it carries.
     */
    public Map<String, Object> model(CustomerDraft d) {
        Map<String, Object> f = d.fields().isEmpty() ? fieldsOf(d) : d.fields();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FCUSTID", 0);
        boolean numbered = false;
        for (Map.Entry<String, Object> e : f.entrySet()) {
            m.put(e.getKey(), e.getValue());
            if (!numbered && "FCreateOrgId".equals(e.getKey())) {
                m.put("FNumber", d.number());
                numbered = true;
            }
        }
        if (!numbered) {
            m.put("FNumber", d.number());
        }
        return m;
    }

    /** The fields of a draft that carries none: evaluated over an order rebuilt from the draft. */
    public Map<String, Object> fieldsOf(CustomerDraft d) {
        CamelContext camel = requireCompiled();
        StockoutOrder order = new StockoutOrder(d.stockoutId(), d.stockoutNo(), d.shopNo(), d.name(), d.taxCode(),
                null, null, null);
        Exchange x = new DefaultExchange(camel);
        x.setProperty(OrderSteps.ORG_PROPERTY, d.useOrg());
        return evaluate(x, order, d);
    }

    private Map<String, Object> evaluate(Exchange exchange, StockoutOrder order, CustomerDraft draft) {
        List<Compiled> list = compiled;
        if (list == null) {
            throw new IllegalStateException("the customer mapping is not compiled (CustomerMapping.compile at start)");
        }
        Object body = exchange.getMessage().getBody();
        exchange.getMessage().setBody(order);
        exchange.setVariable("title", draft.name());
        exchange.setVariable("taxCode", draft.taxCode());
        exchange.setVariable("useOrg", draft.useOrg());
        exchange.setVariable("number", draft.number());
        exchange.setVariable("shopNo", draft.shopNo());
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Compiled c : list) {
                String value = c.expression() == null ? c.field().text() : c.expression().evaluate(exchange, String.class);
                if (c.field().ref()) {
                    Map<String, Object> ref = new LinkedHashMap<>();
                    ref.put("FNumber", value);
                    out.put(c.field().name(), ref);
                } else {
                    out.put(c.field().name(), value);
                }
            }
            return out;
        } finally {
            exchange.getMessage().setBody(body);
        }
    }

    private CamelContext requireCompiled() {
        CamelContext c = context;
        if (c == null) {
            throw new IllegalStateException("the customer mapping is not compiled (CustomerMapping.compile at start)");
        }
        return c;
    }

    public CustomerFields fields() {
        return fields;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
