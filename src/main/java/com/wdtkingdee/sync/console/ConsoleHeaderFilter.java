package com.wdtkingdee.sync.console;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The console endpoints' header filter: platform-http's default ({@link HttpHeaderFilterStrategy}) drops
 * {@code Cache-Control} from every answer (its {@code HttpUtil.addCommonFilters} list), so the API's
 * {@code Cache-Control: no-store} (issue 18) would never reach the browser. This one lets it through; every other
 * rule stays.
 */
public final class ConsoleHeaderFilter extends HttpHeaderFilterStrategy {

    public ConsoleHeaderFilter() {
        getOutFilter().remove("cache-control");
        getOutFilter().remove("Cache-Control");
    }
}
