package com.wdtkingdee.sync.console;

/** Body of {@code POST /console/api/org-rules}: shop number → use organisation, with a note. */
public record OrgRuleRequest(String shopNo, String useOrg, String note) {

    public OrgRuleRequest {
        shopNo = ConsoleText.trimmed(shopNo);
        useOrg = ConsoleText.trimmed(useOrg);
        note = ConsoleText.trimmed(note);
    }
}
