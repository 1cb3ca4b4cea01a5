package com.wdtkingdee.sync.kingdee;

/**
 * One entry of {@code Errors}. A record may have several errors (one per field).
 *
 * @param dIndex    0-based index into the request {@code Model} array
 * @param fieldName the field concerned, may be null
 * @param message   the server's message, may be null
 */
public record RowError(int dIndex, String fieldName, String message) {

    /**
     * Whether this is the duplicate-number error ({@code 违反字段唯一性要求：编码唯一。[X]在当前系统中已经被使用。}):
     * the number already exists, look it up instead of creating it.
     */
    public boolean duplicateNumber() {
        return message != null && (message.contains("违反字段唯一性") || message.contains("已经被使用"));
    }
}
