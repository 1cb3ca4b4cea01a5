package com.wdtkingdee.sync.console;

/**
 * What a write action did, as the action step returns it: the line for {@code console_action} (action, target,
 * note, outcome) and the reply the caller gets. The {@code record} step ({@link ConsoleRecorder}) writes the line
 * and answers the reply.
 */
public record ConsoleOutcome(String action, String target, String note, String outcome, Object reply) {
}
