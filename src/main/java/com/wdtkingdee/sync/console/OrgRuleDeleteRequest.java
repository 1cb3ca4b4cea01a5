package com.wdtkingdee.sync.console;

/** Body of {@code POST /console/api/org-rules/delete}: the shop whose console rule goes, with a note. */
public record OrgRuleDeleteRequest(String shopNo, String note) {

    public OrgRuleDeleteRequest {
        shopNo = ConsoleText.trimmed(shopNo);
        note = ConsoleText.trimmed(note);
    }
}
