package com.wdtkingdee.sync.alert;

/** Where an alert goes. */
public enum AlertChannel {
    /** 钉钉 custom robot, 加签 in the URL query. */
    DINGTALK("dingtalk"),
    /** 企业微信 group robot; the key in the URL is the secret. */
    WECOM("wecom"),
    /** 飞书 / Lark custom bot, signature in the body. */
    FEISHU("feishu"),
    /** Generic JSON webhook; any 2xx is delivered. */
    WEBHOOK("webhook");

    private final String id;

    AlertChannel(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
