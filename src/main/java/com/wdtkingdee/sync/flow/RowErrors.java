package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.kingdee.OperationResult;
import com.wdtkingdee.sync.kingdee.RowError;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Sorts the per-DIndex errors of a BatchSave or Allocate answer: retry the batch, look the row up, or park it. */
final class RowErrors {

    enum Kind { MISSING, DUPLICATE, TRANSIENT, PERMANENT }

    /** Words of row errors that a retry cures: edit locks (网控冲突), call limits, database deadlocks. */
    private static final List<String> TRANSIENT_WORDS = List.of("冲突", "稍候", "死锁", "请重新运行该事务", "deadlock");

    /**
     * MsgCode 6 (database operation failed, e.g. a deadlock victim), 13 (network control lock) or 14 (call limit),
     * or a message that says so, is transient. In a mixed batch the overall MsgCode is that of the other rows
     * (e.g. 11), hence the message check.
     */
    Kind classify(OperationResult r, List<RowError> errors) {
        if (errors.isEmpty()) {
            return Kind.MISSING;
        }
        if (errors.stream().anyMatch(RowError::duplicateNumber)) {
            return Kind.DUPLICATE;
        }
        boolean transientRow = r.msgCode() == 6 || r.msgCode() == 13 || r.msgCode() == 14
                || errors.stream().anyMatch(e -> e.message() != null
                && TRANSIENT_WORDS.stream().anyMatch(w -> e.message().toLowerCase(Locale.ROOT).contains(w)));
        return transientRow ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    static String messages(List<RowError> errors) {
        return errors.stream().map(e -> (e.fieldName() == null ? "" : e.fieldName() + " ") + e.message())
                .collect(Collectors.joining(" | "));
    }
}
