package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.kingdee.KingdeeErrorClassifier;
import com.wdtkingdee.sync.kingdee.OperationResult;
import com.wdtkingdee.sync.kingdee.RowError;

import java.util.List;
import java.util.stream.Collectors;

/** Sorts the per-DIndex errors of a BatchSave or Allocate answer: retry the batch, look the row up, or park it. */
final class RowErrors {

    enum Kind { MISSING, DUPLICATE, TRANSIENT, PERMANENT }

    /**
     * The row's errors as {@link KingdeeErrorClassifier} reads the protocol: MsgCode 13/14 and lock, conflict and
     * try-later texts are transient (the batch is retried); "number already used" looks the row up; everything
     * else (validation, missing base data, over-long values) is a permanent rejection. In a mixed batch the
     * overall MsgCode is that of the other rows, so the row's own texts decide first.
     */
    Kind classify(OperationResult r, List<RowError> errors) {
        if (errors.isEmpty()) {
            return Kind.MISSING;
        }
        if (errors.stream().anyMatch(RowError::duplicateNumber)) {
            return Kind.DUPLICATE;
        }
        List<String> texts = errors.stream().map(RowError::message).toList();
        return switch (KingdeeErrorClassifier.classify(r.msgCode(), texts, null)) {
            case DUPLICATE -> Kind.DUPLICATE;
            case TRANSIENT, SESSION_LOST -> Kind.TRANSIENT;
            case PERMANENT -> Kind.PERMANENT;
        };
    }

    static String messages(List<RowError> errors) {
        return errors.stream().map(e -> (e.fieldName() == null ? "" : e.fieldName() + " ") + e.message())
                .collect(Collectors.joining(" | "));
    }
}
