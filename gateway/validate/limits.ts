import type { GatewayConfigSet, Located } from "../config-set";
import type { IssueSink } from "../issues";
import { isCatchAll, normalizeWhen } from "../match";
import type { RuleWhen } from "../schema";
import { checkAppliesPer, checkShadowing, checkUniqueIds, checkWhen } from "./helpers";

/** Rate limits (`gateway-rate-limiting-config`) and budgets (`gateway-budget-config`). */

/** The dimensions the model's descriptions list ("user, virtualaccount, model, or a metadata key"). */
const DIMENSIONS = ["user", "model", "virtualaccount"] as const;

/**
 * Governance: untagged or unexpected traffic must still hit a limit. The gateway cannot test
 * "metadata key absent", so the safety net is a last rule that matches everything. A catch-all
 * above other rules hides them.
 */
function checkCatchAll(set: GatewayConfigSet, sink: IssueSink, doc: Located<{ rules: ReadonlyArray<{ id: string; when: RuleWhen }> }> | undefined, kind: string, type: string): void {
    if (!doc) {
        if (set.failedTypes.has(type) || set.failedTypes.has("<unknown>")) return; // already reported by its schema
        sink.report("catch-all", set.label, [], { message: `no ${type} document: requests that match no rule have no ${kind}`, expected: `a ${type} whose last rule has when: {}`, actual: "none", fix: "add one with a conservative limit" });
        return;
    }
    if (set.partialTypes.has(type)) return; // a rule that failed its schema may be the catch-all
    const { rules } = doc.value;
    const catchAlls = rules.map((r, i) => (isCatchAll(normalizeWhen(r.when)) ? i : -1)).filter((i) => i >= 0);
    if (catchAlls.length === 0) {
        sink.report("catch-all", doc.source, ["rules"], { message: `no catch-all ${kind} rule: requests that match no rule (untagged traffic, new teams) are unlimited`, expected: "a last rule with when: {}", actual: "none", fix: "add a last rule with when: {} and a low limit" });
        return;
    }
    for (const i of catchAlls) {
        if (i !== rules.length - 1) {
            sink.report("catch-all", doc.source, ["rules", i], { message: `catch-all ${kind} rule "${rules[i]!.id}" is not last, so the ${rules.length - 1 - i} rule(s) after it never decide`, expected: "the catch-all last", actual: `rules[${i}] of ${rules.length}`, fix: `move "${rules[i]!.id}" to the end` });
        }
    }
}

function checkLimit(sink: IssueSink, src: Located<unknown>["source"], path: (string | number)[], limit: number, kind: string): void {
    if (limit > 0) return;
    sink.report("limit-value", src, path, { message: `a ${kind} of ${limit} blocks every matching request`, expected: "a limit above 0", actual: String(limit), fix: "raise the limit, or remove the rule if nothing may pass" });
}

export function checkRateLimits(set: GatewayConfigSet, sink: IssueSink): void {
    const doc = set.rateLimits;
    checkCatchAll(set, sink, doc, "rate-limit", "gateway-rate-limiting-config");
    if (!doc) return;
    const { rules } = doc.value;
    checkUniqueIds(sink, doc.source, rules, "rate-limit");
    rules.forEach((rule, i) => {
        if (/\{[^}]*\}/.test(rule.id)) {
            sink.report("rate-limit-id", doc.source, ["rules", i, "id"], { message: "the id holds a {placeholder}: the server's id pattern still takes braces, but per-user placeholders were removed upstream and no longer split the limit", expected: "a plain id", actual: JSON.stringify(rule.id), fix: "use a plain id and rate_limit_applies_per: [user] instead" });
        }
        checkLimit(sink, doc.source, ["rules", i, "limit_to"], rule.limit_to, "rate limit");
        checkWhen(set, sink, doc.source, ["rules", i, "when"], rule.when);
        checkAppliesPer(set, sink, doc.source, ["rules", i, "rate_limit_applies_per"], rule.rate_limit_applies_per, DIMENSIONS, 2, "the gateway keys rate-limit counters on at most two (rate-limiting.md)");
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
        checkLimit(sink, doc.source, ["rules", i, "limit_to"], rule.limit_to, "budget");
        checkWhen(set, sink, doc.source, ["rules", i, "when"], rule.when);
        // The model takes a list; TrueFoundry's budget page allows "only one value per rule".
        checkAppliesPer(set, sink, doc.source, ["rules", i, "budget_applies_per"], rule.budget_applies_per, DIMENSIONS, 1, "a budget is split by one dimension only (budget-limiting.md)");
        const thresholds = rule.alerts?.thresholds ?? [];
        thresholds.forEach((t, k) => {
            const path = ["rules", i, "alerts", "thresholds", k];
            if (t === 0) {
                sink.report("alert-thresholds", doc.source, path, { message: "an alert at 0 % fires on the first request of every period", expected: "a percentage above 0 and at most 100", actual: "0", fix: "drop it, or use a real threshold such as 50" });
            } else if (k > 0 && t <= thresholds[k - 1]!) {
                sink.report("alert-thresholds", doc.source, path, { message: `threshold ${t} does not come after ${thresholds[k - 1]}`, expected: "strictly ascending thresholds, e.g. [50, 75, 90, 100]", actual: `[${thresholds.join(", ")}]`, fix: "sort the thresholds and remove repeats" });
            }
        });
    });
    // Cost still counts against a shadowed budget rule; only its allow/block decision is lost.
    checkShadowing(sink, doc.source, rules, "budget", "warning", true);
}
