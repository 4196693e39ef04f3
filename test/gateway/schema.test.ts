import { mkdtempSync, mkdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatIssue, loadGatewayConfig, parseText } from "../../gateway";
import { baseline, check, docOf } from "./fixture";

/** The strict schemas (unknown keys, enums, required modes) and the loader (files, folders, lines). */

/** Format findings (what the control plane would refuse) after one change to the baseline. */
function formatIssues(change: (d: any[]) => void) {
    const docs = baseline();
    change(docs);
    return check(docs).issues.filter((i) => i.kind === "format" && i.severity === "error");
}

describe("shapes the server's schema refuses", () => {
    it("refuses an unknown key with its path, the keys it allows and a did-you-mean", () => {
        const issues = formatIssues((d) => {
            const rule = docOf(d, "gateway-rate-limiting-config").rules[0];
            rule.limit_too = rule.limit_to;
            delete rule.limit_to;
        });
        // The real key is missing too.
        expect(issues.map((x) => [x.code, x.path]).sort()).toEqual([["schema", "rules[0].limit_to"], ["unknown-key", "rules[0].limit_too"]]);
        const i = issues.find((x) => x.code === "unknown-key");
        expect(i).toMatchObject({ code: "unknown-key", path: "rules[0].limit_too", actual: '"limit_too"', didYouMean: "limit_to" });
        expect(i!.expected).toContain("rate_limit_applies_per");
        expect(formatIssue(i!)).toContain('Did you mean "limit_to"?');
    });

    it("names the v0.116 replacement for the old guardrail keys", () => {
        const i = formatIssues((d) => {
            const rule = docOf(d, "gateway-guardrails-config").rules[0];
            rule.input_guardrails = rule.llm_input_guardrails;
            delete rule.llm_input_guardrails;
        }).find((x) => x.code === "unknown-key");
        expect(i!.message).toContain('unknown key "input_guardrails" (renamed to llm_input_guardrails in gateway v0.116)');
    });

    it.each([
        ["a budget period that never resets (1mo, LiteLLM #6601)", (d: any[]) => (docOf(d, "gateway-budget-config").rules[1].unit = "1mo"), "rules[1].unit", '"1mo"'],
        ["a monthly rate-limit unit", (d: any[]) => (docOf(d, "gateway-rate-limiting-config").rules[1].unit = "requests_per_month"), "rules[1].unit", '"requests_per_month"'],
        ["an invalid guardrail mode (a crash-looping proxy elsewhere)", (d: any[]) => (docOf(d, "provider-account/guardrail-config-group").integrations[1].enforcing_strategy = "block"), "integrations[1].enforcing_strategy", '"block"'],
        ["a budget rule id with an underscore (outside the server's id pattern)", (d: any[]) => (docOf(d, "gateway-budget-config").rules[1].id = "every_one"), "rules[1].id", '"every_one"'],
        ["an upper-case account name", (d: any[]) => (docOf(d, "provider-account/openai").name = "OpenAI-Main"), "name", '"OpenAI-Main"'],
        ["a virtual-model group starting with a digit", (d: any[]) => (docOf(d, "provider-account/virtual-model").name = "1st"), "name", '"1st"'],
        ["a sticky-routing TTL under the server's 30 minutes", (d: any[]) => (docOf(d, "provider-account/virtual-model").integrations[0].routing_config.sticky_routing = { ttl_seconds: 600, session_identifiers: [{ source: "headers", key: "x-session" }] }), "integrations[0].routing_config.sticky_routing.ttl_seconds", "600"],
        ["a retry delay of 0 (PositiveInt upstream)", (d: any[]) => (docOf(d, "gateway-load-balancing-config").rules[0].load_balance_targets[1].retry_config.delay = 0), "rules[0].load_balance_targets[1].retry_config.delay", "0"],
        ["an alert threshold above 100 %", (d: any[]) => (docOf(d, "gateway-budget-config").rules[0].alerts.thresholds = [50, 120]), "rules[0].alerts.thresholds[1]", "120"],
        ["a fractional weight", (d: any[]) => (docOf(d, "provider-account/virtual-model").integrations[0].routing_config.load_balance_targets[0].weight = 89.5), "integrations[0].routing_config.load_balance_targets[0].weight", "89.5"],
        ["a guardrail target operator other than or", (d: any[]) => (docOf(d, "gateway-guardrails-config").rules[1].when.target.operator = "and"), "rules[1].when.target.operator", '"and"'],
        ["a slack-bot channel without #", (d: any[]) => (docOf(d, "gateway-budget-config").rules[0].alerts.notification_target = [{ type: "slack-bot", notification_channel: "acme:slack:bot:notification-channel:x", channels: ["finops"] }]), "rules[0].alerts.notification_target[0].channels[0]", '"finops"'],
    ])("refuses %s", (_what, change, path, actual) => {
        const issues = formatIssues(change);
        expect(issues.map((i) => [i.code, i.path])).toEqual([["schema", path]]);
        expect(issues[0]!.actual).toContain(actual);
        expect(issues[0]!.expected.length).toBeGreaterThan(0);
    });

    it.each([
        ["timeout_ms on a target (not in the model)", (d: any[]) => (docOf(d, "gateway-load-balancing-config").rules[0].load_balance_targets[0].timeout_ms = 60000), "rules[0].load_balance_targets[0].timeout_ms", "x-tfy-request-timeout"],
        ["a weight on a priority-based target (a silently dropped setting, LiteLLM #37301)", (d: any[]) => (docOf(d, "gateway-load-balancing-config").rules[0].load_balance_targets[0].weight = 50), "rules[0].load_balance_targets[0].weight", "priority"],
        ["an SLA cutoff on a weight-based target", (d: any[]) => (docOf(d, "provider-account/virtual-model").integrations[0].routing_config.load_balance_targets[0].sla_cutoff = { time_per_output_token_ms: 40 }), "integrations[0].routing_config.load_balance_targets[0].sla_cutoff", "metadata_match, weight"],
        ["headers_override as a flat map instead of {set, remove}", (d: any[]) => (docOf(d, "provider-account/virtual-model").integrations[0].routing_config.load_balance_targets[0].headers_override = { "x-team": "search" }), "integrations[0].routing_config.load_balance_targets[0].headers_override.x-team", "remove, set"],
        ["a webhook URL in an alert instead of a notification channel", (d: any[]) => (docOf(d, "gateway-budget-config").rules[0].alerts.notification_target[0].webhook_url = "tfy-secret://acme:n:hook"), "rules[0].alerts.notification_target[0].webhook_url", "notification_channel"],
    ])("refuses %s as an unknown key, saying what the server takes", (_what, change, path, says) => {
        const issues = formatIssues(change);
        expect(issues.map((i) => [i.code, i.path])).toEqual([["unknown-key", path]]);
        expect(`${issues[0]!.message} ${issues[0]!.expected}`).toContain(says);
    });

    it("requires an alert's notification channel and a guardrail rule's four hooks", () => {
        const issues = formatIssues((d) => {
            delete docOf(d, "gateway-budget-config").rules[0].alerts.notification_target[0].notification_channel;
            delete docOf(d, "gateway-guardrails-config").rules[0].llm_output_guardrails;
        });
        expect(issues.map((i) => [i.path, i.actual])).toEqual([
            ["rules[0].alerts.notification_target[0].notification_channel", "nothing"],
            ["rules[0].llm_output_guardrails", "nothing"],
        ]);
    });

    it("requires the enforcing strategy: a guardrail whose mode was omitted must not run (LiteLLM #8108)", () => {
        const [i] = formatIssues((d) => delete docOf(d, "provider-account/guardrail-config-group").integrations[1].enforcing_strategy);
        expect(i).toMatchObject({ path: "integrations[1].enforcing_strategy", actual: "nothing" });
        expect(i!.expected).toBe('one of "audit" | "enforce_but_ignore_on_error" | "enforce"');
    });

    it("names an unknown document type with the closest known one", () => {
        const [i] = formatIssues((d) => d.push({ type: "gateway-budget-configs", name: "x", rules: [] }));
        expect(i).toMatchObject({ code: "unknown-type", path: "type", didYouMean: "gateway-budget-config" });
    });

    it("accepts a provider type it has not derived, with a warning that says so", () => {
        const docs = baseline();
        docs.push({ type: "provider-account/google-vertex", name: "vertex-main", integrations: [{ type: "integration/model/vertex", name: "claude", model_id: "anthropic.claude" }] } as never);
        const r = check(docs);
        expect(r.errors).toEqual([]);
        expect(r.issues.map((i) => [i.code, i.kind, i.severity])).toEqual([["unchecked-type", "format", "warning"]]);
        expect(r.config.models.has("vertex-main/claude")).toBe(true);
    });

    it("derives Bedrock in full: a keyless account (the gateway's own AWS identity) or an assumed role, refusing a malformed role ARN", () => {
        const bedrock = (auth?: unknown) => ({ type: "provider-account/aws-bedrock", name: "bedrock-eu", region: "eu-west-1", ...(auth ? { auth_data: auth } : {}), integrations: [{ type: "integration/model/bedrock", name: "claude", model_id: "eu.anthropic.claude-sonnet-4-20250514-v1:0" }] });
        for (const ok of [undefined, { type: "assumed-role-based", assumed_role_arn: "arn:aws:iam::123456789012:role/tfy-bedrock" }]) {
            const docs = baseline();
            docs.push(bedrock(ok) as never);
            expect(check(docs).issues).toEqual([]);
        }
        const docs = baseline();
        docs.push(bedrock({ type: "assumed-role-based", assumed_role_arn: "arn:aws:iam::1234:role/x" }) as never);
        expect(check(docs).issues.map((i) => [i.code, i.path])).toEqual([["schema", "auth_data.assumed_role_arn"]]);
    });

    it("normalises numeric status codes to the documented strings", () => {
        const docs = baseline();
        docOf(docs, "provider-account/virtual-model").integrations[0].routing_config.load_balance_targets[0].fallback_status_codes = [429, 503];
        const r = check(docs);
        expect(r.errors).toEqual([]);
        const vm = r.config.virtualModels.get("platform/assistant")!;
        expect(vm.model.routing_config.load_balance_targets[0]!.fallback_status_codes).toEqual(["429", "503"]);
    });
});

describe("every problem at once", () => {
    it("a typo'd key does not hide an unknown target in the same document, and paths stay as written", () => {
        const docs = baseline();
        const routing = docOf(docs, "gateway-load-balancing-config");
        routing.rules[0].load_balance_targets[0].priorty = 0; // typo: the rule fails its schema
        routing.rules[1].load_balance_targets[1].target = "openai-main/gpt-5";
        const r = check(docs);
        expect(r.issues.map((i) => [i.code, i.path])).toEqual([
            ["unknown-key", "rules[0].load_balance_targets[0].priorty"],
            ["unknown-target", "rules[1].load_balance_targets[1].target"],
        ]);
    });

    it("a rule that fails its schema is left out alone: the next rule's findings keep their own index", () => {
        const docs = baseline();
        const rates = docOf(docs, "gateway-rate-limiting-config");
        rates.rules[0].unit = "requests_per_month";
        rates.rules[1].rate_limit_applies_per = ["team"];
        const r = check(docs);
        expect(r.issues.map((i) => [i.code, i.path])).toEqual([
            ["schema", "rules[0].unit"],
            ["applies-per", "rules[1].rate_limit_applies_per[0]"],
        ]);
    });

    it("a model whose entry fails its schema is not reported again as unknown where it is targeted", () => {
        const docs = baseline();
        delete docOf(docs, "provider-account/openai").integrations[1].model_id; // gpt-4o
        docOf(docs, "gateway-load-balancing-config").rules[1].load_balance_targets[1].target = "openai-main/gpt-5";
        const r = check(docs);
        expect(r.issues.map((i) => [i.code, i.path])).toEqual([
            ["schema", "integrations[1].model_id"],
            ["unknown-target", "rules[1].load_balance_targets[1].target"],
        ]);
    });

    it("reports format, semantic and governance findings of a multi-error config in one run", () => {
        const docs = baseline();
        docOf(docs, "gateway-budget-config").rules[0].unit = "cost_per_year";
        docOf(docs, "provider-account/virtual-model").integrations[0].routing_config.load_balance_targets[1].target = "openai-main/gpt-5";
        docOf(docs, "gateway-rate-limiting-config").rules.pop();
        docOf(docs, "gateway-guardrails-config").rules[0].llm_input_guardrails = ["safety/nope"];
        const r = check(docs);
        expect(r.issues.map((i) => `${i.code}/${i.kind}`).sort()).toEqual(["catch-all/governance", "guardrail-selector/semantic", "schema/format", "unknown-target/semantic"]);
        for (const i of r.issues) expect([i.file, typeof i.doc, i.expected !== "", i.actual !== ""]).toEqual(["fixture", "number", true, true]);
    });
});

describe("governance level", () => {
    const ungoverned = () => {
        const docs = baseline();
        docOf(docs, "gateway-rate-limiting-config").rules.pop(); // no catch-all
        docOf(docs, "gateway-budget-config").rules[0].when.metadata = { region: "eu" }; // outside the contract
        return docs;
    };

    it("is error by default, and for a check without a stack", () => {
        expect(check(ungoverned()).issues.map((i) => [i.code, i.severity]).sort()).toEqual([["catch-all", "error"], ["metadata-undeclared", "error"]]);
    });

    it("turns governance findings into warnings where the environment says warning", () => {
        const r = check(ungoverned(), { governance: "warning" });
        expect(r.errors).toEqual([]);
        expect(r.issues.map((i) => [i.code, i.severity]).sort()).toEqual([["catch-all", "warning"], ["metadata-undeclared", "warning"]]);
    });

    it("never lowers format, semantic or literal-credential findings", () => {
        const docs = baseline();
        docOf(docs, "provider-account/openai").auth_data.api_key = "abc123";
        docOf(docs, "gateway-budget-config").rules[0].unit = "cost_per_year";
        docOf(docs, "gateway-load-balancing-config").rules[1].when.subjects = ["search"];
        const r = check(docs, { governance: "warning" });
        expect(r.issues.map((i) => [i.code, i.severity]).sort()).toEqual([["literal-credential", "error"], ["schema", "error"], ["subject", "error"]]);
    });
});

describe("guardrails by phase (governance)", () => {
    it("is not judged without a phase (a plain validate)", () => {
        const docs = baseline();
        docOf(docs, "gateway-guardrails-config").rules[0].llm_input_guardrails = [];
        expect(check(docs).issues.map((i) => i.code)).toEqual(["empty-rule"]);
    });

    it("needs LLM input guardrails from phase 1", () => {
        const docs = baseline();
        docOf(docs, "gateway-guardrails-config").rules.splice(0, 1);
        expect(check(docs, { phase: 0 }).errors).toEqual([]);
        const r = check(docs, { phase: 1 });
        expect(r.issues.map((i) => [i.code, i.kind])).toEqual([["guardrail-phase", "governance"]]);
    });

    it("needs enforce in prod at phase 3 and passes where prod traffic is guarded strictly", () => {
        expect(check(baseline(), { phase: 3, environment: "prod" }).errors).toEqual([]); // safety/pii is enforce
        const docs = baseline();
        docOf(docs, "gateway-guardrails-config").rules[0].llm_input_guardrails = ["safety/injection"]; // audit only
        const r = check(docs, { phase: 3, environment: "prod" });
        expect(r.issues.map((i) => [i.code, i.actual])).toEqual([["guardrail-phase", "audit"]]);
        // Staging traffic matches no rule of this fixture (its rule is for prod).
        expect(check(baseline(), { phase: 3, environment: "staging" }).issues.map((i) => [i.code, i.actual])).toEqual([["guardrail-phase", "none"]]);
    });
});

describe("loading YAML and JSON", () => {
    it("numbers documents in a multi-document file and gives the line of the key", () => {
        const text = "type: gateway-budget-config\nname: b\nrules: []\n---\ntype: gateway-rate-limiting-config\nname: r\nrules:\n  - id: a\n    when: {}\n    limit_to: 5\n    unit: requests_per_week\n";
        const { docs } = parseText(text, "limits.yaml");
        expect(docs.map((d) => d.source.doc)).toEqual([1, 2]);
        expect(docs[1]!.source.locate!(["rules", 0, "unit"])).toBe(11);
    });

    it("reads a list document as one document per item", () => {
        const { docs } = parseText('[{"type": "gateway-budget-config", "name": "b", "rules": []}, {"type": "x"}]', "all.json");
        expect(docs.map((d) => [d.source.doc, (d.data as { type: string }).type])).toEqual([[1, "gateway-budget-config"], [2, "x"]]);
    });

    it("reports a syntax error with its line and keeps the other documents", () => {
        const { docs, issues } = parseText("type: a\n---\nkey: [unclosed\n", "broken.yaml");
        expect(docs).toHaveLength(1);
        expect(issues[0]).toMatchObject({ code: "syntax", file: "broken.yaml", doc: 2 });
        expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
    });

    it("reports a duplicate key (tfy apply would keep the last) and still reads the document", () => {
        const { docs, issues } = parseText("type: gateway-budget-config\nname: a\nname: b\nrules: []\n", "dup.yaml");
        expect(issues).toEqual([expect.objectContaining({ code: "duplicate-key", kind: "semantic", path: "name", line: 3 })]);
        expect(docs[0]!.data).toEqual({ type: "gateway-budget-config", name: "b", rules: [] });
    });

    it("resolves YAML 1.1 merge keys, as PyYAML does", () => {
        const text = "defaults: &t { priority: 1, fallback_candidate: false }\nrule:\n  <<: *t\n  priority: 2\n";
        expect(parseText(text, "m.yaml").docs[0]!.data).toEqual({ defaults: { priority: 1, fallback_candidate: false }, rule: { priority: 2, fallback_candidate: false } });
    });

    it("reads YAML 1.1 scalars as PyYAML does: yes/no/on/off are booleans, y/n, 1e6 stay strings, dates are dates", () => {
        const data = parseText("a: on\nb: no\nc: y\nd: 1e6\ne: 1.0e+6\nf: 2024-10-21\ng: 0755\n", "s.yaml").docs[0]!.data as Record<string, unknown>;
        expect(data).toMatchObject({ a: true, b: false, c: "y", d: "1e6", e: 1000000, g: 493 });
        expect(data.f).toBeInstanceOf(Date);
        // JSON stays JSON.
        expect(parseText('{"a": "on"}', "s.json").docs[0]!.data).toEqual({ a: "on" });
    });

    it("says why an unquoted date is not a string", () => {
        const docs = baseline();
        docs.push({ type: "provider-account/azure-openai", name: "azure-eu", azure_endpoint: "https://x.openai.azure.com", integrations: [{ type: "integration/model/azure-openai", name: "mini", model_id: "mini", api_version: new Date("2024-10-21") }] } as never);
        const [i] = check(docs).issues;
        expect(i).toMatchObject({ code: "schema", path: "integrations[0].api_version", actual: "a date 2024-10-21" });
        expect(i!.message).toContain("YAML 1.1");
    });

    it("refuses a document whose aliases expand without bound as a clean finding", () => {
        const level = (name: string, of: string) => `${name}: &${name} [${Array(10).fill(`*${of}`).join(", ")}]`;
        const text = ["a: &a [x, x, x, x, x, x, x, x, x, x]", level("b", "a"), level("c", "b"), level("d", "c"), level("e", "d")].join("\n");
        const { docs, issues } = parseText(`${text}\n---\ntype: gateway-budget-config\nname: b\nrules: []\n`, "bomb.yaml");
        expect(issues).toEqual([expect.objectContaining({ code: "alias-limit", kind: "format", doc: 1, line: 1 })]);
        expect(docs.map((d) => d.source.doc)).toEqual([2]);
    });

    describe("from a folder", () => {
        let root: string;
        beforeAll(() => {
            root = mkdtempSync(path.join(tmpdir(), "gw-"));
            mkdirSync(path.join(root, "cfg", "nested"), { recursive: true });
            writeFileSync(path.join(root, "cfg", "a.yaml"), "type: gateway-rate-limiting-config\nname: r\nrules:\n  - { id: all, when: {}, limit_to: 5, unit: requests_per_minute }\n");
            writeFileSync(path.join(root, "cfg", "nested", "b.json"), JSON.stringify({ type: "gateway-budget-config", name: "b", rules: [{ id: "all", when: {}, limit_to: 1, unit: "cost_per_week" }] }));
            writeFileSync(path.join(root, "cfg", "notes.txt"), "ignored");
        });

        it("reads every YAML/JSON file, recursively, naming files relative to the root", async () => {
            const r = await loadGatewayConfig("cfg", { root });
            expect(r.errors).toEqual([]);
            expect(r.config.documents.map((d) => d.source.file)).toEqual([path.join("cfg", "a.yaml"), path.join("cfg", "nested", "b.json")]);
        });

        it("marks a missing path as unreadable (a usage error), not as an invalid config", async () => {
            const r = await loadGatewayConfig("nope", { root });
            expect(r.unreadable).toMatch(/^nope: cannot read \(ENOENT\)/);
            expect(r.errors).toEqual([r.unreadable]);
        });
    });
});
