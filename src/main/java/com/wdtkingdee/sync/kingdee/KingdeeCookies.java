package com.wdtkingdee.sync.kingdee;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.cookie.BaseCookieHandler;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;

/**
 * The cookie store of the Kingdee session: the {@code cookieHandler} of every camel-http endpoint of
 * {@code routes/kingdee.camel.yaml} (bean {@code kingdeeCookies}), so the endpoints share one store
 * ({@code kdservice-sessionid}, {@code ASP.NET_SessionId}). Thread-safe: {@link CookieManager}'s store is.
 */
public final class KingdeeCookies extends BaseCookieHandler {

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final URI siteUri;

    public KingdeeCookies(String baseUrl) {
        this.siteUri = KingdeeServices.uri(baseUrl, KingdeeServices.VALIDATE_USER);
    }

    @Override
    protected CookieManager getCookieManager(Exchange exchange) {
        return cookies;
    }

    @Override
    public void setCookiePolicy(CookiePolicy cookiePolicy) {
        cookies.setCookiePolicy(cookiePolicy);
    }

    /** The value of the {@code kdservice-sessionid} cookie the server set, or null. */
    public String sessionCookie() {
        for (HttpCookie c : cookies.getCookieStore().get(siteUri)) {
            if (KingdeeSession.SESSION_HEADER.equalsIgnoreCase(c.getName()) && c.getValue() != null
                    && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Forgets every cookie. */
    public void clear() {
        cookies.getCookieStore().removeAll();
    }
}
