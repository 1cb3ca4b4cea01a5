package com.wdtkingdee.sync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The customer registry ({@code customer}): one row per (use org, normalised invoice title)
 * with the customer's stable number, the target's FCUSTID and the send status.
 *
 * <p>A key's number is stored before anything is sent and never changes afterwards, so every
 * retry or replay of a write carries the same number. Registration is safe with several
 * threads or processes at once: the database's unique keys decide which number wins.
 */
public final class CustomerRegistry {

    private static final String COLUMNS = "id, use_org, title_key, number, fcustid, name, tax_code,"
            + " first_stockout_no, status, reason, allocated_at";

    private final DataSource dataSource;

    public CustomerRegistry(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The registry key of a customer: {@code useOrg + "|" + titleKey}. */
    public static String key(String useOrg, String titleKey) {
        return useOrg + "|" + titleKey;
    }

    /**
     * Registers every candidate whose key is new (status NEW, with the candidate's number and
     * stockout) and returns the stored rows of all the candidates' keys, keyed by
     * {@link #key(String, String)}. An existing key keeps its row and number. When the list
     * holds a key twice, the first candidate is the one registered.
     *
     * <p>A candidate whose key is new but whose number already belongs to another key is not
     * stored and is absent from the result (the caller decides what to do with it, e.g. park
     * it); this only happens if two keys produce the same number.
     */
    public Map<String, CustomerRow> register(List<CustomerCandidate> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            return Map.of();
        }
        Map<String, CustomerCandidate> firstPerKey = new LinkedHashMap<>();
        candidates.forEach(candidate -> firstPerKey.putIfAbsent(candidate.key(), candidate));
        // A stable order keeps concurrent registrations of overlapping keys from deadlocking.
        List<CustomerCandidate> ordered = new ArrayList<>(firstPerKey.values());
        ordered.sort(Comparator.comparing(CustomerCandidate::useOrg).thenComparing(CustomerCandidate::titleKey));
        return Jdbc.withConnection(dataSource, "register " + ordered.size() + " customers", c -> {
            Map<String, CustomerRow> byKey = insertNewAndRead(c, ordered);
            if (byKey.size() < ordered.size()) {
                // keys another transaction inserted after this statement's snapshot (it waited for them, then did
                // nothing), or numbers taken by another key: read once more with a fresh snapshot
                List<CustomerCandidate> missing = ordered.stream().filter(k -> !byKey.containsKey(k.key())).toList();
                byKey.putAll(rowsOf(c, missing));
            }
            return byKey;
        });
    }

    /**
     * One statement: inserts the new keys (status NEW) and returns the rows of all the keys. The inserted rows come
     * from {@code RETURNING}, the others from the table as the statement's snapshot sees it (a data-modifying
     * {@code WITH} is invisible to the rest of its statement, so no row comes twice). A key inserted by a concurrent
     * transaction after the snapshot is missing from the answer; {@link #register} reads those again.
     */
    private static Map<String, CustomerRow> insertNewAndRead(Connection c, List<CustomerCandidate> ordered)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "WITH u AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::text[]) WITH ORDINALITY AS u(use_org, title_key, number, name, tax_code, stockout_no,"
                        + " stockout_id, ord)),"
                        + " ins AS (INSERT INTO customer (use_org, title_key, number, name, tax_code,"
                        + " first_stockout_no, first_stockout_id, status, created_at, updated_at)"
                        + " SELECT u.use_org, u.title_key, u.number, u.name, u.tax_code, u.stockout_no,"
                        + " u.stockout_id, 'NEW', now(), now() FROM u ORDER BY u.ord"
                        + " ON CONFLICT DO NOTHING RETURNING " + COLUMNS + ")"
                        + " SELECT " + COLUMNS + " FROM ins"
                        + " UNION ALL SELECT " + COLUMNS + " FROM customer"
                        + " WHERE (use_org, title_key) IN (SELECT use_org, title_key FROM u)")) {
            ps.setArray(1, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::useOrg).toList()));
            ps.setArray(2, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::titleKey).toList()));
            ps.setArray(3, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::number).toList()));
            ps.setArray(4, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::name).toList()));
            ps.setArray(5, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::taxCode).toList()));
            ps.setArray(6, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::stockoutNo).toList()));
            ps.setArray(7, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::stockoutId).toList()));
            return byKey(ps);
        }
    }

    private static Map<String, CustomerRow> rowsOf(Connection c, List<CustomerCandidate> ordered)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM customer"
                        + " WHERE (use_org, title_key) IN (SELECT * FROM unnest(?::text[], ?::text[]))")) {
            ps.setArray(1, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::useOrg).toList()));
            ps.setArray(2, Jdbc.textArray(c, ordered.stream().map(CustomerCandidate::titleKey).toList()));
            return byKey(ps);
        }
    }

    private static Map<String, CustomerRow> byKey(PreparedStatement ps) throws SQLException {
        Map<String, CustomerRow> byKey = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                CustomerRow row = row(rs);
                byKey.put(row.key(), row);
            }
        }
        return byKey;
    }

    /**
     * Marks rows SENDING before a write to the target, so that an unknown outcome is visible
     * after a crash. Only rows in NEW, FAILED or SENDING change; SAVED and EXISTING stay.
     */
    public void markSending(Collection<String> numbers) {
        Objects.requireNonNull(numbers, "numbers");
        if (numbers.isEmpty()) {
            return;
        }
        Jdbc.withConnection(dataSource, "mark " + numbers.size() + " customers SENDING", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE customer SET status = 'SENDING', updated_at = now()"
                            + " WHERE number = ANY(?::text[]) AND status IN ('NEW', 'FAILED', 'SENDING')")) {
                ps.setArray(1, Jdbc.textArray(c, numbers));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Forgets what the registry believed about customers that reconciliation found missing in the target
     * (deleted by hand, say): they return to NEW without an id or allocation, so the next write re-creates
     * them with their unchanged number.
     */
    public void markMissing(Collection<String> numbers) {
        Objects.requireNonNull(numbers, "numbers");
        if (numbers.isEmpty()) {
            return;
        }
        Jdbc.withConnection(dataSource, "mark " + numbers.size() + " customers missing", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE customer SET status = 'NEW', fcustid = NULL, allocated_at = NULL,"
                            + " reason = 'missing in Kingdee at reconciliation', updated_at = now()"
                            + " WHERE number = ANY(?::text[])")) {
                ps.setArray(1, Jdbc.textArray(c, numbers));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records that the target saved the customer with this FCUSTID (status SAVED, reason cleared).
     *
     * @throws StateException if no customer has this number
     */
    public void markSaved(String number, String fcustid) {
        confirm(number, fcustid, CustomerStatus.SAVED);
    }

    /**
     * Records that the target already had the customer, with its FCUSTID (status EXISTING, reason cleared).
     *
     * @throws StateException if no customer has this number
     */
    public void markExisting(String number, String fcustid) {
        confirm(number, fcustid, CustomerStatus.EXISTING);
    }

    private void confirm(String number, String fcustid, CustomerStatus status) {
        Objects.requireNonNull(number, "number");
        update("mark customer " + number + " " + status,
                "UPDATE customer SET status = ?, fcustid = ?, reason = NULL, updated_at = now() WHERE number = ?",
                number, status.name(), fcustid, number);
    }

    /**
     * Batch form of {@link #markSaved} / {@link #markExisting}: one statement for many customers
     * ({@code number → FCUSTID}).
     */
    public void confirmAll(Map<String, String> fcustidByNumber, CustomerStatus status) {
        Objects.requireNonNull(fcustidByNumber, "fcustidByNumber");
        if (status != CustomerStatus.SAVED && status != CustomerStatus.EXISTING) {
            throw new IllegalArgumentException("confirmAll takes SAVED or EXISTING, not " + status);
        }
        if (fcustidByNumber.isEmpty()) {
            return;
        }
        List<String> numbers = new java.util.ArrayList<>(fcustidByNumber.keySet());
        List<String> ids = numbers.stream().map(fcustidByNumber::get).toList();
        Jdbc.withConnection(dataSource, "mark " + numbers.size() + " customers " + status, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE customer c SET status = ?, fcustid = u.id, reason = NULL, updated_at = now()"
                            + " FROM unnest(?::text[], ?::text[]) AS u(number, id) WHERE c.number = u.number")) {
                ps.setString(1, status.name());
                ps.setArray(2, Jdbc.textArray(c, numbers));
                ps.setArray(3, Jdbc.textArray(c, ids));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * {@link #confirmAll} and {@link #byNumbers} in one statement: records the confirmed customers and returns the
     * rows of all the given numbers as they are after it (the updated rows from {@code RETURNING}, the others as the
     * statement's snapshot sees them), keyed by number.
     *
     * @param numbers the numbers to read (usually the whole batch); the confirmed numbers are always read
     */
    public Map<String, CustomerRow> confirmAllAndRead(Map<String, String> fcustidByNumber, CustomerStatus status,
                                                      Collection<String> numbers) {
        Objects.requireNonNull(fcustidByNumber, "fcustidByNumber");
        Objects.requireNonNull(numbers, "numbers");
        if (status != CustomerStatus.SAVED && status != CustomerStatus.EXISTING) {
            throw new IllegalArgumentException("confirmAllAndRead takes SAVED or EXISTING, not " + status);
        }
        List<String> confirmed = new ArrayList<>(fcustidByNumber.keySet());
        List<String> ids = confirmed.stream().map(fcustidByNumber::get).toList();
        List<String> read = new ArrayList<>(numbers);
        List<CustomerRow> rows = Jdbc.withConnection(dataSource,
                "mark " + confirmed.size() + " customers " + status + " and read " + read.size(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH upd AS (UPDATE customer c SET status = ?, fcustid = u.id, reason = NULL, updated_at = now()"
                            + " FROM unnest(?::text[], ?::text[]) AS u(number, id) WHERE c.number = u.number"
                            + " RETURNING " + qualified("c") + ")"
                            + " SELECT " + COLUMNS + " FROM upd"
                            + " UNION ALL SELECT " + COLUMNS + " FROM customer"
                            + " WHERE number = ANY(?::text[]) AND number NOT IN (SELECT number FROM upd)")) {
                ps.setString(1, status.name());
                ps.setArray(2, Jdbc.textArray(c, confirmed));
                ps.setArray(3, Jdbc.textArray(c, ids));
                ps.setArray(4, Jdbc.textArray(c, read));
                List<CustomerRow> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(row(rs));
                    }
                }
                return found;
            }
        });
        Map<String, CustomerRow> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.number(), r));
        return out;
    }

    private static String qualified(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** The rows of these numbers, in one query. */
    public Map<String, CustomerRow> byNumbers(Collection<String> numbers) {
        Objects.requireNonNull(numbers, "numbers");
        Map<String, CustomerRow> out = new java.util.LinkedHashMap<>();
        if (numbers.isEmpty()) {
            return out;
        }
        List<String> list = new ArrayList<>(numbers);
        List<CustomerRow> rows = Jdbc.withConnection(dataSource, "read " + list.size() + " customers", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM customer WHERE number = ANY(?::text[])")) {
                ps.setArray(1, Jdbc.textArray(c, list));
                List<CustomerRow> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(row(rs));
                    }
                }
                return found;
            }
        });
        rows.forEach(r -> out.put(r.number(), r));
        return out;
    }

    /**
     * Records that the target refused the customer (status FAILED with the reason). A customer
     * already SAVED or EXISTING keeps that status: a later refusal does not undo a confirmed save.
     *
     * @throws StateException if no customer has this number
     */
    public void markFailed(String number, String reason) {
        Objects.requireNonNull(number, "number");
        update("mark customer " + number + " FAILED",
                "UPDATE customer SET"
                        + " reason = CASE WHEN status IN ('SAVED', 'EXISTING') THEN reason ELSE ? END,"
                        + " status = CASE WHEN status IN ('SAVED', 'EXISTING') THEN status ELSE 'FAILED' END,"
                        + " updated_at = now() WHERE number = ?",
                number, reason, number);
    }

    /**
     * Batch form of {@link #markFailed}: one statement for many customers ({@code number → reason}); customers
     * already SAVED or EXISTING keep that status and reason. Unknown numbers are ignored.
     */
    public void markAllFailed(Map<String, String> reasonByNumber) {
        Objects.requireNonNull(reasonByNumber, "reasonByNumber");
        if (reasonByNumber.isEmpty()) {
            return;
        }
        List<String> numbers = new ArrayList<>(reasonByNumber.keySet());
        List<String> reasons = numbers.stream().map(reasonByNumber::get).toList();
        Jdbc.withConnection(dataSource, "mark " + numbers.size() + " customers FAILED", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE customer c SET"
                            + " reason = CASE WHEN c.status IN ('SAVED', 'EXISTING') THEN c.reason ELSE u.reason END,"
                            + " status = CASE WHEN c.status IN ('SAVED', 'EXISTING') THEN c.status ELSE 'FAILED' END,"
                            + " updated_at = now()"
                            + " FROM unnest(?::text[], ?::text[]) AS u(number, reason) WHERE c.number = u.number")) {
                ps.setArray(1, Jdbc.textArray(c, numbers));
                ps.setArray(2, Jdbc.textArray(c, reasons));
                return ps.executeUpdate();
            }
        });
    }

    /** Records that these customers were allocated to the distribution org (first time kept). */
    public void markAllocated(Collection<String> numbers) {
        Objects.requireNonNull(numbers, "numbers");
        if (numbers.isEmpty()) {
            return;
        }
        Jdbc.withConnection(dataSource, "mark " + numbers.size() + " customers allocated", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE customer SET allocated_at = COALESCE(allocated_at, now()), updated_at = now()"
                            + " WHERE number = ANY(?::text[])")) {
                ps.setArray(1, Jdbc.textArray(c, numbers));
                return ps.executeUpdate();
            }
        });
    }

    /** The customer with this number, if any. */
    public Optional<CustomerRow> byNumber(String number) {
        Objects.requireNonNull(number, "number");
        List<CustomerRow> rows = query("read customer " + number,
                "SELECT " + COLUMNS + " FROM customer WHERE number = ?", number);
        return rows.stream().findFirst();
    }

    /** All customers, oldest first. */
    public List<CustomerRow> all() {
        return query("read all customers", "SELECT " + COLUMNS + " FROM customer ORDER BY id");
    }

    /** Customers with this status, oldest first (e.g. SENDING rows left by a crash). */
    public List<CustomerRow> byStatus(CustomerStatus status) {
        Objects.requireNonNull(status, "status");
        return query("read " + status + " customers",
                "SELECT " + COLUMNS + " FROM customer WHERE status = ? ORDER BY id", status.name());
    }

    /** Number of customers per status; every status is present (zero if none). */
    public Map<CustomerStatus, Long> countByStatus() {
        return Jdbc.withConnection(dataSource, "count customers by status", c -> {
            Map<CustomerStatus, Long> counts = new EnumMap<>(CustomerStatus.class);
            for (CustomerStatus status : CustomerStatus.values()) {
                counts.put(status, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status, count(*) FROM customer GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(CustomerStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    private void update(String what, String sql, String number, String... parameters) {
        int updated = Jdbc.withConnection(dataSource, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new StateException("could not " + what + ": no customer has number " + number);
        }
    }

    private List<CustomerRow> query(String what, String sql, String... parameters) {
        return Jdbc.withConnection(dataSource, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                List<CustomerRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
                return rows;
            }
        });
    }

    private static CustomerRow row(ResultSet rs) throws SQLException {
        return new CustomerRow(rs.getLong("id"), rs.getString("use_org"), rs.getString("title_key"),
                rs.getString("number"), rs.getString("fcustid"), rs.getString("name"), rs.getString("tax_code"),
                rs.getString("first_stockout_no"), CustomerStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), Jdbc.getInstant(rs, "allocated_at"));
    }
}
