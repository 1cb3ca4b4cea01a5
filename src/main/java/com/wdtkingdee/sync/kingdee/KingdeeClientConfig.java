package com.wdtkingdee.sync.kingdee;

import java.time.Duration;

/**
 * Connection settings of {@link KingdeeClient}. {@link #toString()} masks the password, the AppSecret and the
 * secret half of the AppID.
 *
 * <p>What each {@link KingdeeAuthMode} needs (checked here, {@link IllegalArgumentException} otherwise):
 * {@code PASSWORD} a password (may be empty, not null); {@code APP_SECRET}, {@code SIGN} and
 * {@code SIGNED_HEADERS} an AppID and an AppSecret; {@code SIGNED_HEADERS} an AppID shaped
 * {@code <clientId>_<secret part>} (第三方系统登录授权). Outside PASSWORD mode the password is not used (null becomes
 * empty).
 *
 * @param baseUrl        the site, e.g. {@code http://erp.host/k3cloud/}
 * @param acctId         data-center id ({@code FDATACENTERID}), not the account name
 * @param username       integration user
 * @param password       its password; PASSWORD mode only
 * @param lcid           language, 2052 = Simplified Chinese
 * @param connectTimeout TCP connect timeout; null = 30 s
 * @param requestTimeout time to wait for an answer; null = 120 s (the SDK default)
 * @param auth           authentication mode; null = {@link KingdeeAuthMode#PASSWORD}
 * @param appId          third-party app id (AppID); app modes only
 * @param appSecret      third-party app secret (AppSecret); app modes only
 * @param orgNum         organisation number sent in {@code X-Kd-Appdata} (SIGNED_HEADERS); null or blank = "0"
 *                       (the SDK default)
 */
public record KingdeeClientConfig(String baseUrl, String acctId, String username, String password, int lcid,
                                  Duration connectTimeout, Duration requestTimeout, KingdeeAuthMode auth,
                                  String appId, String appSecret, String orgNum) {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default request timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** Default {@code orgNum} of the signed headers (as in the official SDK configuration). */
    public static final String DEFAULT_ORG_NUM = "0";

    public KingdeeClientConfig {
        requireText(baseUrl, "baseUrl");
        requireText(acctId, "acctId");
        requireText(username, "username");
        if (lcid <= 0) {
            throw new IllegalArgumentException("lcid must be positive, e.g. 2052");
        }
        connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        requestTimeout = positiveOr(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout");
        auth = auth == null ? KingdeeAuthMode.PASSWORD : auth;
        orgNum = orgNum == null || orgNum.isBlank() ? DEFAULT_ORG_NUM : orgNum.strip();
        if (auth == KingdeeAuthMode.PASSWORD) {
            if (password == null) {
                throw new IllegalArgumentException("password is required for Kingdee auth mode "
                        + auth.configName());
            }
        } else {
            password = password == null ? "" : password;
            requireText(appId, "appId (required for Kingdee auth mode " + auth.configName() + ")");
            requireText(appSecret, "appSecret (required for Kingdee auth mode " + auth.configName() + ")");
            appId = appId.strip();
        }
        if (auth == KingdeeAuthMode.SIGNED_HEADERS) {
            if (appId.indexOf('_') <= 0) {
                throw new IllegalArgumentException("appId must look like <clientId>_<secret part> for Kingdee auth "
                        + "mode " + auth.configName() + " (the AppID of 第三方系统登录授权)");
            }
            try {
                KingdeeSignedHeaders.decodeApiSecret(appId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("appId: the part after '_' is not valid base64 (auth mode "
                        + auth.configName() + ")");
            }
        }
        KingdeeServices.uri(baseUrl, KingdeeServices.VALIDATE_USER); // validates the URL early
    }

    /** Password mode ({@code ValidateUser}), as before auth modes existed. */
    public KingdeeClientConfig(String baseUrl, String acctId, String username, String password, int lcid,
                               Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, acctId, username, password, lcid, connectTimeout, requestTimeout, KingdeeAuthMode.PASSWORD,
                null, null, null);
    }

    @Override
    public String toString() {
        return "KingdeeClientConfig[baseUrl=" + baseUrl + ", acctId=" + acctId + ", username=" + username
                + ", password=" + Masking.secret(password) + ", lcid=" + lcid + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", auth=" + auth.configName() + ", appId="
                + Masking.appId(appId) + ", appSecret=" + Masking.secret(appSecret) + ", orgNum=" + orgNum + "]";
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
