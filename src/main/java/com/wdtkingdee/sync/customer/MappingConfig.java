package com.wdtkingdee.sync.customer;

import java.util.Objects;

/**
 * Base-data numbers used by the mapping (all configuration, defaults from design section 1).
 *
 * @param group           FGroup number ({@code customer.group}, B11)
 * @param createOrg       FCreateOrgId number ({@code customer.create-org}, 100)
 * @param tradingCurrency FTRADINGCURRID number ({@code customer.trading-currency}, PRE001): required by Kingdee
 * @param numberPrefix    prefix of derived FNumbers ({@code customer.number-prefix}, WDT-)
 * @param fields          the BD_Customer fields written ({@code customer.field.*})
 */
public record MappingConfig(String group, String createOrg, String tradingCurrency, String numberPrefix,
                            CustomerFields fields) {
    public MappingConfig {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(createOrg, "createOrg");
        Objects.requireNonNull(tradingCurrency, "tradingCurrency");
        Objects.requireNonNull(numberPrefix, "numberPrefix");
        Objects.requireNonNull(fields, "fields");
    }
}
