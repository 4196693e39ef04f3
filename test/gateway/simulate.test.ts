import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type GatewayConfigSet, checkGatewayObjects, loadGatewayConfig, simulateRoute } from "../../gateway";
import { baseline, check, docOf } from "./fixture";
import { covers, matches, normalizeWhen } from "../../gateway/match";

/** Route simulation over the phase examples, plus the law that keeps shadowing and matching honest. */

const prod = { team: "search", project_id: "code-review", environment: "prod" };

describe("the seeds' routing example (phase 2)", () => {
    let cfg: GatewayConfigSet;
    beforeAll(async () => {
        const r = await loadGatewayConfig("gateway/examples/phase2");
        expect(r.errors).toEqual([]);
        cfg = r.config;
    });

    it("answers simple repository questions cheap-first with a frontier fallback", () => {
        const r = simulateRoute(cfg, { model: "openai-main/gpt-4o-mini", subject: "user:ana@example.com", metadata: { ...prod, workflow: "repo-qa" } });
        expect(r.routing).toMatchObject({ via: "routing-rule", ruleId: "repo-qa-cheap-first", strategy: "priority-based-routing" });
        expect(r.routing.targets.map((t) => t.target)).toEqual(["openai-main/gpt-4o-mini", "anthropic-main/claude-sonnet-4"]);
        expect(r.routing.targets[0]!.fallback_status_codes).toEqual(["429", "500", "502", "503"]);
    });

    it("sends security reviews to the strongest model first, with its retry settings", () => {
        const r = simulateRoute(cfg, { model: "openai-main/gpt-4o-mini", metadata: { ...prod, workflow: "security-review" } });
        expect(r.routing.ruleId).toBe("security-review-strongest-first");
        expect(r.routing.targets[0]).toMatchObject({ target: "anthropic-main/claude-opus-4", priority: 0, retry: { attempts: 1, delay_ms: 500, on_status_codes: ["429", "500", "503"] } });
    });

    it("runs batch jobs on-prem first, overflowing to the cloud, under the batch token limit", () => {
        const r = simulateRoute(cfg, { model: "openai-main/gpt-4o-mini", metadata: { ...prod, workflow: "batch" } });
        expect(r.routing.targets.map((t) => t.target)).toEqual(["onprem-vllm/llama-3-1-70b", "azure-eu/gpt-4o-mini"]);
        expect(r.rateLimit).toEqual({ ruleId: "batch-tokens", limit_to: 1000000, unit: "tokens_per_minute", applies_per: ["metadata.project_id"] });
    });

    it("gives untagged traffic the catch-alls and says which required keys are missing", () => {
        const r = simulateRoute(cfg, { model: "openai-main/gpt-4o-mini", subject: "user:bob@example.com" });
        expect(r.routing).toMatchObject({ via: "direct", targets: [{ target: "openai-main/gpt-4o-mini", retry: null }] });
        expect(r.rateLimit?.ruleId).toBe("everything-else");
        expect(r.budget).toMatchObject({ ruleId: "everything-else", alsoCountedAgainst: [] });
        expect(r.metadataProblems).toEqual(expect.arrayContaining([expect.stringContaining('missing required key "project_id"'), expect.stringContaining('missing required key "workflow"')]));
    });

    it("decides a budget by the first match and still counts the spend against later matches", () => {
        const r = simulateRoute(cfg, { model: "platform/assistant", metadata: { ...prod, workflow: "chat" } });
        expect(r.budget).toMatchObject({ ruleId: "prod-projects", limit_to: 5000, unit: "cost_per_month", alsoCountedAgainst: ["everything-else"] });
    });

    it("reports the guardrails per hook in their mode, and MCP hooks only for MCP calls", () => {
        const llm = simulateRoute(cfg, { model: "openai-main/gpt-4o-mini", metadata: prod });
        expect(llm.guardrails.llm_input_guardrails.map((g) => [g.selector, g.enforcing_strategy])).toEqual([
            ["safety/pii-detect", "enforce_but_ignore_on_error"],
            ["safety/prompt-injection", "enforce_but_ignore_on_error"],
        ]);
        expect(llm.guardrails.mcp_tool_pre_invoke_guardrails).toEqual([]);
        const onprem = simulateRoute(cfg, { model: "onprem-vllm/llama-3-1-70b", metadata: prod });
        expect(onprem.guardrails.llm_input_guardrails).toEqual([]); // not_in excludes the on-prem model
        const mcp = simulateRoute(cfg, { model: "openai-main/gpt-4o-mini", mcpServer: "github-mcp", metadata: prod });
        expect(mcp.guardrails.mcp_tool_pre_invoke_guardrails).toEqual([{ selector: "safety/tool-args", operation: "validate", enforcing_strategy: "audit", rules: ["mcp-tools"] }]);
        expect(mcp.guardrails.llm_input_guardrails).toEqual([]);
    });
});

describe("phase 3: canary and strict guardrails in prod", () => {
    let cfg: GatewayConfigSet;
    beforeAll(async () => {
        cfg = (await loadGatewayConfig("gateway/examples/phase3")).config;
    });

    it("orders the weighted canary by weight", () => {
        const r = simulateRoute(cfg, { model: "platform/assistant", metadata: { ...prod, workflow: "chat" } });
        expect(r.routing.via).toBe("virtual-model");
        expect(r.routing.targets.map((t) => [t.target, t.weight])).toEqual([["anthropic-main/claude-sonnet-4", 90], ["anthropic-main/claude-sonnet-4-5", 10]]);
    });

    it("runs mutate guardrails first, by priority, and enforces strictly in prod only", () => {
        const p = simulateRoute(cfg, { model: "platform/assistant", metadata: { ...prod, workflow: "chat" } });
        expect(p.guardrails.llm_input_guardrails.map((g) => `${g.selector}:${g.operation}:${g.enforcing_strategy}`)).toEqual([
            "safety/pii-redact-strict:mutate:enforce",
            "safety/prompt-injection-strict:validate:enforce",
        ]);
        const staging = simulateRoute(cfg, { model: "platform/assistant", metadata: { ...prod, environment: "staging", workflow: "chat" } });
        expect(staging.guardrails.llm_input_guardrails.map((g) => g.enforcing_strategy)).toEqual(["enforce_but_ignore_on_error", "enforce_but_ignore_on_error"]);
    });
});

describe("covers and matches agree", () => {
    const subject = fc.constantFrom("user:a@x.io", "user:b@x.io", "team:x", "team:y");
    const model = fc.constantFrom("p/m1", "p/m2", "p/m3");
    const value = fc.constantFrom("v1", "v2");
    const when = fc.record(
        { subjects: fc.uniqueArray(subject, { minLength: 1, maxLength: 3 }), models: fc.uniqueArray(model, { minLength: 1, maxLength: 2 }), metadata: fc.dictionary(fc.constantFrom("k1", "k2"), value) },
        { requiredKeys: [] },
    );
    const request = fc.record({ model, subjects: fc.uniqueArray(subject, { maxLength: 2 }), metadata: fc.dictionary(fc.constantFrom("k1", "k2"), value) });

    it("a rule that covers another matches every request the other matches (so shadowing is never a false alarm)", () => {
        fc.assert(
            fc.property(when, when, request, (a, b, req) => {
                const [na, nb] = [normalizeWhen(a), normalizeWhen(b)];
                if (covers(na, nb) && matches(nb, req)) expect(matches(na, req)).toBe(true);
            }),
            { numRuns: 500 },
        );
    });
});

describe("the server's defaults and guardrail matching, as the model and pages describe them", () => {
    const base = () => baseline();
    const sim = (docs: unknown[], req: Parameters<typeof simulateRoute>[1]) => {
        const r = check(docs);
        expect(r.errors).toEqual([]);
        return simulateRoute(r.config, req);
    };

    it("shows omitted fallback codes as the server's default list, not as no fallback", () => {
        const r = sim(base(), { model: "platform/assistant" });
        expect(r.routing.targets.map((t) => t.fallback_status_codes)).toEqual([["429", "503"], ["401", "403", "404", "429", "500", "502", "503"]]);
    });

    it("a guardrail rule without a target applies to nothing; \"*\" applies to every model", () => {
        const docs = base();
        expect(sim(docs, { model: "openai-main/gpt-4o", metadata: { environment: "prod" } }).guardrails.llm_input_guardrails.map((g) => g.selector)).toEqual(["safety/pii", "safety/injection"]);
        delete docOf(docs, "gateway-guardrails-config").rules[0].when.target;
        const r = checkGatewayObjects(docs, "fixture");
        expect(r.issues.map((i) => i.code)).toEqual(["guardrail-target"]);
        expect(simulateRoute(r.config, { model: "openai-main/gpt-4o", metadata: { environment: "prod" } }).guardrails.llm_input_guardrails).toEqual([]);
    });

    it("calls a virtual model by its slug", () => {
        const docs = base();
        docOf(docs, "provider-account/virtual-model").integrations[0].slug = "assistant";
        const r = sim(docs, { model: "assistant" });
        expect([r.modelKind, r.routing.via]).toEqual(["virtual", "virtual-model"]);
    });
});
