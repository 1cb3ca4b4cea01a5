package com.wdtkingdee.sync.flow;

/**
 * What one pass of the batch writer achieved.
 *
 * @param sent      rows sent to BatchSave
 * @param saved     rows Kingdee created
 * @param existing  rows found already present (duplicate answer or unknown-outcome lookup)
 * @param parked    rows rejected permanently and parked as dead letters
 * @param allocated rows allocated to the distribution organisation
 * @param skipped   rows already complete before this pass
 */
public record BatchOutcome(int sent, int saved, int existing, int parked, int allocated, int skipped) {
}
