package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the JSON request bodies of the WebAPI services as Jackson objects (the routes write them with camel-jackson's
 * {@code marshal}). Write operations send {@code data} as a JSON object,
 * serialised exactly once (never a string holding JSON). Key order follows the official templates.
 */
public final class KingdeeRequests {

    /** Largest {@code Limit} ExecuteBillQuery accepts. */
    public static final int MAX_QUERY_LIMIT = 10_000;

    private final ObjectMapper mapper;

    public KingdeeRequests(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** {@code {"parameters":[acctId,username,password,lcid]}}. The result contains the password: never log it. */
    public ObjectNode validateUser(String acctId, String username, String password, int lcid) {
        ObjectNode root = mapper.createObjectNode();
        root.putArray("parameters").add(req(acctId, "acctId")).add(req(username, "username"))
                .add(Objects.requireNonNull(password, "password")).add(lcid);
        return write(root);
    }

    /** {@code {"parameters":[acctId,username,appId,appSecret,lcid]}}. Contains the secret: never log it. */
    public ObjectNode loginByAppSecret(String acctId, String username, String appId, String appSecret, int lcid) {
        ObjectNode root = mapper.createObjectNode();
        root.putArray("parameters").add(req(acctId, "acctId")).add(req(username, "username"))
                .add(req(appId, "appId")).add(req(appSecret, "appSecret")).add(lcid);
        return write(root);
    }

    /**
     * {@code {"parameters":[acctId,username,appId,timestampSec,sign,lcid]}}; {@code sign} from
     * {@link LoginBySignSigner#sign}.
     */
    public ObjectNode loginBySign(String acctId, String username, String appId, long timestampSec, String sign,
                              int lcid) {
        ObjectNode root = mapper.createObjectNode();
        root.putArray("parameters").add(req(acctId, "acctId")).add(req(username, "username"))
                .add(req(appId, "appId")).add(timestampSec).add(req(sign, "sign")).add(lcid);
        return write(root);
    }

    /**
     * BatchSave body {@code {"formid":…,"data":{…options…,"Model":[…]}}}. Options: no {@code NeedUpDateFields},
     * return {@code FCUSTID} and {@code FNumber}, verify base-data references, server may reorder fields.
     * Pass models as insertion-ordered maps ({@code LinkedHashMap}): field order can matter to the server.
     *
     * @throws IllegalArgumentException if formId is blank or models is empty or holds a null model
     */
    public ObjectNode batchSave(String formId, List<Map<String, Object>> models, boolean autoSubmitAndAudit) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty");
        }
        ObjectNode root = mapper.createObjectNode();
        root.put("formid", req(formId, "formId"));
        ObjectNode data = root.putObject("data");
        data.putArray("NeedUpDateFields");
        data.putArray("NeedReturnFields").add("FCUSTID").add("FNumber");
        data.put("IsDeleteEntry", "true");
        data.put("SubSystemId", "");
        data.put("IsVerifyBaseDataField", "true");
        data.put("IsEntryBatchFill", "true");
        data.put("ValidateFlag", "true");
        data.put("NumberSearch", "true");
        data.put("IsAutoAdjustField", "true");
        data.put("InterationFlags", "");
        data.put("IgnoreInterationFlag", "true");
        data.put("IsAutoSubmitAndAudit", Boolean.toString(autoSubmitAndAudit));
        ArrayNode model = data.putArray("Model");
        for (Map<String, Object> m : models) {
            if (m == null) {
                throw new IllegalArgumentException("models must not contain null");
            }
            model.add(mapper.valueToTree(m));
        }
        return write(root);
    }

    /**
     * ExecuteBillQuery body {@code {"data":{"FormId","FieldKeys":"a,b","FilterString","OrderString":"",
     * "TopRowCount":0,"StartRow","Limit","SubSystemId":""}}}. A null filter is sent as {@code ""}.
     *
     * @throws IllegalArgumentException if limit is outside 1..10000, startRow is negative, formId is blank or
     *                                  fieldKeys is empty or holds a blank key
     */
    public ObjectNode executeBillQuery(String formId, List<String> fieldKeys, String filter, int startRow, int limit) {
        if (limit < 1 || limit > MAX_QUERY_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_QUERY_LIMIT + ", was " + limit);
        }
        if (startRow < 0) {
            throw new IllegalArgumentException("startRow must be >= 0, was " + startRow);
        }
        ObjectNode root = mapper.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("FormId", req(formId, "formId"));
        data.put("FieldKeys", joinRequired(fieldKeys, "fieldKeys"));
        data.put("FilterString", filter == null ? "" : filter);
        data.put("OrderString", "");
        data.put("TopRowCount", 0);
        data.put("StartRow", startRow);
        data.put("Limit", limit);
        data.put("SubSystemId", "");
        return write(root);
    }

    /**
     * Allocate body {@code {"formid":…,"data":{"PkIds":"1,2","TOrgIds":"100040","IsAutoSubmitAndAudit":"true"}}}.
     * {@code pkIds} are internal ids ({@code FCUSTID}), {@code targetOrgIds} organisation internal ids.
     *
     * @throws IllegalArgumentException if formId is blank or a list is empty or holds a blank value
     */
    public ObjectNode allocate(String formId, List<String> pkIds, List<String> targetOrgIds, boolean autoSubmitAndAudit) {
        ObjectNode root = mapper.createObjectNode();
        root.put("formid", req(formId, "formId"));
        ObjectNode data = root.putObject("data");
        data.put("PkIds", joinRequired(pkIds, "pkIds"));
        data.put("TOrgIds", joinRequired(targetOrgIds, "targetOrgIds"));
        data.put("IsAutoSubmitAndAudit", Boolean.toString(autoSubmitAndAudit));
        return write(root);
    }

    private static String joinRequired(List<String> values, String name) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " must not contain null or blank values");
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(v.strip());
        }
        return sb.toString();
    }

    private static String req(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static ObjectNode write(ObjectNode root) {
        return root;
    }
}
