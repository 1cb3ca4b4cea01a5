package com.wdtkingdee.sync.state;

import com.wdtkingdee.sync.customer.CustomerKey;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * One registry query for many customer keys: which of them are already written (saved or existing in Kingdee, and
 * allocated). The sync asks once per page, before its orders are batched, so that a batch carries only customers
 * that need a write.
 */
public final class WrittenCustomerLookup {

    private static final String SQL = "SELECT c.use_org, c.title_key FROM customer c"
            + " JOIN unnest(?::text[], ?::text[]) AS k(use_org, title_key)"
            + " ON c.use_org = k.use_org AND c.title_key = k.title_key"
            + " WHERE c.status IN ('SAVED', 'EXISTING') AND c.allocated_at IS NOT NULL";

    private final DataSource dataSource;

    public WrittenCustomerLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The ids ({@link CustomerKey#id()}) of the given keys that the registry holds as written and allocated. */
    public Set<String> writtenAmong(Collection<CustomerKey> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        String[] orgs = new String[keys.size()];
        String[] titles = new String[keys.size()];
        int i = 0;
        for (CustomerKey k : keys) {
            orgs[i] = k.useOrg();
            titles[i++] = k.titleKey();
        }
        return Jdbc.withConnection(dataSource, "look up " + keys.size() + " customer(s) in the registry", c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                Array a = c.createArrayOf("text", orgs);
                Array b = c.createArrayOf("text", titles);
                ps.setArray(1, a);
                ps.setArray(2, b);
                Set<String> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CustomerKey(rs.getString(1), rs.getString(2)).id());
                    }
                }
                return out;
            }
        });
    }
}
