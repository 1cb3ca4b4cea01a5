package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Builders of the Kingdee WebAPI answer bodies (reference §4a, §4c, §8). */
final class KingdeeReplies {

    static final String SESSION_LOST_MESSAGE = "会话信息已丢失，请重新登录";

    private KingdeeReplies() {
    }

    /** One entry of {@code Errors[]}. */
    record RowError(String fieldName, String message, int dIndex, int msgCode) {
    }

    /** One entry of {@code SuccessEntitys[]}. */
    record RowSuccess(long id, String number, int dIndex) {
    }

    /**
     * {@code {"Result":{"ResponseStatus":{…}}}}: {@code ErrorCode} 500 only on failure, {@code IsSuccess} a JSON
     * boolean, {@code MsgCode} a number.
     */
    static ObjectNode result(List<RowError> errors, List<RowSuccess> successes, int msgCode) {
        boolean ok = errors.isEmpty();
        ObjectNode status = SimHttp.JSON.createObjectNode();
        if (!ok) {
            status.put("ErrorCode", 500);
        }
        status.put("IsSuccess", ok);
        ArrayNode errs = status.putArray("Errors");
        for (RowError e : errors) {
            ObjectNode n = errs.addObject();
            if (e.fieldName() == null) {
                n.putNull("FieldName");
            } else {
                n.put("FieldName", e.fieldName());
            }
            n.put("Message", e.message());
            n.put("DIndex", e.dIndex());
        }
        ArrayNode succ = status.putArray("SuccessEntitys");
        for (RowSuccess s : successes) {
            ObjectNode n = succ.addObject();
            n.put("Id", s.id());
            n.put("Number", s.number());
            n.put("DIndex", s.dIndex());
        }
        status.putArray("SuccessMessages");
        status.put("MsgCode", ok ? 0 : msgCode);
        ObjectNode result = SimHttp.JSON.createObjectNode();
        result.set("ResponseStatus", status);
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.set("Result", result);
        return root;
    }

    /** A failure of the whole request: one {@code Errors} entry at DIndex 0. */
    static ObjectNode error(int msgCode, String message) {
        return result(List.of(new RowError(null, message, 0, msgCode)), List.of(), msgCode);
    }

    /** The MsgCode 1 body of reference §8.5. */
    static ObjectNode sessionLost() {
        return error(1, SESSION_LOST_MESSAGE);
    }

    /** ExecuteBillQuery errors come wrapped as {@code [[{…}]]} (reference §4c). */
    static ArrayNode wrapped(ObjectNode error) {
        ArrayNode outer = SimHttp.JSON.createArrayNode();
        outer.addArray().add(error);
        return outer;
    }
}
