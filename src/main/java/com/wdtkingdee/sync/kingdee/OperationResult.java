package com.wdtkingdee.sync.kingdee;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parsed {@code Result.ResponseStatus} of Save, BatchSave, Allocate, Submit or Audit. A batch can partly
 * succeed: {@code success == false} with non-empty {@code saved}; look at each {@code DIndex}.
 *
 * @param success   {@code IsSuccess}
 * @param msgCode   {@code MsgCode}; 0 when absent
 * @param errorCode {@code ErrorCode} (500 on failure), null when absent
 * @param saved     {@code SuccessEntitys}, in answer order
 * @param errors    {@code Errors}, in answer order
 */
public record OperationResult(boolean success, int msgCode, Integer errorCode, List<SavedRow> saved,
                              List<RowError> errors) {

    public OperationResult {
        saved = saved == null ? List.of() : List.copyOf(saved);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** {@code MsgCode == 1}: session lost, the server did not execute the operation. */
    public boolean sessionLost() {
        return msgCode == KingdeeApiException.MSG_SESSION_LOST;
    }

    /** Whether the failure is transient (MsgCode 13/14 or an edit-lock conflict message). */
    public boolean retryable() {
        return !success && KingdeeApiException.isTransient(msgCode, messages());
    }

    /** Errors grouped by {@code DIndex}, ascending; each list in answer order. Unmodifiable. */
    public Map<Integer, List<RowError>> errorsByIndex() {
        Map<Integer, List<RowError>> byIndex = new TreeMap<>();
        for (RowError e : errors) {
            byIndex.computeIfAbsent(e.dIndex(), k -> new ArrayList<>()).add(e);
        }
        byIndex.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(byIndex);
    }

    /** The saved row for {@code dIndex}, if the server reported one. */
    public Optional<SavedRow> savedAt(int dIndex) {
        return saved.stream().filter(s -> s.dIndex() == dIndex).findFirst();
    }

    /** All error messages, in answer order (nulls dropped). */
    public List<String> messages() {
        return errors.stream().map(RowError::message).filter(m -> m != null).toList();
    }
}
