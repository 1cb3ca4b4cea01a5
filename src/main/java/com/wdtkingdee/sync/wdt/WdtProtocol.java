package com.wdtkingdee.sync.wdt;

import java.util.Locale;
import java.util.Map;

/**
 * The transport of the stockout query ({@code wdt.protocol}): the same business query and payload over the
 * 淘宝奇门 router (TOP MD5 signature, {@code {"response":{…}}} envelope) or over 旺店通's direct openapi2
 * (length-prefixed MD5, {@code {"code":0,…}} envelope).
 */
public interface WdtProtocol {

    /** Every form parameter of one page request, signed. */
    Map<String, String> params(WdtQuery query);

    /** The page, or a typed {@link WdtApiException}. */
    WdtPage parse(int httpStatus, String body);

    /** The page of an answer already read as JSON (camel-jackson), or a typed {@link WdtApiException}. */
    WdtPage parse(int httpStatus, com.fasterxml.jackson.databind.JsonNode root);

    String name();

    static WdtProtocol qimen(QimenRequestBuilder builder, WdtResponseParser parser) {
        return new Impl("qimen", builder::params, parser::parseQimen, parser::parseQimen);
    }

    static WdtProtocol openapi2(Openapi2RequestBuilder builder, WdtResponseParser parser) {
        return new Impl("openapi2", builder::params, parser::parseOpenapi2, parser::parseOpenapi2);
    }

    /** A protocol made of its request builder and its envelope parser. */
    record Impl(String name, java.util.function.Function<WdtQuery, Map<String, String>> builder,
                java.util.function.BiFunction<Integer, String, WdtPage> parser,
                java.util.function.BiFunction<Integer, com.fasterxml.jackson.databind.JsonNode, WdtPage> jsonParser)
            implements WdtProtocol {
        @Override
        public Map<String, String> params(WdtQuery query) {
            return builder.apply(query);
        }

        @Override
        public WdtPage parse(int httpStatus, String body) {
            return parser.apply(httpStatus, body);
        }

        @Override
        public WdtPage parse(int httpStatus, com.fasterxml.jackson.databind.JsonNode root) {
            return jsonParser.apply(httpStatus, root);
        }
    }

    /** {@code qimen} or {@code openapi2}. */
    static String validName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("qimen") && !n.equals("openapi2")) {
            throw new IllegalArgumentException("expected qimen or openapi2, got '" + name + "'");
        }
        return n;
    }
}
