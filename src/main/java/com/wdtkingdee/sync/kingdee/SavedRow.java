package com.wdtkingdee.sync.kingdee;

/**
 * One entry of {@code SuccessEntitys}: the record at {@code dIndex} of the request {@code Model} was saved.
 *
 * @param dIndex 0-based index into the request {@code Model} array
 * @param id     internal id ({@code FCUSTID} for customers), as text
 * @param number the record's number, may be null
 */
public record SavedRow(int dIndex, String id, String number) {
}
