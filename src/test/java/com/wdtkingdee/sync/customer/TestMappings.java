package com.wdtkingdee.sync.customer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The scheme's default mapping (as application.properties declares it), for tests. */
public final class TestMappings {

    private TestMappings() {
    }

    public static Map<String, String> defaultFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("FCreateOrgId", "ref:{{customer.create-org}}");
        f.put("FUseOrgId", "ref:${variable.useOrg}");
        f.put("FName", "${variable.title}");
        f.put("FINVOICETITLE", "${variable.title}");
        f.put("FTAXREGISTERCODE", "${variable.taxCode}");
        f.put("FGroup", "ref:{{customer.group}}");
        f.put("FTRADINGCURRID", "ref:{{customer.trading-currency}}");
        return f;
    }

    public static CustomerFields fields(Map<String, String> declared) {
        return CustomerFields.parse(declared, key -> switch (key) {
            case "customer.group" -> "B11";
            case "customer.create-org" -> "100";
            case "customer.trading-currency" -> "PRE001";
            default -> null;
        });
    }

    public static MappingConfig config() {
        return new MappingConfig("B11", "100", "PRE001", "WDT-", fields(defaultFields()));
    }
}
