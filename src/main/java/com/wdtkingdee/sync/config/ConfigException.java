package com.wdtkingdee.sync.config;

/** A missing or malformed setting. The message names the key and what is wrong, never the value of a secret. */
public class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
