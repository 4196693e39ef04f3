import type { GatewayConfigSet, Located } from "../config-set";
import type { IssueSink } from "../issues";
import { isCatchAll, normalizeWhen } from "../match";
import type { RuleWhen } from "../schema";
import { checkAppliesPer, checkShadowing, checkUniqueIds, checkWhen } from "./helpers";

/** Rate limits (`gateway-rate-limiting-config`) and budgets (`gateway-budget-config`). */

const RATE_DIMENSIONS = ["user", "model", "virtualaccount"] as const;
const BUDGET_DIMENSIONS = ["user", "model", "team", "virtualaccount"] as const;

/**
 * Untagged or unexpected traffic must still hit a limit: the gateway cannot test "metadata key absent",
 * so the safety net is a last rule that matches everything. A catch-all above other rules hides them.
 */
function checkCatchAll(set: GatewayConfigSet, sink: IssueSink, doc: Located<{ rules: ReadonlyArray<{ id: string; when: RuleWhen }> }> | undefined, kind: string, type: string): void {
    if (!doc) {
        if (set.failedTypes.has(type) || set.failedTypes.has("<unknown>")) return; // already reported by its schema
        sink.error("catch-all", set.label, [], `no ${type} document: requests that match no rule have no ${kind}`, `add a ${type} whose last rule has when: {} and a conservative limit`);
        return;
    }
    const { rules } = doc.value;
    const catchAlls = rules.map((r, i) => (isCatchAll(normalizeWhen(r.when)) ? i : -1)).filter((i) => i >= 0);
    if (catchAlls.length === 0) {
        sink.error("catch-all", doc.source, ["rules"], `no catch-all ${kind} rule: requests that match no rule (untagged traffic, new teams) are unlimited`, "add a last rule with when: {} and a low limit");
        return;
    }
    for (const i of catchAlls) {
        if (i !== rules.length - 1) {
            sink.error("catch-all", doc.source, ["rules", i], `catch-all ${kind} rule "${rules[i]!.id}" is not last, so the ${rules.length - 1 - i} rule(s) after it never decide`, `move "${rules[i]!.id}" to the end`);
        }
    }
}

export function checkRateLimits(set: GatewayConfigSet, sink: IssueSink): void {
    const doc = set.rateLimits;
    checkCatchAll(set, sink, doc, "rate-limit", "gateway-rate-limiting-config");
    if (!doc) return;
    const { rules } = doc.value;
    checkUniqueIds(sink, doc.source, rules, "rate-limit");
    rules.forEach((rule, i) => {
        if (/\{[^}]*\}/.test(rule.id)) {
            sink.error("rate-limit-id", doc.source, ["rules", i, "id"], `rule id "${rule.id}" contains a {placeholder}; the per-user placeholders were removed upstream`, "use a plain id and rate_limit_applies_per: [user] instead");
        }
        checkWhen(set, sink, doc.source, ["rules", i, "when"], rule.when);
        checkAppliesPer(set, sink, doc.source, ["rules", i, "rate_limit_applies_per"], rule.rate_limit_applies_per, RATE_DIMENSIONS);
    });
    checkShadowing(sink, doc.source, rules, "rate-limit", "error", true);
}

export function checkBudgets(set: GatewayConfigSet, sink: IssueSink): void {
    const doc = set.budgets;
    checkCatchAll(set, sink, doc, "budget", "gateway-budget-config");
    if (!doc) return;
    const { rules } = doc.value;
    checkUniqueIds(sink, doc.source, rules, "budget");
    rules.forEach((rule, i) => {
        checkWhen(set, sink, doc.source, ["rules", i, "when"], rule.when);
        checkAppliesPer(set, sink, doc.source, ["rules", i, "budget_applies_per"], rule.budget_applies_per, BUDGET_DIMENSIONS);
        const thresholds = rule.alerts?.thresholds ?? [];
        thresholds.forEach((t, k) => {
            const path = ["rules", i, "alerts", "thresholds", k];
            if (!(t > 0 && t <= 100)) {
                sink.error("alert-thresholds", doc.source, path, `threshold ${t} is outside (0, 100]`, "thresholds are percentages of limit_to: use values above 0 and at most 100");
            } else if (k > 0 && t <= thresholds[k - 1]!) {
                sink.error("alert-thresholds", doc.source, path, `threshold ${t} does not come after ${thresholds[k - 1]}`, "list thresholds in strictly ascending order, e.g. [50, 75, 90, 100]");
            }
        });
    });
    // Cost still counts against a shadowed budget rule; only its allow/block decision is lost.
    checkShadowing(sink, doc.source, rules, "budget", "warning", true);
}
