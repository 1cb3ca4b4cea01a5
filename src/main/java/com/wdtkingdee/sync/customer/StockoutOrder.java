package com.wdtkingdee.sync.customer;

/**
 * The fields of one 旺店通 sales stockout order that the customer scheme reads.
 * Values are kept as the source sent them (strings), nulls allowed; parsing is the source adapter's job. The one
 * exception: NUL characters (U+0000) are removed — neither PostgreSQL (text, jsonb) nor Kingdee can store them, and
 * one in a title would otherwise stop every sync of its window.
 *
 * @param stockoutId     stockout primary key ({@code stockout_id}), kept as a string
 * @param orderNo        stockout number ({@code order_no}, falls back to {@code stockout_no})
 * @param shopNo         shop code ({@code shop_no})
 * @param invoiceTitle   发票抬头 ({@code invoice_title}), may be null or blank
 * @param invoiceContent {@code invoice_content}, the tax registration code in this scheme
 * @param consignTime    {@code consign_time} as sent ({@code yyyy-MM-dd HH:mm:ss}, Asia/Shanghai)
 * @param modified       {@code modified} as sent
 * @param status         stockout status
 */
public record StockoutOrder(String stockoutId, String orderNo, String shopNo, String invoiceTitle,
                            String invoiceContent, String consignTime, String modified, Integer status) {

    public StockoutOrder {
        stockoutId = withoutNul(stockoutId);
        orderNo = withoutNul(orderNo);
        shopNo = withoutNul(shopNo);
        invoiceTitle = withoutNul(invoiceTitle);
        invoiceContent = withoutNul(invoiceContent);
        consignTime = withoutNul(consignTime);
        modified = withoutNul(modified);
    }

    private static String withoutNul(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }
}
