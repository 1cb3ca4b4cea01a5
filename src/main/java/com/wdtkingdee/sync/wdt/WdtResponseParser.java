package com.wdtkingdee.sync.wdt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.wdt.WdtApiException.Kind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses {@code wdt.stockout.order.query.trade} responses of both routes into a {@link WdtPage}, or throws a
 * classified {@link WdtApiException}. A body that is not the expected envelope is never read as an empty page.
 *
 * <ul>
 *   <li>Qimen success: {@code {"response":{"errorcode":0,"total_count":N,"stockout_list":[…]}}}
 *       ({@code errorcode} number or string); non-zero errorcode → {@link Kind#BUSINESS};
 *       {@code response.flag=failure} or {@code {"error_response":{…}}} → {@link Kind#GATEWAY}.</li>
 *   <li>openapi2: {@code {"code":0,"total_count":N,"stockout_list":[…]}}; non-zero code → {@link Kind#BUSINESS}.</li>
 *   <li>HTTP status outside 2xx → {@link Kind#HTTP}; empty, non-JSON, truncated or unknown-shaped bodies →
 *       {@link Kind#MALFORMED}.</li>
 * </ul>
 * {@code stockout_list} absent or null → no orders; {@code total_count} absent → null, number or numeric string
 * accepted. Thread-safe.
 */
public final class WdtResponseParser {

    private static final int SNIPPET_LENGTH = 200;

    private final ObjectReader reader;

    public WdtResponseParser(ObjectMapper mapper) {
        this.reader = Objects.requireNonNull(mapper, "mapper").reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** Parses a Qimen router response. */
    public WdtPage parseQimen(int httpStatus, String body) {
        return parseQimen(httpStatus, readObject(httpStatus, body), body);
    }

    /** Parses a Qimen router response already read as JSON (camel-jackson {@code unmarshal} in the route). */
    public WdtPage parseQimen(int httpStatus, JsonNode root) {
        return parseQimen(httpStatus, object(httpStatus, root), String.valueOf(root));
    }

    private WdtPage parseQimen(int httpStatus, JsonNode root, String body) {
        JsonNode err = root.get("error_response");
        if (err != null && err.isObject()) {
            throw failure(Kind.GATEWAY, httpStatus, body, scalar(err, "code", httpStatus, body),
                    scalar(err, "sub_code", httpStatus, body), scalar(err, "msg", httpStatus, body),
                    scalar(err, "sub_msg", httpStatus, body));
        }
        JsonNode resp = root.get("response");
        if (resp == null || !resp.isObject()) {
            throw malformed(httpStatus, "Qimen body has no 'response' object", body, null);
        }
        String flag = scalar(resp, "flag", httpStatus, body);
        if (flag != null && !flag.isBlank() && !"success".equalsIgnoreCase(flag.trim())) {
            throw failure(Kind.GATEWAY, httpStatus, body, scalar(resp, "code", httpStatus, body),
                    scalar(resp, "sub_code", httpStatus, body), scalar(resp, "message", httpStatus, body),
                    scalar(resp, "sub_message", httpStatus, body));
        }
        String errorcode = scalar(resp, "errorcode", httpStatus, body);
        if (errorcode == null || errorcode.isBlank()) {
            throw malformed(httpStatus, "Qimen 'response' has neither 'errorcode' nor a failure flag", body, null);
        }
        if (!isZero(errorcode)) {
            throw failure(Kind.BUSINESS, httpStatus, body, errorcode.trim(), scalar(resp, "sub_code", httpStatus, body),
                    scalar(resp, "message", httpStatus, body), scalar(resp, "sub_message", httpStatus, body));
        }
        return page(resp, httpStatus, body);
    }

    /** Parses a direct openapi2 response. */
    public WdtPage parseOpenapi2(int httpStatus, String body) {
        return parseOpenapi2(httpStatus, readObject(httpStatus, body), body);
    }

    /** Parses a direct openapi2 response already read as JSON (camel-jackson {@code unmarshal} in the route). */
    public WdtPage parseOpenapi2(int httpStatus, JsonNode root) {
        return parseOpenapi2(httpStatus, object(httpStatus, root), String.valueOf(root));
    }

    private WdtPage parseOpenapi2(int httpStatus, JsonNode root, String body) {
        String code = scalar(root, "code", httpStatus, body);
        if (code == null || code.isBlank()) {
            throw malformed(httpStatus, "openapi2 body has no 'code'", body, null);
        }
        if (!isZero(code)) {
            throw failure(Kind.BUSINESS, httpStatus, body, code.trim(), scalar(root, "sub_code", httpStatus, body),
                    scalar(root, "message", httpStatus, body), null);
        }
        return page(root, httpStatus, body);
    }

    /** A JSON answer must be an object. */
    private static JsonNode object(int httpStatus, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw malformed(httpStatus, "body is not a JSON object", String.valueOf(root), null);
        }
        return root;
    }

    /**
     * Checks a raw answer before it is read as JSON: a non-2xx status (retryable as its status says) or an empty
     * body (retryable) is a {@link WdtApiException}.
     */
    public static void checkRaw(int httpStatus, String body) {
        if (httpStatus < 200 || httpStatus > 299) {
            String code = Integer.toString(httpStatus);
            throw new WdtApiException(Kind.HTTP, httpStatus, code, null, "HTTP " + httpStatus + ", body: "
                    + snippet(body), WdtErrorClassifier.retryableHttp(httpStatus), null, null);
        }
        if (body == null || body.isBlank()) {
            throw malformed(httpStatus, "empty body", body, null);
        }
    }

    /** A body that camel-jackson could not read: retryable, like every malformed answer. */
    public static WdtApiException unreadable(int httpStatus, String body, Throwable cause) {
        return malformed(httpStatus, "body is not valid JSON (" + (cause == null ? "?" : cause.getMessage()) + ")",
                body, cause);
    }

    private JsonNode readObject(int httpStatus, String body) {
        if (httpStatus < 200 || httpStatus > 299) {
            String code = Integer.toString(httpStatus);
            throw new WdtApiException(Kind.HTTP, httpStatus, code, null, "HTTP " + httpStatus + ", body: "
                    + snippet(body), WdtErrorClassifier.retryableHttp(httpStatus), null, null);
        }
        if (body == null || body.isBlank()) {
            throw malformed(httpStatus, "empty body", body, null);
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(httpStatus, "body is not valid JSON (" + e.getOriginalMessage() + ")", body, e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(httpStatus, "body is not a JSON object", body, null);
        }
        return root;
    }

    private WdtPage page(JsonNode envelope, int httpStatus, String body) {
        Long total = totalCount(envelope.get("total_count"), httpStatus, body);
        JsonNode list = envelope.get("stockout_list");
        List<StockoutOrder> orders = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw malformed(httpStatus, "'stockout_list' is not an array", body, null);
            }
            for (JsonNode row : list) {
                if (!row.isObject()) {
                    throw malformed(httpStatus, "'stockout_list' holds a non-object element", body, null);
                }
                orders.add(order(row, httpStatus, body));
            }
        }
        return new WdtPage(total, orders);
    }

    private StockoutOrder order(JsonNode row, int httpStatus, String body) {
        String orderNo = scalar(row, "order_no", httpStatus, body);
        if (orderNo == null || orderNo.isBlank()) {
            String stockoutNo = scalar(row, "stockout_no", httpStatus, body);
            if (stockoutNo != null) {
                orderNo = stockoutNo;
            }
        }
        return new StockoutOrder(
                scalar(row, "stockout_id", httpStatus, body),
                orderNo,
                scalar(row, "shop_no", httpStatus, body),
                scalar(row, "invoice_title", httpStatus, body),
                scalar(row, "invoice_content", httpStatus, body),
                scalar(row, "consign_time", httpStatus, body),
                scalar(row, "modified", httpStatus, body),
                status(row.get("status")));
    }

    /** Text of a scalar field as sent (numbers keep all digits); null when absent or null. */
    private String scalar(JsonNode parent, String field, int httpStatus, String body) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isContainerNode()) {
            throw malformed(httpStatus, "field '" + field + "' is not a scalar", body, null);
        }
        if (n.isBigDecimal()) {
            return n.decimalValue().toPlainString();
        }
        return n.asText();
    }

    private Long totalCount(JsonNode n, int httpStatus, String body) {
        if (n == null || n.isNull() || n.isMissingNode() || (n.isTextual() && n.textValue().isBlank())) {
            return null;
        }
        try {
            if (n.isNumber()) {
                return n.decimalValue().longValueExact();
            }
            if (n.isTextual()) {
                return new BigDecimal(n.textValue().trim()).longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw malformed(httpStatus, "'total_count' is not a whole number: " + n, body, e);
        }
        throw malformed(httpStatus, "'total_count' is not a number: " + n, body, null);
    }

    /** Number or numeric string holding a whole int → Integer; anything else → null. */
    static Integer status(JsonNode n) {
        if (n == null) {
            return null;
        }
        try {
            if (n.isNumber()) {
                return n.decimalValue().intValueExact();
            }
            if (n.isTextual() && !n.textValue().isBlank()) {
                return new BigDecimal(n.textValue().trim()).intValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static boolean isZero(String code) {
        try {
            return new BigDecimal(code.trim()).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static WdtApiException failure(Kind kind, int httpStatus, String body, String code, String subCode,
                                           String message, String subMessage) {
        String detail = joinText(message, subMessage);
        if (detail == null) {
            detail = "(no message) body: " + snippet(body);
        }
        return new WdtApiException(kind, httpStatus, code, subCode, detail,
                WdtErrorClassifier.retryable(kind, code, subCode),
                WdtErrorClassifier.banSeconds(subMessage, message), null);
    }

    private static String joinText(String a, String b) {
        boolean hasA = a != null && !a.isBlank();
        boolean hasB = b != null && !b.isBlank();
        if (hasA && hasB) {
            return a + " / " + b;
        }
        return hasA ? a : hasB ? b : null;
    }

    private static WdtApiException malformed(int httpStatus, String what, String body, Throwable cause) {
        return new WdtApiException(Kind.MALFORMED, httpStatus, null, null, what + "; body: " + snippet(body),
                WdtErrorClassifier.retryable(Kind.MALFORMED, null, null), null, cause);
    }

    /** The first characters of a body on one line, for messages. */
    static String snippet(String body) {
        if (body == null) {
            return "<null>";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        if (flat.isEmpty()) {
            return "<empty>";
        }
        return flat.length() <= SNIPPET_LENGTH ? flat : flat.substring(0, SNIPPET_LENGTH) + "…(" + body.length()
                + " chars)";
    }
}
