package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.sandbox.KingdeeReplies.RowError;
import com.wdtkingdee.sync.sandbox.KingdeeReplies.RowSuccess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory {@code BD_Customer} table of the Kingdee simulator and the three operations on it: BatchSave,
 * ExecuteBillQuery and Allocate. An allocated copy is a row of its own (same FNumber, own FCUSTID, use org = the
 * target org), as in {@code T_BD_Customer}.
 */
final class CustomerStore {

    static final String FORM_ID = "BD_Customer";
    static final String DEADLOCK_MESSAGE = "数据库操作失败：事务(进程 ID 61)与另一个进程被死锁在 锁 资源上，"
            + "并且已被选作死锁牺牲品。请重新运行该事务。";

    /** Query field keys the simulator knows, by lower-case key. */
    private static final Map<String, String> FIELDS = new HashMap<>();

    static {
        for (String k : List.of("FCUSTID", "FNumber", "FName", "FTAXREGISTERCODE", "FINVOICETITLE",
                "FUseOrgId.FNumber", "FCreateOrgId.FNumber", "FGroup.FNumber", "FDocumentStatus", "FForbidStatus",
                "FUseOrgId", "FCreateOrgId", "FTRADINGCURRID.FNumber")) {
            FIELDS.put(k.toLowerCase(Locale.ROOT), k);
        }
    }

    private static final class Cust {
        long id;
        String number;
        String name;
        String useOrg;
        String createOrg;
        String group;
        String title;
        String tax;
        String currency;
        String status;
        final Map<String, Copy> copies = new LinkedHashMap<>();
    }

    private record Copy(long id, String orgId, String status) {
    }

    private final Set<String> orgNumbers;
    private final Map<String, String> orgIdsByNumber;
    private final Map<String, String> orgNumbersById = new HashMap<>();
    private final Set<String> groups;
    private final Set<String> currencies;
    private final Map<Long, Cust> customers = new TreeMap<>();
    private final Set<String> rejectedNames = new HashSet<>();
    private long nextId = 100_001;

    CustomerStore(Set<String> orgNumbers, Map<String, String> orgIdsByNumber, Set<String> groups,
                  Set<String> currencies) {
        this.orgNumbers = Set.copyOf(orgNumbers);
        this.orgIdsByNumber = Map.copyOf(orgIdsByNumber);
        orgIdsByNumber.forEach((number, id) -> orgNumbersById.put(id, number));
        this.groups = Set.copyOf(groups);
        this.currencies = Set.copyOf(currencies);
    }

    // ---------------------------------------------------------------- BatchSave

    synchronized ObjectNode batchSave(JsonNode data, boolean transientFirstRow) {
        JsonNode model = field(data, "Model");
        if (model == null || !model.isArray()) {
            return KingdeeReplies.error(8, "data 数据包中的参数 Model 必须是数组（BatchSave）");
        }
        boolean verify = bool(field(data, "IsVerifyBaseDataField"), false);
        boolean audit = bool(field(data, "IsAutoSubmitAndAudit"), false);
        List<String> needUpdate = strings(field(data, "NeedUpDateFields"));
        List<RowError> errors = new ArrayList<>();
        List<RowSuccess> successes = new ArrayList<>();
        List<Cust> saved = new ArrayList<>();
        Set<String> batchNumbers = new HashSet<>();
        for (int i = 0; i < model.size(); i++) {
            JsonNode row = model.get(i);
            if (transientFirstRow && i == 0) {
                errors.add(new RowError(null, DEADLOCK_MESSAGE, i, 6));
                continue;
            }
            List<RowError> rowErrors = new ArrayList<>();
            Cust c = row.isObject() ? validate(row, i, verify, needUpdate, batchNumbers, rowErrors) : null;
            if (!row.isObject()) {
                rowErrors.add(new RowError(null, "Model 中的数据包必须是对象", i, 8));
            }
            if (!rowErrors.isEmpty()) {
                errors.addAll(rowErrors);
                continue;
            }
            if (c.id == 0) {
                c.id = nextId++;
                c.status = audit ? "C" : "A";
                customers.put(c.id, c);
            }
            batchNumbers.add(c.number);
            successes.add(new RowSuccess(c.id, c.number, i));
            saved.add(c);
        }
        int msgCode = errors.stream().anyMatch(e -> e.msgCode() == 11) ? 11
                : errors.isEmpty() ? 0 : errors.get(0).msgCode();
        ObjectNode root = KingdeeReplies.result(errors, successes, msgCode);
        ArrayNode needReturnData = ((ObjectNode) root.get("Result")).putArray("NeedReturnData");
        List<String> needReturn = strings(field(data, "NeedReturnFields"));
        for (Cust c : saved) {
            ObjectNode o = needReturnData.addObject();
            Map<String, Object> values = values(c, null);
            for (String f : needReturn) {
                resolve(f).ifPresent(k -> o.putPOJO(f, values.get(k)));
            }
        }
        if (saved.isEmpty()) {
            needReturnData.addObject();
        }
        return root;
    }

    /** Validates one Model row; returns the new or updated (not yet stored if new) customer. */
    private Cust validate(JsonNode row, int i, boolean verify, List<String> needUpdate, Set<String> batchNumbers,
                          List<RowError> errors) {
        long custId = field(row, "FCUSTID") == null ? 0 : field(row, "FCUSTID").asLong(0);
        Cust existing = null;
        if (custId != 0) {
            existing = customers.get(custId);
            if (existing == null) {
                errors.add(new RowError("FCUSTID", "未找到对应数据：内码为" + custId + "的客户不存在", i, 10));
                return null;
            }
        }
        Cust c = new Cust();
        c.number = text(field(row, "FNumber"));
        c.name = text(field(row, "FName"));
        c.title = text(field(row, "FINVOICETITLE"));
        c.tax = text(field(row, "FTAXREGISTERCODE"));
        c.createOrg = ref(row, "FCreateOrgId", "创建组织", orgNumbers, verify, i, errors);
        c.useOrg = ref(row, "FUseOrgId", "使用组织", orgNumbers, verify, i, errors);
        c.group = ref(row, "FGroup", "客户分组", groups, verify, i, errors);
        c.currency = ref(row, "FTRADINGCURRID", "结算币别", currencies, verify, i, errors);
        if (existing != null) {
            return update(existing, c, row, needUpdate, batchNumbers, i, errors);
        }
        if (c.useOrg == null) {
            c.useOrg = c.createOrg;
        }
        if (isBlank(c.number)) {
            errors.add(new RowError("FNumber", "字段[编码]是必录字段", i, 11));
        } else if (numberTaken(c.number, batchNumbers, -1)) {
            errors.add(duplicate(c.number, i));
        }
        if (isBlank(c.name)) {
            errors.add(new RowError("FName", "字段[客户名称]是必录字段", i, 11));
        } else if (rejectedNames.contains(c.name.strip())) {
            errors.add(illegalName(c.name, i));
        }
        if (c.createOrg == null) {
            errors.add(new RowError("FCreateOrgId", "字段[创建组织]是必录字段", i, 11));
        }
        if (c.currency == null) {
            errors.add(new RowError("FTRADINGCURRID", "字段[结算币别]是必录字段", i, 11));
        }
        return c;
    }

    private Cust update(Cust existing, Cust c, JsonNode row, List<String> needUpdate, Set<String> batchNumbers,
                        int i, List<RowError> errors) {
        Set<String> fields = new HashSet<>();
        if (needUpdate.isEmpty()) {
            row.fieldNames().forEachRemaining(f -> fields.add(f.toLowerCase(Locale.ROOT)));
        } else {
            needUpdate.forEach(f -> fields.add(f.toLowerCase(Locale.ROOT)));
        }
        if (fields.contains("fnumber") && c.number != null && !c.number.equals(existing.number)
                && numberTaken(c.number, batchNumbers, existing.id)) {
            errors.add(duplicate(c.number, i));
        }
        if (fields.contains("fname") && isBlank(c.name)) {
            errors.add(new RowError("FName", "字段[客户名称]是必录字段", i, 11));
        } else if (fields.contains("fname") && rejectedNames.contains(c.name.strip())) {
            errors.add(illegalName(c.name, i));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        if (fields.contains("fnumber") && c.number != null) {
            existing.number = c.number;
        }
        if (fields.contains("fname")) {
            existing.name = c.name;
        }
        if (fields.contains("finvoicetitle")) {
            existing.title = c.title;
        }
        if (fields.contains("ftaxregistercode")) {
            existing.tax = c.tax;
        }
        if (fields.contains("fgroup")) {
            existing.group = c.group;
        }
        return existing;
    }

    private boolean numberTaken(String number, Set<String> batchNumbers, long exceptId) {
        return batchNumbers.contains(number)
                || customers.values().stream().anyMatch(x -> x.id != exceptId && x.number.equals(number));
    }

    /** Adds names that BatchSave rejects permanently (compared with the stripped FName). */
    synchronized void rejectNames(Set<String> names) {
        for (String n : names) {
            rejectedNames.add(n.strip());
        }
    }

    private static RowError illegalName(String name, int i) {
        return new RowError("FName", "客户名称[" + name + "]包含非法字符", i, 11);
    }

    private static RowError duplicate(String number, int i) {
        return new RowError("FNumber", "违反字段唯一性要求：编码唯一。[" + number + "]在当前系统中已经被使用。", i, 11);
    }

    /**
     * Reads a base-data reference {@code {"FNumber":…}} (key in any case). Unresolvable references are errors
     * when {@code verify}, and silently dropped otherwise (reference §4a).
     */
    private static String ref(JsonNode row, String fieldKey, String label, Set<String> known, boolean verify,
                              int i, List<RowError> errors) {
        JsonNode v = field(row, fieldKey);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            errors.add(new RowError(fieldKey, "字段[" + label + "]的值必须是基础资料数据包，如 {\"FNumber\":\"…\"}",
                    i, 11));
            return null;
        }
        String number = text(field(v, "FNumber"));
        if (isBlank(number)) {
            return null;
        }
        if (!known.contains(number)) {
            if (verify) {
                errors.add(new RowError(fieldKey, "字段[" + label + "]的值[" + number
                        + "]在基础资料中不存在，或未审核、已禁用。", i, 11));
            }
            return null;
        }
        return number;
    }

    // ---------------------------------------------------------------- ExecuteBillQuery

    /** The customer table (with allocated copies as rows of their own) for ExecuteBillQuery. */
    BillQueries.Table table() {
        return new BillQueries.Table() {
            @Override
            public Optional<String> resolve(String key) {
                return CustomerStore.resolve(key);
            }

            @Override
            public List<Map<String, Object>> rows() {
                synchronized (CustomerStore.this) {
                    return allRows();
                }
            }

            @Override
            public String idKey() {
                return "FCUSTID";
            }
        };
    }

    private List<Map<String, Object>> allRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cust c : customers.values()) {
            rows.add(values(c, null));
            for (Copy copy : c.copies.values()) {
                rows.add(values(c, copy));
            }
        }
        return rows;
    }

    /** The query values of a customer row, or of one of its allocated copies. */
    private Map<String, Object> values(Cust c, Copy copy) {
        Map<String, Object> m = new HashMap<>();
        String useOrg = copy == null ? c.useOrg : orgNumbersById.getOrDefault(copy.orgId(), copy.orgId());
        m.put("FCUSTID", copy == null ? c.id : copy.id());
        m.put("FNumber", c.number);
        m.put("FName", c.name);
        m.put("FTAXREGISTERCODE", nz(c.tax));
        m.put("FINVOICETITLE", nz(c.title));
        m.put("FUseOrgId.FNumber", useOrg);
        m.put("FCreateOrgId.FNumber", c.createOrg);
        m.put("FGroup.FNumber", nz(c.group));
        m.put("FDocumentStatus", copy == null ? c.status : copy.status());
        m.put("FForbidStatus", "A");
        m.put("FUseOrgId", orgId(useOrg));
        m.put("FCreateOrgId", orgId(c.createOrg));
        m.put("FTRADINGCURRID.FNumber", nz(c.currency));
        return m;
    }

    private Object orgId(String number) {
        String id = orgIdsByNumber.get(number);
        if (id == null) {
            return 0;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return id;
        }
    }

    static Optional<String> resolve(String key) {
        return Optional.ofNullable(FIELDS.get(key.toLowerCase(Locale.ROOT)));
    }

    // ---------------------------------------------------------------- Allocate

    synchronized ObjectNode allocate(JsonNode data) {
        List<String> pkIds = ids(field(data, "PkIds"));
        List<String> orgIds = ids(field(data, "TOrgIds"));
        if (pkIds.isEmpty()) {
            return KingdeeReplies.error(8, "data 数据包中的参数 PkIds 的值不能为空");
        }
        if (orgIds.isEmpty()) {
            return KingdeeReplies.error(8, "data 数据包中的参数 TOrgIds 的值不能为空");
        }
        for (String org : orgIds) {
            if (!orgNumbersById.containsKey(org)) {
                return KingdeeReplies.error(9, "目标组织内码[" + org + "]不存在");
            }
        }
        boolean audit = bool(field(data, "IsAutoSubmitAndAudit"), false);
        List<RowError> errors = new ArrayList<>();
        List<RowSuccess> successes = new ArrayList<>();
        for (int i = 0; i < pkIds.size(); i++) {
            String pk = pkIds.get(i);
            Cust c = null;
            try {
                c = customers.get(Long.parseLong(pk));
            } catch (NumberFormatException ignored) {
                // reported below as not found
            }
            if (c == null) {
                errors.add(new RowError(null, "未找到对应数据：内码为" + pk + "的客户不存在", i, 10));
                continue;
            }
            if (!"C".equals(c.status)) {
                errors.add(new RowError(null, "客户[" + c.number + "]未审核，不允许分配", i, 11));
                continue;
            }
            for (String org : orgIds) {
                String ownId = orgIdsByNumber.get(c.useOrg);
                if (!org.equals(ownId) && !c.copies.containsKey(org)) {
                    c.copies.put(org, new Copy(nextId++, org, audit ? "C" : "A"));
                }
            }
            successes.add(new RowSuccess(c.id, c.number, i));
        }
        int msgCode = errors.isEmpty() ? 0 : errors.get(0).msgCode();
        return KingdeeReplies.result(errors, successes, msgCode);
    }

    // ---------------------------------------------------------------- snapshots

    synchronized List<KingdeeSimulator.SimCustomer> snapshot() {
        List<KingdeeSimulator.SimCustomer> out = new ArrayList<>();
        for (Cust c : customers.values()) {
            out.add(new KingdeeSimulator.SimCustomer(Long.toString(c.id), c.number, c.name, c.useOrg, c.createOrg,
                    c.group, c.title, c.tax, c.currency, c.status, Set.copyOf(c.copies.keySet())));
        }
        return List.copyOf(out);
    }

    /** Stores an audited customer directly (test and demo set-up); returns its FCUSTID. */
    synchronized long seed(String number, String name, String useOrg, String createOrg, String group,
                           String invoiceTitle, String taxCode, String currency) {
        if (customers.values().stream().anyMatch(x -> x.number.equals(number))) {
            throw new IllegalArgumentException("number already used: " + number);
        }
        Cust c = new Cust();
        c.id = nextId++;
        c.number = number;
        c.name = name;
        c.useOrg = useOrg;
        c.createOrg = createOrg;
        c.group = group;
        c.title = invoiceTitle;
        c.tax = taxCode;
        c.currency = currency;
        c.status = "C";
        customers.put(c.id, c);
        return c.id;
    }

    // ---------------------------------------------------------------- JSON helpers

    /** Case-insensitive member lookup; {@code null} when absent. */
    static JsonNode field(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.asText();
    }

    /** Booleans may arrive as JSON booleans or as {@code "true"}/{@code "false"} strings. */
    static boolean bool(JsonNode v, boolean dflt) {
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        return dflt;
    }

    private static List<String> strings(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    /** {@code "1,2"}, {@code 1} or {@code [1,2]}. */
    private static List<String> ids(JsonNode v) {
        Set<String> out = new LinkedHashSet<>();
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText().trim()));
        } else {
            for (String s : v.asText().split(",")) {
                out.add(s.trim());
            }
        }
        out.remove("");
        return List.copyOf(out);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
