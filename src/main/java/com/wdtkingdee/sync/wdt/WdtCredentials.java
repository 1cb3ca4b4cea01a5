package com.wdtkingdee.sync.wdt;

/**
 * Credentials of the 旺店通 account.
 *
 * @param appKey       Qimen/TOP {@code app_key} (or the openapi2 {@code appkey})
 * @param appSecret    the app secret; used only for signing, never sent and never printed
 * @param targetAppKey WDT's app key on Qimen ({@code target_app_key}); not used by openapi2
 * @param sid          the WDT seller account ({@code sid})
 */
public record WdtCredentials(String appKey, String appSecret, String targetAppKey, String sid) {

    /** Masks the secret: a blank secret shows as {@code <empty>}, any other as {@code ****}. */
    @Override
    public String toString() {
        String masked = appSecret == null || appSecret.isBlank() ? "<empty>" : "****";
        return "WdtCredentials[appKey=" + appKey + ", appSecret=" + masked + ", targetAppKey=" + targetAppKey
                + ", sid=" + sid + "]";
    }
}
