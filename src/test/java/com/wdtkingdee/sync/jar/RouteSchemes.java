package com.wdtkingdee.sync.jar;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Camel YAML route file needs from the jar: the endpoint schemes of every {@code uri}, {@code to},
 * {@code toD}, {@code from}, {@code enrich}, {@code pollEnrich}, {@code wireTap}, {@code recipientList}, …
 * (placeholders resolved from the settings) and the data formats of {@code marshal} / {@code unmarshal}. Each
 * needs a {@code META-INF/services/org/apache/camel/component/<scheme>} (or {@code …/dataformat/<name>}) in the jar.
 *
 * <p>A URI that starts with a setting naming a URL ({@code {{kingdee.url}}…}, {@code {{wdt.url}}}) needs http and
 * https (the operator chooses); so does a URI computed at run time ({@code ${exchangeProperty.alertOrigin}}, the
 * chat robots' webhooks).
 */
final class RouteSchemes {

    /** A need of a route file: {@code kind} is "component" or "dataformat". */
    record Need(String file, String kind, String name, String where) {
        @Override
        public String toString() {
            return file + ": " + where + " needs the " + kind + " '" + name + "'";
        }
    }

    /** Keys whose scalar value is an endpoint URI (a step's shorthand, e.g. {@code - to: direct:x}). */
    static final Set<String> ENDPOINT_KEYS = Set.of("uri", "to", "toD", "from", "enrich", "pollEnrich", "poll",
            "wireTap", "recipientList", "routingSlip", "dynamicRouter", "interceptFrom", "interceptSendToEndpoint",
            "deadLetterUri");
    /** EIPs whose endpoint is an expression ({@code enrich: {constant: direct:x}}). */
    static final Set<String> EXPRESSION_ENDPOINTS = Set.of("enrich", "pollEnrich", "recipientList", "routingSlip",
            "dynamicRouter", "toD");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::([^}]*))?}}");
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    private RouteSchemes() {
    }

    /**
     * The needs of one route file.
     *
     * @param settings the value of a setting ({@code application.properties}), null when it has none
     */
    static List<Need> needs(String file, String yaml, Function<String, String> settings) {
        List<Need> needs = new ArrayList<>();
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        walk(file, doc, null, settings, needs);
        return needs;
    }

    /** The needs the jar's services do not serve, as sentences (empty: the jar carries everything). */
    static List<String> missing(List<Need> needs, Set<String> components, Set<String> dataformats) {
        Set<String> out = new LinkedHashSet<>();
        for (Need n : needs) {
            Set<String> served = "component".equals(n.kind()) ? components : dataformats;
            if (!served.contains(n.name())) {
                out.add(n + ", which no META-INF/services/org/apache/camel/" + n.kind() + "/" + n.name()
                        + " in the jar serves");
            }
        }
        return new ArrayList<>(out);
    }

    static Set<String> names(List<Need> needs, String kind) {
        Set<String> s = new TreeSet<>();
        needs.stream().filter(n -> n.kind().equals(kind)).forEach(n -> s.add(n.name()));
        return s;
    }

    private static void walk(String file, Object node, String key, Function<String, String> settings, List<Need> needs) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                Object v = e.getValue();
                // the REST DSL: its verbs are rest: endpoints (camel-rest), served by the component the
                // restConfiguration names, with the binding's data format
                if ("rest".equals(k) && v instanceof Map<?, ?>) {
                    needs.add(new Need(file, "component", "rest", "rest: (REST DSL verbs)"));
                }
                if ("restConfiguration".equals(k) && v instanceof Map<?, ?> rc) {
                    needs.add(new Need(file, "component", "rest", "restConfiguration"));
                    if (rc.get("component") instanceof String c) {
                        needs.add(new Need(file, "component", c, "restConfiguration component: " + c));
                    }
                    if (rc.get("bindingMode") instanceof String b && !"off".equals(b)) {
                        needs.add(new Need(file, "dataformat", "jackson", "restConfiguration bindingMode: " + b));
                    }
                }
                if (ENDPOINT_KEYS.contains(k) && v instanceof String uri) {
                    endpoint(file, k, uri, settings, needs);
                }
                if (EXPRESSION_ENDPOINTS.contains(k) && v instanceof Map<?, ?> eip) {
                    Object expression = eip.get("expression") instanceof Map<?, ?> x ? x : eip;
                    if (expression instanceof Map<?, ?> x && x.get("constant") instanceof String c) {
                        for (String uri : c.split(",")) {
                            endpoint(file, k, uri.trim(), settings, needs);
                        }
                    }
                    if (expression instanceof Map<?, ?> x && x.get("simple") instanceof String s) {
                        endpoint(file, k, s.trim(), settings, needs);
                    }
                }
                if (("marshal".equals(k) || "unmarshal".equals(k)) && v instanceof Map<?, ?> format) {
                    for (Map.Entry<?, ?> f : format.entrySet()) {
                        String name = String.valueOf(f.getKey());
                        if ("json".equals(name)) {
                            Object library = f.getValue() instanceof Map<?, ?> o ? o.get("library") : null;
                            name = library == null ? "jackson" : String.valueOf(library).toLowerCase(java.util.Locale.ROOT);
                        }
                        needs.add(new Need(file, "dataformat", name, k + ": " + f.getKey()));
                    }
                }
                walk(file, v, k, settings, needs);
            }
        } else if (node instanceof List<?> list) {
            for (Object o : list) {
                walk(file, o, key, settings, needs);
            }
        }
    }

    private static void endpoint(String file, String key, String uri, Function<String, String> settings, List<Need> needs) {
        String where = key + ": " + uri;
        if (uri.startsWith("${")) {
            // computed at run time (the alert robots' webhooks): http or https
            needs.add(new Need(file, "component", "http", where));
            needs.add(new Need(file, "component", "https", where));
            return;
        }
        Matcher lead = Pattern.compile("^\\{\\{([^}:]+)(?::[^}]*)?}}").matcher(uri);
        if (lead.find() && lead.group(1).endsWith("url")) {
            // a URL the operator sets ({{kingdee.url}}…, {{wdt.url}}): http or https
            needs.add(new Need(file, "component", "http", where));
            needs.add(new Need(file, "component", "https", where));
            return;
        }
        String resolved = resolve(uri, settings);
        Matcher m = SCHEME.matcher(resolved);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": " + where + ": no endpoint scheme in '" + resolved + "'");
        }
        needs.add(new Need(file, "component", m.group(1), where));
    }

    /** {@code {{key}}} and {@code {{key:default}}} from the settings; an unknown key without default fails. */
    static String resolve(String text, Function<String, String> settings) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = settings.apply(m.group(1));
            if (v == null) {
                v = m.group(2);
            }
            if (v == null) {
                throw new IllegalArgumentException("no setting " + m.group(1) + " for " + text);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
