package com.wdtkingdee.sync.customer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BD_Customer fields the scheme writes, as declared in {@code application.properties}:
 * {@code customer.field.<KingdeeField> = <value>} where the value is
 * <ul>
 *   <li>a constant ({@code 来自旺店通});</li>
 *   <li>a Camel simple expression over the order ({@code ${body.invoiceTitle}}, {@code ${variable.title}});</li>
 *   <li>a base-data reference {@code ref:<constant or expression>}, written as {@code {"FNumber": …}}.</li>
 * </ul>
 * {@code {{other.key}}} inside a value is replaced by that setting (e.g. {@code ref:{{customer.group}}}).
 * The customer's identity is code, not configuration: {@code FNumber} (derived from the customer key) and
 * {@code FCUSTID} (0, a new customer) cannot be declared.
 */
public final class CustomerFields {

    /** Fields a BD_Customer row cannot do without. */
    public static final List<String> REQUIRED = List.of("FName", "FCreateOrgId", "FUseOrgId", "FGroup");
    /** Identity fields set by the code. */
    public static final Set<String> IDENTITY = Set.of("FNUMBER", "FCUSTID");
    /** Template order of the known fields; others follow in name order. */
    private static final List<String> ORDER = List.of("FCreateOrgId", "FUseOrgId", "FName", "FINVOICETITLE",
            "FTAXREGISTERCODE", "FGroup", "FTRADINGCURRID");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");

    /** How a field's value is produced. */
    public enum Kind { CONSTANT, EXPRESSION }

    /**
     * One declared field.
     *
     * @param name  the Kingdee field key
     * @param kind  constant or simple expression
     * @param text  the constant, or the expression text
     * @param ref   true for a base-data reference ({@code {"FNumber": value}})
     */
    public record Field(String name, Kind kind, String text, boolean ref) {
    }

    /** A declared value that cannot be used; {@link #key()} names the setting. */
    public static final class Invalid extends IllegalArgumentException {
        private final String key;

        public Invalid(String key, String message) {
            super(message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final List<Field> fields;

    private CustomerFields(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /**
     * @param declared {@code customer.field.*} entries, keys without the prefix
     * @param settings looks up {@code {{key}}} placeholders
     * @throws Invalid naming the first key that cannot be used
     */
    public static CustomerFields parse(Map<String, String> declared, Function<String, String> settings) {
        List<Field> out = new ArrayList<>();
        Map<String, Field> byUpper = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : declared.entrySet()) {
            String name = e.getKey().strip();
            String key = "customer.field." + name;
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new Invalid(key, "'" + name + "' is not a Kingdee field key");
            }
            if (IDENTITY.contains(name.toUpperCase(Locale.ROOT))) {
                throw new Invalid(key, name + " is the customer's identity, set by the sync (FNumber is derived from"
                        + " the use organisation and the invoice title); it cannot be mapped");
            }
            String raw = e.getValue() == null ? "" : e.getValue().strip();
            if (raw.isEmpty()) {
                continue; // an empty value switches a field off
            }
            String value = resolve(key, raw, settings);
            boolean ref = value.startsWith("ref:");
            String text = ref ? value.substring(4).strip() : value;
            if (ref && text.isEmpty()) {
                throw new Invalid(key, "'ref:' needs a base-data number or an expression, e.g. ref:B11");
            }
            Kind kind = text.contains("${") ? Kind.EXPRESSION : Kind.CONSTANT;
            if (kind == Kind.CONSTANT && text.contains("$") && text.contains("{") && !text.contains("${")) {
                throw new Invalid(key, "unknown value syntax '" + raw + "': expressions are written ${…}");
            }
            if (kind == Kind.EXPRESSION && count(text, "${") > count(text, "}")) {
                throw new Invalid(key, "unclosed expression in '" + raw + "': expected ${…}");
            }
            Field f = new Field(name, kind, text, ref);
            if (byUpper.put(name.toUpperCase(Locale.ROOT), f) != null) {
                throw new Invalid(key, "field " + name + " is declared twice (keys differ only in case)");
            }
            out.add(f);
        }
        for (String required : REQUIRED) {
            if (!byUpper.containsKey(required.toUpperCase(Locale.ROOT))) {
                throw new Invalid("customer.field." + required, "required BD_Customer field " + required
                        + " is not mapped (set customer.field." + required + ")");
            }
        }
        out.sort((a, b) -> {
            int ia = ORDER.indexOf(a.name());
            int ib = ORDER.indexOf(b.name());
            if (ia >= 0 || ib >= 0) {
                return Integer.compare(ia < 0 ? Integer.MAX_VALUE : ia, ib < 0 ? Integer.MAX_VALUE : ib);
            }
            return a.name().compareTo(b.name());
        });
        return new CustomerFields(out);
    }

    /** The fields in the order they are written. */
    public List<Field> fields() {
        return Collections.unmodifiableList(fields);
    }

    private static String resolve(String key, String raw, Function<String, String> settings) {
        Matcher m = PLACEHOLDER.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            String v = settings.apply(name);
            if (v == null) {
                throw new Invalid(key, "unknown setting {{" + name + "}} in '" + raw + "'");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerFields other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
