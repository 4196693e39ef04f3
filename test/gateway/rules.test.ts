import { describe, expect, it } from "vitest";
import { type GatewayManifestInput, RULES, type RuleCode } from "../../gateway";
import { baseline, check, docOf } from "./fixture";

/**
 * Every validation rule, each with the mistake it exists to catch: one change to the compliant
 * baseline, and the rule (and only that rule) must fire with a message naming the key path.
 */

type Docs = GatewayManifestInput[];
const routing = (d: Docs) => docOf(d, "gateway-load-balancing-config");
const vmTargets = (d: Docs) => docOf(d, "provider-account/virtual-model").integrations[0].routing_config.load_balance_targets;
const batch = (d: Docs) => routing(d).rules[0];
const rates = (d: Docs) => docOf(d, "gateway-rate-limiting-config");
const budgets = (d: Docs) => docOf(d, "gateway-budget-config");
const guards = (d: Docs) => docOf(d, "gateway-guardrails-config");
const contract = (d: Docs) => docOf(d, "splitplane/gateway-contract");
const without = (d: Docs, type: string) => d.splice(d.findIndex((x) => x.type === type), 1);

interface Case {
    mistake: string;
    change: (d: Docs) => void;
    code: RuleCode;
    severity?: "error" | "warning";
    /** Substrings of the formatted line: path and message. */
    says: string[];
}

const cases: Case[] = [
    { mistake: "two routing rules share an id", change: (d) => (routing(d).rules[1].id = "batch-onprem-first"), code: "duplicate-id", says: ["rules[1].id", "already used by rules[0]"] },
    { mistake: "a second rate-limit config that would replace the first", change: (d) => d.push(structuredClone(rates(d))), code: "duplicate-id", says: ["a second gateway-rate-limiting-config"] },
    { mistake: "a virtual-model group named like a provider account", change: (d) => (docOf(d, "provider-account/virtual-model").name = "openai-main"), code: "duplicate-id", says: ['provider account name "openai-main"'] },
    { mistake: "the same model twice in an account", change: (d) => docOf(d, "provider-account/openai").integrations.push({ type: "integration/model/openai", name: "gpt-4o-mini", model_id: "gpt-4o-mini" }), code: "duplicate-id", says: ["integrations[2].name", '"openai-main/gpt-4o-mini" is defined twice'] },
    { mistake: "a fallback to a model not in the catalog (LiteLLM #15114)", change: (d) => (vmTargets(d)[1].target = "openai-main/gpt-5"), code: "unknown-target", says: ["load_balance_targets[1].target", "not in the model catalog"] },
    { mistake: "a misspelt target, with the model it was meant to be", change: (d) => (vmTargets(d)[1].target = "openai-main/gpt-4o-mni"), code: "unknown-target", says: ['Did you mean "openai-main/gpt-4o-mini"?'] },
    { mistake: "a target without its provider account", change: (d) => (vmTargets(d)[1].target = "gpt-4o"), code: "unknown-target", says: ["not of the form <provider-account>/<model>", 'Did you mean "openai-main/gpt-4o"?'] },
    { mistake: "a target that is itself a virtual model", change: (d) => (batch(d).load_balance_targets[1].target = "platform/assistant"), code: "virtual-target", says: ["rules[0].load_balance_targets[1].target", "targets a virtual model"] },
    { mistake: "an embedding virtual model routed to chat models (a target that cannot serve the operation)", change: (d) => (docOf(d, "provider-account/virtual-model").integrations[0].model_types = ["embedding"]), code: "target-operation", says: ["load_balance_targets[0].target", "cannot serve embedding"] },
    { mistake: "two routes that send requests back and forth (LiteLLM #6498)", change: (d) => routing(d).rules.push({ id: "gpt-4o-to-mini", type: "weight-based-routing", when: { models: ["openai-main/gpt-4o"] }, load_balance_targets: [{ target: "openai-main/gpt-4o-mini", weight: 100 }] }), code: "fallback-cycle", says: ["routing loop", "openai-main/gpt-4o → openai-main/gpt-4o-mini → openai-main/gpt-4o"] },
    { mistake: "more fallback steps than the contract allows", change: (d) => (contract(d).max_fallback_depth = 0), code: "fallback-depth", says: ["can fall back 1 times", "max_fallback_depth 0"] },
    { mistake: "weights that are not percentages (LiteLLM #13878)", change: (d) => (vmTargets(d)[0].weight = 80), code: "weights", severity: "warning", says: ["routing_config.load_balance_targets", "weights are shares of 90", "openai-main/gpt-4o gets 88.9 %"] },
    { mistake: "every weight 0, a division by zero upstream (LiteLLM #33329)", change: (d) => vmTargets(d).forEach((t: any) => (t.weight = 0)), code: "weights", says: ["every weight is 0"] },
    { mistake: "a negative weight", change: (d) => { vmTargets(d)[0].weight = -10; }, code: "weights", says: ["load_balance_targets[0].weight", "negative weight"] },
    { mistake: "two targets with the same priority", change: (d) => (batch(d).load_balance_targets[1].priority = 0), code: "priorities", says: ["load_balance_targets[1].priority", "has the same priority"] },
    { mistake: "two targets left at the default priority", change: (d) => batch(d).load_balance_targets.forEach((t: any) => delete t.priority), code: "priorities", says: ["load_balance_targets[1].priority", "the same priority (0, the default)"] },
    { mistake: "priority routing with nothing to fall back to", change: (d) => batch(d).load_balance_targets.pop(), code: "priorities", severity: "warning", says: ["single target has nothing to fall back to"] },
    { mistake: "lower priorities that can never take traffic", change: (d) => (batch(d).load_balance_targets[1].fallback_candidate = false), code: "priorities", says: ["no target after the first is a fallback candidate"] },
    { mistake: "a status code that does not exist", change: (d) => vmTargets(d)[0].fallback_status_codes.push("600"), code: "status-code", says: ["fallback_status_codes[2]", "not an HTTP status code"] },
    { mistake: "a status code that cannot mean failure", change: (d) => batch(d).load_balance_targets[1].retry_config.on_status_codes.push("200"), code: "status-code", says: ["retry_config.on_status_codes[2]", "200 is not a failure"] },
    { mistake: "retrying on a client error", change: (d) => batch(d).load_balance_targets[1].retry_config.on_status_codes.push("400"), code: "retry-4xx", severity: "warning", says: ["retry_config.on_status_codes[2]", "retrying on 400"] },
    { mistake: "failing over on a malformed request", change: (d) => vmTargets(d)[0].fallback_status_codes.push("422"), code: "fallback-4xx", severity: "warning", says: ["failing over on 422"] },
    { mistake: "retries that outlast the request timeout", change: (d) => (contract(d).attempt_timeout_ms = 300000), code: "timeout-budget", says: ["rules[0].load_balance_targets[1]", "= 900200 ms"] },
    { mistake: "a fallback chain that outlasts the request timeout", change: (d) => Object.assign(contract(d), { request_timeout_ms: 100000, attempt_timeout_ms: 30000 }), code: "timeout-budget", severity: "warning", says: ["got up to 120200 ms"] },
    { mistake: "a rule behind an earlier, broader one (first match wins)", change: (d) => routing(d).rules.unshift({ id: "all-mini", type: "latency-based-routing", when: { models: ["openai-main/gpt-4o-mini"] }, load_balance_targets: [{ target: "openai-main/gpt-4o-mini" }] }), code: "shadowed-rule", says: ["rules[2]", 'routing rule "mini-for-search" never applies', '"all-mini" (rules[0])'] },
    { mistake: "a rate-limit rule behind an identical one", change: (d) => rates(d).rules.splice(1, 0, { ...rates(d).rules[0], id: "batch-again" }), code: "shadowed-rule", says: ['rate-limit rule "batch-again" never applies'] },
    { mistake: "a budget rule that never decides", change: (d) => budgets(d).rules.splice(1, 0, { ...budgets(d).rules[0], id: "prod-again", alerts: undefined }), code: "shadowed-rule", severity: "warning", says: ["never decides (its spend is still counted)"] },
    { mistake: "no catch-all rate limit, so untagged traffic is unlimited", change: (d) => rates(d).rules.pop(), code: "catch-all", says: ["no catch-all rate-limit rule"] },
    { mistake: "a catch-all budget above the specific ones", change: (d) => budgets(d).rules.reverse(), code: "catch-all", says: ["rules[0]", 'catch-all budget rule "everyone" is not last'] },
    { mistake: "no budget config at all", change: (d) => without(d, "gateway-budget-config"), code: "catch-all", says: ["fixture: no gateway-budget-config document"] },
    { mistake: "a rate limit of zero", change: (d) => (rates(d).rules[0].limit_to = 0), code: "limit-value", says: ["rules[0].limit_to", "blocks every matching request"] },
    { mistake: "a subject without its kind", change: (d) => (routing(d).rules[1].when.subjects = ["search"]), code: "subject", says: ["rules[1].when.subjects[0]", "malformed subject", 'got "search"'] },
    { mistake: "a malformed subject in a guardrail rule", change: (d) => (guards(d).rules[0].when.subjects = { operator: "and", conditions: { not_in: ["bob"] } }), code: "subject", says: ["when.subjects.conditions.not_in[0]"] },
    { mistake: "a collaborator without a subject kind", change: (d) => (docOf(d, "provider-account/virtual-model").collaborators = [{ subject: "platform-team", role_id: "manager" }]), code: "subject", says: ["collaborators[0].subject"] },
    { mistake: "an empty subjects list", change: (d) => (routing(d).rules[1].when.subjects = []), code: "empty-condition", says: ["rules[1].when.subjects", "empty subjects list"] },
    { mistake: "matching on a metadata key outside the contract", change: (d) => (rates(d).rules[0].when.metadata = { region: "eu" }), code: "metadata-undeclared", says: ["rules[0].when.metadata.region", 'metadata key "region" is not declared'] },
    { mistake: "counting per an undeclared metadata key", change: (d) => (rates(d).rules[0].rate_limit_applies_per = ["metadata.region"]), code: "metadata-undeclared", says: ["rate_limit_applies_per[0]"] },
    { mistake: "matching a metadata value the contract does not allow", change: (d) => (batch(d).when.metadata.workflow = "chat"), code: "metadata-value", says: ["workflow is not an allowed value", 'got "chat"'] },
    { mistake: "matching a value against the contract pattern", change: (d) => (rates(d).rules[0].when.metadata = { team: "Search Team" }), code: "metadata-value", says: ["does not match the contract pattern"] },
    { mistake: "a budget split by two dimensions (the budget page allows one)", change: (d) => (budgets(d).rules[0].budget_applies_per = ["user", "metadata.project_id"]), code: "applies-per", says: ["too many counter dimensions", "expected at most 1 entry"] },
    { mistake: "three rate-limit dimensions", change: (d) => (rates(d).rules[0].rate_limit_applies_per = ["user", "model", "metadata.project_id"]), code: "applies-per", says: ["expected at most 2 entries"] },
    { mistake: "a dimension the gateway does not count by", change: (d) => (rates(d).rules[1].rate_limit_applies_per = ["team"]), code: "applies-per", says: ["not a counter dimension", 'got "team"'] },
    { mistake: "alert thresholds out of order", change: (d) => (budgets(d).rules[0].alerts.thresholds = [90, 50]), code: "alert-thresholds", says: ["thresholds[1]", "does not come after 90"] },
    { mistake: "an alert at 0 %", change: (d) => (budgets(d).rules[0].alerts.thresholds = [0, 50]), code: "alert-thresholds", says: ["alert at 0 %"] },
    { mistake: "a guardrail that does not exist", change: (d) => (guards(d).rules[0].llm_input_guardrails = ["safety/nope"]), code: "guardrail-selector", says: ["rules[0].llm_input_guardrails[0]", "no guardrail config group defines"] },
    { mistake: "LLM guardrails on an MCP-only rule", change: (d) => (guards(d).rules[1].llm_input_guardrails = ["safety/pii"]), code: "guardrail-hook", says: ["rules[1].llm_input_guardrails", "targets only MCP servers"] },
    { mistake: "a guardrail rule without a target, which has no effect", change: (d) => delete guards(d).rules[0].when.target, code: "guardrail-target", says: ["rules[0].when.target", "has no effect"] },
    { mistake: "two mutate guardrails with one priority", change: (d) => docOf(d, "provider-account/guardrail-config-group").integrations.push({ type: "integration/guardrail-config/tfy-pii", name: "pii-two", enforcing_strategy: "audit", config: {} }), code: "guardrail-priority", severity: "warning", says: ['"pii" and "pii-two" share priority 1 (the default)'] },
    { mistake: "a guardrail rule with no guardrails", change: (d) => (guards(d).rules[0].llm_input_guardrails = []), code: "empty-rule", severity: "warning", says: ['"prod-llm" attaches no guardrail'] },
    { mistake: "a bearer token pasted into a header override", change: (d) => (vmTargets(d)[0].headers_override = { set: { Authorization: "Bearer abcdefghijklmnop" } }), code: "literal-credential", says: ["headers_override.set.Authorization", "a bearer token"] },
    { mistake: "a short literal API key, which no pattern would recognise", change: (d) => (docOf(d, "provider-account/openai").auth_data.api_key = "abc123"), code: "literal-credential", says: ["auth_data.api_key", 'credential field "api_key"'] },
    { mistake: "the removed {user} placeholder in a rate-limit id", change: (d) => (rates(d).rules[1].id = "{user}-everyone"), code: "rate-limit-id", says: ["holds a {placeholder}"] },
    { mistake: "a rule for a model that does not exist (routes that match nothing, Envoy #1485)", change: (d) => (routing(d).rules[1].when.models = ["openai-main/gpt-5"]), code: "unknown-model", says: ["rules[1].when.models[0]", "never matches"] },
    { mistake: "config written for another gateway version", change: (d) => (contract(d).gateway_version = "0.150.0"), code: "gateway-version", says: ['expected "0.168.0", got "0.150.0"'] },
    { mistake: "a metadata key with both values and a pattern", change: (d) => (contract(d).metadata[2].pattern = "^[a-z-]+$"), code: "contract", says: ['"workflow" has both values and pattern'] },
    { mistake: "the same target twice in a rule", change: (d) => (batch(d).load_balance_targets[1].target = "onprem/llama"), code: "duplicate-target", says: ["the same target twice", '"onprem/llama" also at load_balance_targets[0]'] },
    { mistake: "a global rule for a virtual model", change: (d) => (routing(d).rules[1].when.models = ["platform/assistant"]), code: "ambiguous-route", severity: "warning", says: ["has its own routing_config"] },
];

describe("the baseline fixture", () => {
    it("is valid with no warnings, so each case below isolates one rule", () => {
        const r = check(baseline());
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
    });
});

describe.each(cases)("$code catches $mistake", ({ change, code, severity = "error", says }) => {
    it("fires alone, with the path and the reason", () => {
        const docs = baseline();
        change(docs);
        const r = check(docs);
        const fired = r.issues.filter((i) => i.severity === severity && i.code === code);
        expect(fired.length, `issues: ${[...r.errors, ...r.warnings].join("\n")}`).toBeGreaterThan(0);
        const lines = severity === "error" ? r.errors : r.warnings;
        const matching = lines.filter((l) => l.endsWith(`[${code}, ${RULES[code].kind}]`) && says.every((s) => l.includes(s)));
        expect(matching, lines.join("\n")).not.toEqual([]);
        expect(matching[0]).toMatch(/^fixture.*\(doc \d+\)|^fixture: /);
        expect(matching[0]).toContain("Fix: ");
        // No other rule fires: the message is about this mistake only.
        expect(new Set(r.issues.map((i) => i.code))).toEqual(new Set([code]));
    });
});

describe("warnings never fail validation", () => {
    it("keeps errors empty when only warnings fire", () => {
        const docs = baseline();
        vmTargets(docs)[0].fallback_status_codes.push("422");
        const r = check(docs);
        expect(r.errors).toEqual([]);
        expect(r.warnings).toHaveLength(1);
    });
});

describe("every error is listed, not just the first", () => {
    it("reports independent mistakes in different documents together", () => {
        const docs = baseline();
        vmTargets(docs)[0].weight = -1;
        rates(docs).rules.pop();
        budgets(docs).rules[0].alerts.thresholds = [90, 50];
        const codes = check(docs).issues.map((i) => i.code).sort();
        expect(codes).toEqual(["alert-thresholds", "catch-all", "weights"]);
    });
});
