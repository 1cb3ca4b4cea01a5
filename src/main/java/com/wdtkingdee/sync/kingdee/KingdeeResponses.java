package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Parses WebAPI answers leniently (booleans and numbers may arrive as strings, {@code ErrorCode} may be absent,
 * ids may be numbers or strings).
 *
 * <p>Failures that are not a business answer become {@link KingdeeApiException}: a non-2xx status (retryable for
 * 5xx/408/429), a body that is not JSON (HTML error pages, {@code response_error:…}; retryable) or JSON of an
 * unexpected shape (not retryable).
 */
public final class KingdeeResponses {

    private final ObjectMapper mapper;

    public KingdeeResponses(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Parses a login answer. A refused login is a normal result ({@code success == false}); only transport-level
     * problems throw.
     *
     * @throws KingdeeApiException on a non-2xx status, a non-JSON body, or JSON without {@code LoginResultType}
     */
    public LoginResult parseLogin(int httpStatus, String body) {
        return parseLogin(httpStatus, readJson("login", httpStatus, body));
    }

    /** {@link #parseLogin(int, String)} of an answer already read as JSON (camel-jackson {@code unmarshal}). */
    public LoginResult parseLogin(int httpStatus, JsonNode answer) {
        String body = String.valueOf(answer);
        JsonNode root = unwrapString(present("login", httpStatus, answer));
        if (!root.isObject() || !root.has("LoginResultType")) {
            throw shape("login", httpStatus, body);
        }
        Integer type = intOrNull(root.get("LoginResultType"));
        if (type == null) {
            throw shape("login", httpStatus, body);
        }
        return new LoginResult(type, text(root.get("Message")), text(root.get("KDSVCSessionId")),
                type == LoginResult.SUCCESS);
    }

    /**
     * Parses the {@code Result.ResponseStatus} answer of Save, BatchSave, Allocate, Submit or Audit. Business
     * failures (including session loss, MsgCode 1) are returned, not thrown.
     *
     * @throws KingdeeApiException on a non-2xx status, a non-JSON body or JSON without {@code ResponseStatus}
     */
    public OperationResult parseOperation(int httpStatus, String body) {
        return parseOperation(httpStatus, readJson("operation", httpStatus, body));
    }

    /** {@link #parseOperation(int, String)} of an answer already read as JSON (camel-jackson {@code unmarshal}). */
    public OperationResult parseOperation(int httpStatus, JsonNode answer) {
        String body = String.valueOf(answer);
        JsonNode root = unwrap(present("operation", httpStatus, answer));
        JsonNode status = responseStatus(root);
        if (status == null) {
            throw shape("operation", httpStatus, body);
        }
        return toOperation(status);
    }

    /**
     * Parses an ExecuteBillQuery answer: {@code [[v11,v12,…],[v21,…]]}, {@code []} when empty. Errors arrive
     * wrapped as {@code [[{"Result":{"ResponseStatus":…}}]]} and are thrown with their MsgCode and messages
     * ({@link KingdeeApiException#sessionLost()} for MsgCode 1).
     *
     * @return rows in answer order, each the values in {@code FieldKeys} order; unmodifiable
     * @throws KingdeeApiException on an error wrapper, a non-2xx status, a non-JSON body or an unexpected shape
     */
    public List<List<JsonNode>> parseBillQuery(int httpStatus, String body) {
        return parseBillQuery(httpStatus, readJson("bill query", httpStatus, body));
    }

    /** {@link #parseBillQuery(int, String)} of an answer already read as JSON (camel-jackson {@code unmarshal}). */
    public List<List<JsonNode>> parseBillQuery(int httpStatus, JsonNode answer) {
        String body = String.valueOf(answer);
        JsonNode root = unwrapString(present("bill query", httpStatus, answer));
        JsonNode status = responseStatus(unwrap(root));
        if (status != null) {
            OperationResult r = toOperation(status);
            int code = r.msgCode() == 0 && !r.success() ? KingdeeApiException.NO_MSG_CODE : r.msgCode();
            throw KingdeeApiException.business("Kingdee ExecuteBillQuery failed", httpStatus, code, r.messages());
        }
        if (!root.isArray()) {
            throw shape("bill query", httpStatus, body);
        }
        List<List<JsonNode>> rows = new ArrayList<>(root.size());
        for (JsonNode row : root) {
            if (!row.isArray()) {
                throw shape("bill query", httpStatus, body);
            }
            List<JsonNode> values = new ArrayList<>(row.size());
            row.forEach(values::add);
            rows.add(List.copyOf(values));
        }
        return List.copyOf(rows);
    }

    private OperationResult toOperation(JsonNode status) {
        Integer msgCode = intOrNull(status.get("MsgCode"));
        List<SavedRow> saved = new ArrayList<>();
        for (JsonNode s : iterable(status.get("SuccessEntitys"))) {
            saved.add(new SavedRow(intOr(s.get("DIndex"), 0), text(s.get("Id")), text(s.get("Number"))));
        }
        List<RowError> errors = new ArrayList<>();
        for (JsonNode e : iterable(status.get("Errors"))) {
            errors.add(new RowError(intOr(e.get("DIndex"), 0), text(e.get("FieldName")), text(e.get("Message"))));
        }
        return new OperationResult(bool(status.get("IsSuccess")), msgCode == null ? 0 : msgCode,
                intOrNull(status.get("ErrorCode")), saved, errors);
    }

    /** {@code root.Result.ResponseStatus}, or {@code root.ResponseStatus}, or null. */
    private static JsonNode responseStatus(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode result = root.get("Result");
        if (result != null && result.isObject()) {
            JsonNode nested = result.get("ResponseStatus");
            if (nested != null && nested.isObject()) {
                return nested;
            }
        }
        JsonNode rs = root.get("ResponseStatus");
        return rs != null && rs.isObject() ? rs : null;
    }

    /** An answer read as JSON: a 2xx status and a body (a missing body is a transient failure). */
    private static JsonNode present(String what, int httpStatus, JsonNode answer) {
        if (httpStatus != 0 && (httpStatus < 200 || httpStatus >= 300)) {
            throw new KingdeeApiException("Kingdee " + what + " answered HTTP " + httpStatus, httpStatus,
                    KingdeeApiException.NO_MSG_CODE, KingdeeApiException.isTransientStatus(httpStatus), List.of(), null);
        }
        if (answer == null || answer.isMissingNode() || answer.isNull()) {
            throw new KingdeeApiException("Kingdee " + what + " answered an empty body", httpStatus,
                    KingdeeApiException.NO_MSG_CODE, true, List.of(), null);
        }
        return answer;
    }

    /**
     * Checks a raw answer before it is read as JSON: a non-2xx status, a {@code response_error:} text or an empty
     * body become a {@link KingdeeApiException} (retryable when transient). Returns the stripped body.
     */
    public static String checkRaw(String what, int httpStatus, String body) {
        boolean ok = httpStatus >= 200 && httpStatus < 300;
        String b = body == null ? "" : body.strip();
        if (!ok) {
            throw new KingdeeApiException("Kingdee " + what + " answered HTTP " + httpStatus + ": "
                    + Masking.snippet(b), httpStatus, KingdeeApiException.NO_MSG_CODE,
                    KingdeeApiException.isTransientStatus(httpStatus), List.of(), null);
        }
        if (b.startsWith("response_error:")) {
            throw new KingdeeApiException("Kingdee " + what + " answered a server error: " + Masking.snippet(b),
                    httpStatus, KingdeeApiException.NO_MSG_CODE, true, List.of(), null);
        }
        if (b.isEmpty()) {
            throw new KingdeeApiException("Kingdee " + what + " answered an empty body", httpStatus,
                    KingdeeApiException.NO_MSG_CODE, true, List.of(), null);
        }
        return b;
    }

    private JsonNode readJson(String what, int httpStatus, String body) {
        boolean ok = httpStatus >= 200 && httpStatus < 300;
        String b = body == null ? "" : body.strip();
        if (!ok) {
            throw new KingdeeApiException("Kingdee " + what + " answered HTTP " + httpStatus + ": "
                    + Masking.snippet(b), httpStatus, KingdeeApiException.NO_MSG_CODE,
                    KingdeeApiException.isTransientStatus(httpStatus), List.of(), null);
        }
        if (b.startsWith("response_error:")) {
            throw new KingdeeApiException("Kingdee " + what + " answered a server error: " + Masking.snippet(b),
                    httpStatus, KingdeeApiException.NO_MSG_CODE, true, List.of(), null);
        }
        try {
            JsonNode node = b.isEmpty() ? null : mapper.readTree(b);
            if (node == null || node.isMissingNode()) {
                throw new KingdeeApiException("Kingdee " + what + " answered an empty body", httpStatus,
                        KingdeeApiException.NO_MSG_CODE, true, List.of(), null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new KingdeeApiException("Kingdee " + what + " answered a non-JSON body: " + Masking.snippet(b),
                    httpStatus, KingdeeApiException.NO_MSG_CODE, true, List.of(), null);
        }
    }

    private static KingdeeApiException shape(String what, int httpStatus, String body) {
        return new KingdeeApiException("Kingdee " + what + " answered an unexpected JSON shape: "
                + Masking.snippet(body), httpStatus, KingdeeApiException.NO_MSG_CODE, false, List.of(), null);
    }

    /** A JSON string holding JSON (double-encoded answer) is parsed once more. */
    private JsonNode unwrapString(JsonNode node) {
        if (node.isTextual()) {
            String t = node.asText().strip();
            if (t.startsWith("{") || t.startsWith("[")) {
                try {
                    return mapper.readTree(t);
                } catch (JsonProcessingException e) {
                    return node;
                }
            }
        }
        return node;
    }

    /** Strips double-encoding and up to two levels of single-element array wrapping ({@code [[{…}]]}). */
    private JsonNode unwrap(JsonNode node) {
        JsonNode n = unwrapString(node);
        for (int i = 0; i < 2 && n.isArray() && n.size() == 1; i++) {
            n = n.get(0);
        }
        return n;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    static boolean bool(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.intValue() != 0;
        }
        return "true".equals(node.asText().strip().toLowerCase(Locale.ROOT));
    }

    static Integer intOrNull(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.intValue();
        }
        String t = node.asText().strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int intOr(JsonNode node, int fallback) {
        Integer v = intOrNull(node);
        return v == null ? fallback : v;
    }
}
