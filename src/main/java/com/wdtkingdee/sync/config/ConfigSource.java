package com.wdtkingdee.sync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Resolves settings the way Camel resolves placeholders: {@code -D} system property, then environment variable
 * ({@code wdt.app-secret → WDT_APP_SECRET}), then the properties file. Explicit overrides (the sandbox, tests)
 * win over all three. The resolved application keys are handed to Camel as override properties so that routes
 * and beans see exactly the same values.
 */
public final class ConfigSource {

    private final Map<String, String> file;
    private final Map<String, String> env;
    private final Map<String, String> system;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    /** Every key looked up so far, with the value it resolved to (empty when unset): the configuration in force. */
    private final Map<String, String> consulted = java.util.Collections.synchronizedMap(new TreeMap<>());

    public ConfigSource(Map<String, String> file, Map<String, String> env, Map<String, String> system) {
        this.file = new LinkedHashMap<>(file);
        this.env = env;
        this.system = system;
    }

    /** Loads {@code path} (UTF-8; a missing file is an error) with the process environment and system properties. */
    public static ConfigSource load(Path path) {
        return load(path, Map.of());
    }

    /**
     * Like {@link #load(Path)}, with settings given on the command line after the jar ({@code -Dkey=value}); they
     * rank as {@code -D} options and win over a {@code -D} of the same key given before {@code -jar}.
     */
    public static ConfigSource load(Path path, Map<String, String> commandLine) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("application.properties", "file not found at " + path.toAbsolutePath()
                    + " (run from the project folder)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("application.properties", "cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> file = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> file.put(k, p.getProperty(k).trim()));
        Map<String, String> sys = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> sys.put(k, System.getProperty(k)));
        return of(file, System.getenv(), sys, commandLine);
    }

    /**
     * The one way settings come in: the file's keys, the environment, the JVM's {@code -D} options (given before
     * {@code -jar}) and the settings given after the jar ({@code -Dkey=value} or {@code --key=value}), which rank as
     * {@code -D} options and win over a {@code -D} of the same key given before {@code -jar}.
     */
    public static ConfigSource of(Map<String, String> file, Map<String, String> env, Map<String, String> system,
                                  Map<String, String> commandLine) {
        Map<String, String> sys = new LinkedHashMap<>(system);
        sys.putAll(commandLine);
        return new ConfigSource(file, env, sys);
    }

    /** Camel's environment-variable name for a key. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public ConfigSource override(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** The value of a key, trimmed; empty when unset or blank everywhere. */
    public Optional<String> get(String key) {
        String v = overrides.get(key);
        if (v == null) {
            v = system.get(key);
        }
        if (v == null) {
            v = env.get(envName(key));
        }
        if (v == null) {
            v = file.get(key);
        }
        Optional<String> value = v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        consulted.put(key, value.orElse(""));
        return value;
    }

    /** Every key read so far and the value it resolved to ("" when unset): what the product runs with. */
    public Map<String, String> consulted() {
        synchronized (consulted) {
            return new TreeMap<>(consulted);
        }
    }

    /** Whether {@code key} is set anywhere, even to an empty value (an empty value may mean "off"). */
    public boolean declared(String key) {
        return overrides.containsKey(key) || system.containsKey(key) || env.containsKey(envName(key))
                || file.containsKey(key);
    }

    /** Every known key below {@code prefix} (file, -D and overrides; environment variables override known keys). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, String> m : java.util.List.of(file, system, overrides)) {
            m.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> get(k).ifPresent(v -> out.put(k, v)));
        }
        return out;
    }

    /** All resolved keys of the given prefixes, for Camel's override properties. */
    public Map<String, String> resolved(String... prefixes) {
        Map<String, String> out = new TreeMap<>();
        for (String prefix : prefixes) {
            out.putAll(withPrefix(prefix));
        }
        return out;
    }
}
