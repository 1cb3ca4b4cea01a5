package com.wdtkingdee.sync.kingdee;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings of {@link KingdeeClient} (session login with {@code AuthService.ValidateUser}).
 * {@link #toString()} masks the password.
 *
 * @param baseUrl        the site, e.g. {@code http://erp.host/k3cloud/}
 * @param acctId         data-center id ({@code FDATACENTERID}), not the account name
 * @param username       integration user
 * @param password       its password (may be empty, never null)
 * @param lcid           language, 2052 = Simplified Chinese
 * @param connectTimeout TCP connect timeout; null = 30 s
 * @param requestTimeout time to wait for an answer; null = 120 s (the SDK default)
 */
public record KingdeeClientConfig(String baseUrl, String acctId, String username, String password, int lcid,
                                  Duration connectTimeout, Duration requestTimeout) {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default request timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

    public KingdeeClientConfig {
        requireText(baseUrl, "baseUrl");
        requireText(acctId, "acctId");
        requireText(username, "username");
        Objects.requireNonNull(password, "password");
        if (lcid <= 0) {
            throw new IllegalArgumentException("lcid must be positive, e.g. 2052");
        }
        connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        requestTimeout = positiveOr(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout");
        KingdeeServices.uri(baseUrl, KingdeeServices.VALIDATE_USER); // validates the URL early
    }

    @Override
    public String toString() {
        return "KingdeeClientConfig[baseUrl=" + baseUrl + ", acctId=" + acctId + ", username=" + username
                + ", password=" + Masking.secret(password) + ", lcid=" + lcid + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static Duration positiveOr(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
