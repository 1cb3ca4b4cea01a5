package com.wdtkingdee.sync.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Organisation rules added by an operator in the console ({@code org_rule}: shop_no → use org). The org rule step
 * consults them after the {@code customer.org-rule.*} properties, so a rule added here takes effect at the next
 * order or replay, without a restart.
 */
public final class OrgRuleStore {

    /** A stored rule. */
    public record Rule(String shopNo, String useOrg, String note, Instant createdAt, Instant updatedAt) {
    }

    private final DataSource dataSource;

    public OrgRuleStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The org of a shop, if an operator added a rule for it (shop compared exactly, after trimming). */
    public Optional<String> orgFor(String shopNo) {
        if (shopNo == null || shopNo.isBlank()) {
            return Optional.empty();
        }
        return Jdbc.withConnection(dataSource, "read the organisation rule of shop " + shopNo, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT use_org FROM org_rule WHERE shop_no = ?")) {
                ps.setString(1, shopNo.trim());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Adds the rule, or changes the org of an existing one. Shop and org are trimmed and must not be blank. */
    public Rule put(String shopNo, String useOrg, String note) {
        String shop = requireText(shopNo, "shop_no");
        String org = requireText(useOrg, "use org");
        return Jdbc.withConnection(dataSource, "save the organisation rule of shop " + shop, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO org_rule (shop_no, use_org, note) VALUES (?, ?, ?)"
                            + " ON CONFLICT (shop_no) DO UPDATE SET use_org = EXCLUDED.use_org, note = EXCLUDED.note,"
                            + " updated_at = now()"
                            + " RETURNING shop_no, use_org, note, created_at, updated_at")) {
                ps.setString(1, shop);
                ps.setString(2, org);
                ps.setString(3, note);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return row(rs);
                }
            }
        });
    }

    /** Removes the rule of a shop; false if there was none. */
    public boolean delete(String shopNo) {
        String shop = requireText(shopNo, "shop_no");
        return Jdbc.withConnection(dataSource, "delete the organisation rule of shop " + shop, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM org_rule WHERE shop_no = ?")) {
                ps.setString(1, shop);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Every rule added in the console, by shop. */
    public List<Rule> all() {
        return Jdbc.withConnection(dataSource, "read the organisation rules", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT shop_no, use_org, note, created_at, updated_at FROM org_rule ORDER BY shop_no");
                 ResultSet rs = ps.executeQuery()) {
                List<Rule> rules = new ArrayList<>();
                while (rs.next()) {
                    rules.add(row(rs));
                }
                return rules;
            }
        });
    }

    private static Rule row(ResultSet rs) throws java.sql.SQLException {
        return new Rule(rs.getString("shop_no"), rs.getString("use_org"), rs.getString("note"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value.trim();
    }
}
