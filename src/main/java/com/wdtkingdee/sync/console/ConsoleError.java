package com.wdtkingdee.sync.console;

/** The JSON body of every refused or failed console request: the sentence and the HTTP status. */
public record ConsoleError(String error, int status) {
}
