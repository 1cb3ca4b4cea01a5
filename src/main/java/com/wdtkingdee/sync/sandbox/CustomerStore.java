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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory {@code BD_Customer} table of the Kingdee simulator and the operations on it: BatchSave, Save,
 * ExecuteBillQuery, Allocate, View, Submit, Audit, UnAudit and Delete. An allocated copy is a row of its own (same FNumber, own FCUSTID, use org = the
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
    private double lockProbability;
    private Random lockRandom;
    private int lockedRows;
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
            if (lockRandom != null && row.isObject() && lockRandom.nextDouble() < lockProbability) {
                lockedRows++;
                errors.add(new RowError(null, "客户[" + text(field(row, "FNumber")) + "]已被锁定，请稍后重试", i, 11));
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

    /**
     * From now on each BatchSave row is, with {@code probability} (drawn from a {@link Random} seeded with
     * {@code seed}, in row order), answered with the per-DIndex lock error {@code 客户[number]已被锁定，请稍后重试}
     * (MsgCode 11) and not saved; the other rows of the batch run. Probability 0 switches it off.
     */
    synchronized void lockRows(double probability, long seed) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
        }
        lockProbability = probability;
        lockRandom = probability == 0.0 ? null : new Random(seed);
    }

    /** Rows answered with the lock error so far. */
    synchronized int lockedRows() {
        return lockedRows;
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

    // ---------------------------------------------------------------- Save

    /**
     * Save: one {@code Model} object, with the BatchSave rules (create with FCUSTID 0, update by FCUSTID with
     * NeedUpDateFields; a new customer is created unaudited, A, unless IsAutoSubmitAndAudit), answering
     * {@code Result.Id} and {@code Result.Number} beside the ResponseStatus (reference §4a: Save and Draft only).
     */
    synchronized ObjectNode save(JsonNode data) {
        JsonNode model = field(data, "Model");
        if (model == null || !model.isObject()) {
            return KingdeeReplies.error(8, "data 数据包中的参数 Model 必须是对象（Save）");
        }
        ObjectNode batch = data.deepCopy();
        for (Iterator<String> it = batch.fieldNames(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase("Model")) {
                it.remove();
            }
        }
        batch.putArray("Model").add(model);
        ObjectNode answer = batchSave(batch, false);
        ObjectNode inner = (ObjectNode) answer.get("Result");
        JsonNode success = inner.at("/ResponseStatus/SuccessEntitys/0");
        ObjectNode result = SimHttp.JSON.createObjectNode();
        result.set("ResponseStatus", inner.get("ResponseStatus"));
        if (success.isMissingNode()) {
            result.put("Id", "");
            result.put("Number", "");
        } else {
            result.set("Id", success.get("Id"));
            result.set("Number", success.get("Number"));
        }
        result.set("NeedReturnData", inner.get("NeedReturnData"));
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.set("Result", result);
        return root;
    }

    // ---------------------------------------------------------------- Submit, Audit, UnAudit, Delete

    /** The status operations. */
    enum StatusOp { SUBMIT, AUDIT, UNAUDIT, DELETE }

    /** One target of a status operation: a customer, or one of its allocated copies. */
    private record Target(Cust cust, Copy copy, String label) {
        String status() {
            return copy != null ? copy.status() : cust.status;
        }
    }

    /**
     * Submit (A/D → B), Audit (B → C), UnAudit (C → D) or Delete (A/D/Z only) of the customers named by
     * {@code Numbers} (array or "a,b") and/or {@code Ids} ("1,2", a number or an array; an allocated copy's FCUSTID
     * names that copy). Per-DIndex outcome (Numbers first, then Ids): the others go on when one is refused
     * (MsgCode 11), or not found (MsgCode 10). {@code CreateOrgId} is accepted and not used to narrow the
     * lookup ([?] on a real server).
     */
    synchronized ObjectNode operate(StatusOp op, JsonNode data) {
        List<String> numbers = ids(field(data, "Numbers"));
        List<String> ids = ids(field(data, "Ids"));
        if (numbers.isEmpty() && ids.isEmpty()) {
            return KingdeeReplies.error(8, "data 数据包中的参数 Numbers 和 Ids 不能同时为空");
        }
        List<RowError> errors = new ArrayList<>();
        List<RowSuccess> successes = new ArrayList<>();
        List<ObjectNode> messages = new ArrayList<>();
        int i = 0;
        for (String number : numbers) {
            Cust c = customers.values().stream().filter(x -> x.number.equals(number)).findFirst().orElse(null);
            apply(op, c == null ? null : new Target(c, null, number), number, i++, errors, successes, messages);
        }
        for (String id : ids) {
            Target t = null;
            try {
                t = target(Long.parseLong(id));
            } catch (NumberFormatException ignored) {
                // reported as not found
            }
            apply(op, t, id, i++, errors, successes, messages);
        }
        int msgCode = errors.isEmpty() ? 0 : errors.stream().anyMatch(e -> e.msgCode() == 11) ? 11
                : errors.get(0).msgCode();
        ObjectNode root = KingdeeReplies.result(errors, successes, msgCode);
        ArrayNode success = (ArrayNode) root.at("/Result/ResponseStatus/SuccessMessages");
        messages.forEach(success::add);
        return root;
    }

    private Target target(long id) {
        Cust c = customers.get(id);
        if (c != null) {
            return new Target(c, null, c.number);
        }
        for (Cust x : customers.values()) {
            for (Copy copy : x.copies.values()) {
                if (copy.id() == id) {
                    return new Target(x, copy, x.number);
                }
            }
        }
        return null;
    }

    private void apply(StatusOp op, Target t, String key, int i, List<RowError> errors, List<RowSuccess> successes,
                       List<ObjectNode> messages) {
        if (t == null) {
            errors.add(new RowError(null, "未找到对应数据：编码或内码为[" + key + "]的客户不存在或已被删除", i, 10));
            return;
        }
        String status = t.status();
        String who = "编码为\"" + t.label() + "\"的客户";
        String refusal = switch (op) {
            case SUBMIT -> "B".equals(status) ? who + "，单据已经提交！"
                    : "C".equals(status) ? who + "，单据已经审核！" : null;
            case AUDIT -> "C".equals(status) ? who + "，单据已经审核！"
                    : !"B".equals(status) ? who + "，单据不是提交状态，不能审核！" : null;
            case UNAUDIT -> !"C".equals(status) ? who + "，单据不是审核状态，不能反审核！" : null;
            case DELETE -> "B".equals(status) || "C".equals(status)
                    ? who + "，单据已经提交或审核，不允许删除！" : null;
        };
        if (refusal != null) {
            errors.add(new RowError(null, refusal, i, 11));
            return;
        }
        long id = t.copy() != null ? t.copy().id() : t.cust().id;
        String done;
        switch (op) {
            case SUBMIT -> {
                setStatus(t, "B");
                done = "提交成功";
            }
            case AUDIT -> {
                setStatus(t, "C");
                done = "审核成功";
            }
            case UNAUDIT -> {
                setStatus(t, "D");
                done = "反审核成功";
            }
            default -> {
                if (t.copy() != null) {
                    t.cust().copies.remove(t.copy().orgId());
                } else {
                    customers.remove(t.cust().id);
                }
                done = "删除成功";
            }
        }
        successes.add(new RowSuccess(id, t.cust().number, i));
        ObjectNode m = SimHttp.JSON.createObjectNode();
        m.putNull("FieldName");
        m.put("Message", who + "，" + done + "！");
        m.put("DIndex", i);
        messages.add(m);
    }

    private static void setStatus(Target t, String status) {
        if (t.copy() != null) {
            t.cust().copies.put(t.copy().orgId(), new Copy(t.copy().id(), t.copy().orgId(), status));
        } else {
            t.cust().status = status;
        }
    }

    // ---------------------------------------------------------------- View

    /**
     * View by {@code Id} (FCUSTID, also of an allocated copy) or {@code Number}: {@code {"Result":{"ResponseStatus":
     * {…},"Result":{entity}}}} with View names (reference §4b: {@code Id}, {@code Number}, multilingual
     * {@code Name} as {@code [{"Key":2052,"Value":…}]}, referenced base data as nested objects with a sibling
     * {@code <Name>_Id}). The exact key set of a real BD_Customer View is [I]; not found is IsSuccess false with
     * MsgCode 10 and a null inner Result ([?]: the reference only says the inner Result is empty).
     *
     * @param baseData the base-data rows nested in the entity (organisations, group, currency)
     */
    synchronized ObjectNode view(JsonNode data, BaseDataTables baseData) {
        String number = text(field(data, "Number"));
        String idText = text(field(data, "Id"));
        Target t = null;
        if (!isBlank(idText) && !idText.strip().equals("0")) {
            try {
                t = target(Long.parseLong(idText.strip()));
            } catch (NumberFormatException ignored) {
                // not found below
            }
        } else if (!isBlank(number)) {
            Cust c = customers.values().stream().filter(x -> x.number.equals(number)).findFirst().orElse(null);
            t = c == null ? null : new Target(c, null, c.number);
        } else {
            return KingdeeReplies.error(8, "data 数据包中的参数 Number 和 Id 不能同时为空");
        }
        if (t == null) {
            ObjectNode root = KingdeeReplies.error(10, "未找到对应数据：编码或内码为["
                    + (isBlank(idText) ? number : idText) + "]的客户不存在或已被删除");
            ((ObjectNode) root.get("Result")).putNull("Result");
            return root;
        }
        Cust c = t.cust();
        ObjectNode e = SimHttp.JSON.createObjectNode();
        long id = t.copy() != null ? t.copy().id() : c.id;
        e.put("Id", id);
        e.put("msterID", c.id);
        e.put("DocumentStatus", t.status());
        e.put("ForbidStatus", "A");
        multilingual(e, "Name", c.name);
        e.put("Number", c.number);
        String useOrg = t.copy() != null ? orgNumbersById.getOrDefault(t.copy().orgId(), t.copy().orgId()) : c.useOrg;
        ref(e, "CreateOrgId", baseData, BaseDataTables.ORGANIZATIONS, "FOrgID", c.createOrg);
        ref(e, "UseOrgId", baseData, BaseDataTables.ORGANIZATIONS, "FOrgID", useOrg);
        e.put("INVOICETITLE", nz(c.title));
        e.put("TAXREGISTERCODE", nz(c.tax));
        ref(e, "FGroup", baseData, BaseDataTables.CUSTOMER_GROUPS, "FID", c.group);
        ref(e, "TRADINGCURRID", baseData, BaseDataTables.CURRENCIES, "FCURRENCYID", c.currency);
        ObjectNode root = KingdeeReplies.result(List.of(), List.of(), 0);
        ((ObjectNode) root.get("Result")).set("Result", e);
        return root;
    }

    private static void multilingual(ObjectNode o, String key, String value) {
        o.putArray(key).addObject().put("Key", 2052).put("Value", nz(value));
    }

    private static void ref(ObjectNode e, String key, BaseDataTables baseData, String formId, String idKey,
                            String number) {
        if (number == null) {
            e.put(key + "_Id", 0);
            e.putNull(key);
            return;
        }
        Map<String, Object> row = baseData.row(formId, number).orElse(Map.of());
        Object id = row.getOrDefault(idKey, 0);
        e.putPOJO(key + "_Id", id);
        ObjectNode ref = e.putObject(key);
        ref.putPOJO("Id", id);
        ref.putPOJO("msterID", id);
        multilingual(ref, "Name", String.valueOf(row.getOrDefault("FName", number)));
        ref.put("Number", number);
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
