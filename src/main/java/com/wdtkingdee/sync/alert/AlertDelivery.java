package com.wdtkingdee.sync.alert;

/**
 * One message of one event to one channel: what the split of route {@code alert} carries. The request itself
 * (URL, signature, body) is built at each attempt by {@link AlertService#prepare}, so a retry is signed afresh.
 *
 * @param channel    where to
 * @param event      what
 * @param suppressed alerts of the same kind throttled before this one
 */
public record AlertDelivery(AlertChannel channel, AlertEvent event, long suppressed) {
}
