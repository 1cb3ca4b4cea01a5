package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;

/**
 * The write actions of the console other than retry (bean {@code consoleActions}): each takes its typed request
 * (unmarshalled by the REST binding), changes the database, and returns a {@link ConsoleOutcome} for the
 * {@code record} step. A request that cannot be done is refused with a {@link ConsoleException} (400, 404, 409).
 */
public final class ConsoleActions {

    /** Reply of resolve by hand. */
    public record Resolved(long resolved, String message) {
    }

    /** Reply of an added rule. */
    public record RuleSaved(OrgRuleStore.Rule rule, String message) {
    }

    /** Reply of a deleted rule. */
    public record RuleDeleted(String deleted, String message) {
    }

    /** 旺店通's shop numbers: letters, digits, '-' and '_', at most 32. */
    static final java.util.regex.Pattern SHOP_NO = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final Settings settings;
    private final OrgRuleStore orgRules;
    private final DeadLetterStore deadLetters;

    public ConsoleActions(Settings settings, OrgRuleStore orgRules, DeadLetterStore deadLetters) {
        this.settings = settings;
        this.orgRules = orgRules;
        this.deadLetters = deadLetters;
    }

    /** "Resolve by hand" (writes dead_letter): closes an open dead letter with the operator's note (required). */
    public ConsoleOutcome resolve(ResolveRequest request) {
        if (request == null) {
            throw ConsoleException.noBody(ResolveRequest.class);
        }
        if (request.id() == null) {
            throw new ConsoleException(400, "which dead letter? (id)");
        }
        if (request.note() == null) {
            throw new ConsoleException(400, "say why it is resolved by hand (note)");
        }
        long id = request.id();
        deadLetters.resolve(id, "by hand: " + request.note());
        return new ConsoleOutcome("resolve", "dead letter " + id, request.note(), "resolved",
                new Resolved(id, "dead letter " + id + " resolved by hand"));
    }

    /** Adds or changes (writes org_rule) the rule of a shop that no {@code customer.org-rule.*} key names. */
    public ConsoleOutcome addOrgRule(OrgRuleRequest request) {
        if (request == null) {
            throw ConsoleException.noBody(OrgRuleRequest.class);
        }
        if (request.shopNo() == null || request.useOrg() == null) {
            throw new ConsoleException(400, "give the shop number (shopNo) and the use organisation (useOrg)");
        }
        // issue 18.5: checked against the scheme before anything is stored
        if (!SHOP_NO.matcher(request.shopNo()).matches()) {
            throw new ConsoleException(400, "a shop number is letters, digits, '-' and '_', at most 32 (旺店通's shop_no);"
                    + " got '" + ConsoleText.clip(request.shopNo(), 40) + "'");
        }
        java.util.Set<String> known = new java.util.TreeSet<>(settings.orgRule().orgByShop().values());
        if (!known.contains(request.useOrg())) {
            throw new ConsoleException(400, "organisation '" + ConsoleText.clip(request.useOrg(), 40) + "' is not one the"
                    + " start-up check found in Kingdee (" + String.join(", ", known) + ")");
        }
        String configured = settings.orgRule().orgByShop().get(request.shopNo());
        if (configured != null) {
            throw new ConsoleException(409, "shop " + request.shopNo() + " already has the rule " + configured
                    + " in customer.org-rule." + configured + "; change it in application.properties");
        }
        OrgRuleStore.Rule rule = orgRules.put(request.shopNo(), request.useOrg(), request.note());
        String target = "shop " + rule.shopNo() + " → " + rule.useOrg();
        return new ConsoleOutcome("org-rule", target, request.note(), "saved", new RuleSaved(rule, target));
    }

    /** Deletes (writes org_rule) the console's rule of a shop. */
    public ConsoleOutcome deleteOrgRule(OrgRuleDeleteRequest request) {
        if (request == null) {
            throw ConsoleException.noBody(OrgRuleDeleteRequest.class);
        }
        if (request.shopNo() == null) {
            throw new ConsoleException(400, "give the shop number (shopNo)");
        }
        String shop = request.shopNo();
        if (!orgRules.delete(shop)) {
            throw new ConsoleException(404, "no console organisation rule for shop " + shop);
        }
        return new ConsoleOutcome("org-rule-delete", "shop " + shop, request.note(), "deleted",
                new RuleDeleted(shop, "rule of shop " + shop + " deleted"));
    }
}
