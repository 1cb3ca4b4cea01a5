package com.wdtkingdee.sync.kingdee;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@link KingdeeClient} authenticates (reference §2):
 *
 * <ul>
 *   <li>{@link #PASSWORD}: session login {@code AuthService.ValidateUser [acctID, username, password, lcid]};</li>
 *   <li>{@link #APP_SECRET}: session login {@code AuthService.LoginByAppSecret [acctID, username, appId, appSecret,
 *       lcid]} (the secret travels in clear);</li>
 *   <li>{@link #SIGN}: session login {@code AuthService.LoginBySign [acctID, username, appId, timestamp_sec, sign,
 *       lcid]}, sign from {@link LoginBySignSigner};</li>
 *   <li>{@link #SIGNED_HEADERS}: no login call; every request carries the 9 headers of
 *       {@link KingdeeSignedHeaders} and the server opens or refreshes the session itself.</li>
 * </ul>
 */
public enum KingdeeAuthMode {
    /** User and password ({@code ValidateUser}). */
    PASSWORD("password"),
    /** Third-party app, secret sent in clear ({@code LoginByAppSecret}). */
    APP_SECRET("app-secret"),
    /** Third-party app, SHA-256 signed login ({@code LoginBySign}). */
    SIGN("sign"),
    /** Third-party app, stateless signed headers on every request. */
    SIGNED_HEADERS("signed-headers");

    private final String configName;

    KingdeeAuthMode(String configName) {
        this.configName = configName;
    }

    /** The configuration spelling, e.g. {@code app-secret}. */
    public String configName() {
        return configName;
    }

    /** Whether the mode needs the third-party app credentials (AppID and AppSecret). */
    public boolean usesApp() {
        return this != PASSWORD;
    }

    /** Whether the mode logs in with an {@code AuthService} call before the first data call. */
    public boolean logsIn() {
        return this != SIGNED_HEADERS;
    }

    /**
     * Parses the configuration spelling {@code password|app-secret|sign|signed-headers} (case and surrounding
     * blanks ignored; {@code _} accepted for {@code -}).
     *
     * @throws IllegalArgumentException naming the valid values when {@code text} is null or unknown
     */
    public static KingdeeAuthMode parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (KingdeeAuthMode m : values()) {
            if (m.configName.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Kingdee auth mode '" + text + "', expected one of "
                + Arrays.stream(values()).map(KingdeeAuthMode::configName).collect(Collectors.joining("|")));
    }
}
