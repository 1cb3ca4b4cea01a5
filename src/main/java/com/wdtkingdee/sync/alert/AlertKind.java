package com.wdtkingdee.sync.alert;

/** What happened. Each kind is throttled on its own ({@code alert.min-interval}). */
public enum AlertKind {
    /** A window failed (outage beyond the retry budget, paging error): its checkpoint stays, the next cycle re-reads it. */
    WINDOW_FAILED(Severity.CRITICAL, "同步窗口失败 / sync window failed"),
    /** Items were parked in the dead-letter table during a cycle (one message per cycle, with counts and samples). */
    DEAD_LETTERS(Severity.WARNING, "新增死信 / new dead letters"),
    /** Dead letters went through the whole retry ladder and now wait for a person. */
    LETTERS_EXHAUSTED(Severity.CRITICAL, "死信重试已用尽 / dead letters exhausted"),
    /** /observe/health went DOWN. */
    HEALTH_DOWN(Severity.CRITICAL, "服务不健康 / health DOWN"),
    /** /observe/health is UP again. */
    HEALTH_UP(Severity.INFO, "服务已恢复 / health UP"),
    /** Logging in to Kingdee keeps failing (credentials, authorisation, unreachable). */
    KINGDEE_LOGIN_FAILING(Severity.CRITICAL, "金蝶登录失败 / Kingdee login failing");

    private final Severity severity;
    private final String title;

    AlertKind(Severity severity, String title) {
        this.severity = severity;
        this.title = title;
    }

    public Severity defaultSeverity() {
        return severity;
    }

    public String defaultTitle() {
        return title;
    }

    /** How urgent. */
    public enum Severity { INFO, WARNING, CRITICAL }
}
