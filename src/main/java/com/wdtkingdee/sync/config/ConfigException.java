package com.wdtkingdee.sync.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A missing or malformed setting, or several of them: the message names each key and what is wrong (one line
 * each, values as the user wrote them), never the value of a secret.
 */
public class ConfigException extends RuntimeException {
    private final String key;
    private final List<ConfigException> problems;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problems = List.of(this);
    }

    /** Several problems found in one start; {@link #key()} is the first one's. */
    public ConfigException(List<ConfigException> problems) {
        super(problems.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")));
        this.key = problems.get(0).key();
        this.problems = List.copyOf(problems);
    }

    public String key() {
        return key;
    }

    /** Every problem, one per key (this exception alone when there is one). */
    public List<ConfigException> problems() {
        return problems;
    }
}
