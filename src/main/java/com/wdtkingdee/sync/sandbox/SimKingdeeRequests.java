package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.wdtkingdee.sync.sandbox.CustomerStore.field;
import static com.wdtkingdee.sync.sandbox.CustomerStore.text;

/** The simulator's side (named apart from the product's kingdee.KingdeeRequests, which writes them): parsing of Kingdee WebAPI requests (envelopes, login parameters, session cookies) and login answers. */
final class SimKingdeeRequests {

    /** Session header of the official Java SDK. */
    static final String SID_HEADER = "SID";

    private SimKingdeeRequests() {
    }

    /** A data-operation request: its form id (may be null for ExecuteBillQuery) and its {@code data} object. */
    record Envelope(String formId, JsonNode data) {
    }

    /** ValidateUser parameters. */
    record Credentials(String acctId, String username, String password, String lcid) {
        @Override
        public String toString() {
            return "Credentials[acctId=" + acctId + ", username=" + username + ", password=****]";
        }
    }

    /**
     * Accepts {@code {"formid":…,"data":{…}}}, {@code data} as a JSON string, {@code {"data":{…}}} (queries) and
     * {@code {"parameters":["BD_Customer","<json>"]}} / {@code {"parameters":["<json>"]}} (array or JSON string).
     */
    static Envelope envelope(byte[] body) throws JsonProcessingException {
        JsonNode root = SimHttp.JSON.readTree(new String(body, StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("请求体必须是JSON对象");
        }
        JsonNode params = unstring(field(root, "parameters"));
        String formId;
        JsonNode data;
        if (params != null && !params.isNull()) {
            if (!params.isArray() || params.isEmpty()) {
                throw new IllegalArgumentException("parameters 必须是非空数组");
            }
            if (params.size() >= 2) {
                formId = text(params.get(0));
                data = unstring(params.get(1));
            } else {
                formId = null;
                data = unstring(params.get(0));
            }
        } else {
            formId = text(field(root, "formid"));
            data = unstring(field(root, "data"));
        }
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data 必须是JSON对象");
        }
        return new Envelope(formId, data);
    }

    /** ValidateUser: positional {@code parameters} (array or JSON string) or named keys in any case. */
    static Credentials credentials(byte[] body) throws JsonProcessingException {
        JsonNode root = SimHttp.JSON.readTree(new String(body, StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("请求体必须是JSON对象");
        }
        JsonNode params = unstring(field(root, "parameters"));
        if (params != null && params.isArray()) {
            if (params.size() < 3) {
                throw new IllegalArgumentException("ValidateUser 需要 [acctID, username, password, lcid]");
            }
            return new Credentials(text(params.get(0)), text(params.get(1)), text(params.get(2)),
                    params.size() > 3 ? text(params.get(3)) : null);
        }
        String user = text(field(root, "username"));
        if (user == null) {
            user = text(field(root, "user"));
        }
        return new Credentials(text(field(root, "acctid")), user, text(field(root, "password")),
                text(field(root, "lcid")));
    }

    /**
     * Positional login parameters ({@code {"parameters":[…]}}, array or JSON string) or named keys in any case,
     * returned by the lower-case {@code names} (missing ones absent). Values are text (numbers as written).
     */
    static Map<String, String> loginParams(byte[] body, List<String> names) throws JsonProcessingException {
        JsonNode root = SimHttp.JSON.readTree(new String(body, StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("请求体必须是JSON对象");
        }
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode params = unstring(field(root, "parameters"));
        if (params != null && params.isArray()) {
            if (params.size() < names.size() - 1) {
                throw new IllegalArgumentException("需要参数 " + names);
            }
            for (int i = 0; i < names.size() && i < params.size(); i++) {
                String v = text(params.get(i));
                if (v != null) {
                    out.put(names.get(i), v);
                }
            }
            return out;
        }
        for (String n : names) {
            String v = text(field(root, n));
            if (v != null) {
                out.put(n, v);
            }
        }
        return out;
    }

    /**
     * Session ids the request carries: every {@code name} cookie of every {@code Cookie} header, then the
     * {@code name} header, then the {@code SID} header (official Java SDK).
     */
    static List<String> sessionIds(Headers headers, String name) {
        List<String> ids = new ArrayList<>();
        for (String cookieHeader : headers.getOrDefault("Cookie", List.of())) {
            for (String part : cookieHeader.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    String v = part.substring(eq + 1).trim();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    ids.add(v);
                }
            }
        }
        ids.addAll(headers.getOrDefault(name, List.of()));
        ids.addAll(headers.getOrDefault(SID_HEADER, List.of()));
        return ids;
    }

    static ObjectNode loginSuccess(KingdeeSessions.Session s, String acctId, String username) {
        ObjectNode r = SimHttp.JSON.createObjectNode();
        r.putNull("Message");
        r.put("MessageCode", "CheckPasswordPolicy");
        r.put("LoginResultType", 1);
        ObjectNode ctx = r.putObject("Context");
        ctx.put("UserLocale", "zh-CN");
        ctx.put("LogLocale", "zh-CN");
        ctx.put("DBid", acctId);
        ctx.put("DatabaseType", 3);
        ctx.put("SessionId", s.aspNetId());
        ctx.put("UserId", 178301);
        ctx.put("UserName", username);
        ctx.put("CustomName", "sandbox");
        ctx.put("DisplayVersion", "9.0.553.10");
        ctx.put("DataCenterName", "沙箱账套");
        ctx.put("DataCenterNumber", "SANDBOX");
        ObjectNode org = ctx.putObject("CurrentOrganizationInfo");
        org.put("ID", 1);
        org.put("AcctOrgType", "1");
        org.put("Name", "总公司");
        org.putArray("FunctionIds").add(101).add(102).add(103);
        ObjectNode tz = ctx.putObject("UTimeZone");
        tz.put("OffsetTicks", 288000000000L);
        tz.put("StandardName", "(UTC+08:00)北京，重庆，香港特别行政区，乌鲁木齐");
        tz.put("Id", 230);
        tz.put("Number", "1078_SYS");
        tz.put("CanBeUsed", true);
        r.put("KDSVCSessionId", s.id());
        fillTail(r, true);
        return r;
    }

    static ObjectNode loginFailure(int type, String message) {
        ObjectNode r = SimHttp.JSON.createObjectNode();
        r.put("Message", message);
        r.putNull("MessageCode");
        r.put("LoginResultType", type);
        r.putNull("Context");
        r.putNull("KDSVCSessionId");
        fillTail(r, false);
        return r;
    }

    private static void fillTail(ObjectNode r, boolean success) {
        r.putNull("FormId");
        r.putNull("RedirectFormParam");
        r.putNull("FormInputObject");
        r.putNull("ErrorStackTrace");
        r.put("Lcid", 0);
        r.putNull("AccessToken");
        r.putNull("CustomParam");
        r.putNull("KdAccessResult");
        r.put("IsSuccessByAPI", success);
    }

    /** A JSON string holding JSON is parsed once; anything else is returned as is. */
    private static JsonNode unstring(JsonNode v) throws JsonProcessingException {
        if (v != null && v.isTextual()) {
            String s = v.asText().trim();
            if (s.startsWith("{") || s.startsWith("[")) {
                return SimHttp.JSON.readTree(s);
            }
        }
        return v;
    }
}
