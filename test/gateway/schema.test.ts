import { mkdtempSync, mkdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGatewayConfig, parseText } from "../../gateway";
import { baseline, check, docOf } from "./fixture";

/** The strict schemas (unknown keys, enums, required modes) and the loader (files, folders, lines). */

function schemaErrors(change: (d: any[]) => void): string[] {
    const docs = baseline();
    change(docs);
    return check(docs).errors.filter((l) => l.endsWith("[schema]"));
}

describe("strict schemas", () => {
    it("rejects an unknown key with its path, instead of dropping the setting", () => {
        const errors = schemaErrors((d) => (docOf(d, "gateway-rate-limiting-config").rules[0].limit = 10));
        expect(errors).toEqual([expect.stringContaining('rules[0].limit: unknown key "limit"')]);
    });

    it("names the v0.116 replacement for the old guardrail keys", () => {
        const errors = schemaErrors((d) => {
            const rule = docOf(d, "gateway-guardrails-config").rules[0];
            rule.input_guardrails = rule.llm_input_guardrails;
            delete rule.llm_input_guardrails;
        });
        expect(errors[0]).toContain('unknown key "input_guardrails" (renamed to llm_input_guardrails in gateway v0.116)');
    });

    it("refuses a budget period that never resets (1mo, LiteLLM #6601)", () => {
        const errors = schemaErrors((d) => (docOf(d, "gateway-budget-config").rules[1].unit = "1mo"));
        expect(errors[0]).toContain('rules[1].unit: must be one of "cost_per_day" | "cost_per_week" | "cost_per_month" (got "1mo")');
    });

    it("has no monthly rate-limit unit", () => {
        const errors = schemaErrors((d) => (docOf(d, "gateway-rate-limiting-config").rules[1].unit = "requests_per_month"));
        expect(errors[0]).toContain('(got "requests_per_month")');
    });

    it("requires the enforcing strategy: a guardrail whose mode was omitted must not run (LiteLLM #8108)", () => {
        const errors = schemaErrors((d) => delete docOf(d, "provider-account/guardrail-config-group").integrations[1].enforcing_strategy);
        expect(errors[0]).toContain("integrations[1].enforcing_strategy: enforcing_strategy is required");
    });

    it("rejects an invalid guardrail mode at validation, not as a crash-looping proxy", () => {
        const errors = schemaErrors((d) => (docOf(d, "provider-account/guardrail-config-group").integrations[1].enforcing_strategy = "block"));
        expect(errors[0]).toContain('must be one of "audit" | "enforce_but_ignore_on_error" | "enforce" (got "block")');
    });

    it("enforces the virtual-model group name rule (3–64, no leading digit)", () => {
        const errors = schemaErrors((d) => (docOf(d, "provider-account/virtual-model").name = "1st"));
        expect(errors[0]).toContain("name: must be 3–64 letters, digits or hyphens and not start with a digit");
    });

    it("takes provider credentials only as secret references", () => {
        const errors = schemaErrors((d) => (docOf(d, "provider-account/openai").auth_data.api_key = "tfy-secret://only-two:parts"));
        expect(errors[0]).toContain("auth_data.api_key: must be a secret reference tfy-secret://<tenant>:<secret-group>:<key>");
    });

    it("names an unknown document type and lists the known ones", () => {
        const errors = schemaErrors((d) => d.push({ type: "gateway-cache-config", name: "x" }));
        expect(errors[0]).toContain('type: unknown document type "gateway-cache-config"');
        expect(errors[0]).toContain("gateway-budget-config");
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

    it("rejects duplicate keys rather than keeping the last one", () => {
        const { issues } = parseText("type: gateway-budget-config\nname: a\nname: b\n", "dup.yaml");
        expect(issues[0]!.message).toContain("Map keys must be unique");
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
