import { beforeAll, describe, expect, it } from "vitest";
import * as YAML from "yaml";
import { type CompiledGateway, type GatewayCheckResult, compile, describeCredential, loadGatewayConfig } from "../../gateway";
import { walk } from "../../gateway/validate/credentials";

/** The phase examples are valid, and compile to the manifests `tfy apply -f` takes. */

const phases = ["phase0", "phase1", "phase2", "phase3"] as const;

describe.each(phases)("gateway/examples/%s", (phase) => {
    let result: GatewayCheckResult;
    let compiled: CompiledGateway;
    beforeAll(async () => {
        result = await loadGatewayConfig(`gateway/examples/${phase}`);
        compiled = compile(result.config);
    });

    it("validates with no error and no warning", () => {
        expect(result.errors).toEqual([]);
        expect(result.warnings).toEqual([]);
    });

    it("passes guardrails by phase at its own phase, in each environment tier a stack of that phase may have", async () => {
        const phaseNo = Number(phase.slice(-1));
        for (const environment of phaseNo === 3 ? ["staging", "prod"] : ["dev", "staging", "prod"]) {
            const r = await loadGatewayConfig(`gateway/examples/${phase}`, { phase: phaseNo, environment });
            expect([environment, r.errors]).toEqual([environment, []]);
        }
    });

    it("compiles every TrueFoundry document, in apply order, and leaves the splitplane contract out", () => {
        const sourceTypes = result.config.documents.map((d) => d.value.type).filter((t) => !t.startsWith("splitplane/"));
        expect(compiled.manifests.map((m) => m.type).sort()).toEqual([...sourceTypes].sort());
        const rank = (t: string) => (t === "provider-account/guardrail-config-group" ? 1 : t === "provider-account/virtual-model" ? 2 : t.startsWith("provider-account/") ? 0 : 3);
        const ranks = compiled.manifests.map((m) => rank(m.type));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(compiled.manifests.every((m) => /^\d\d-[-._a-z0-9]+\.yaml$/.test(m.file))).toBe(true);
    });

    it("round-trips: each manifest parses back to its source document", () => {
        const byName = new Map(result.config.documents.map((d) => [`${d.value.type}/${(d.value as { name: string }).name}`, d.value]));
        for (const m of compiled.manifests) expect(YAML.parse(m.content)).toEqual(byName.get(`${m.type}/${m.name}`));
    });

    it("holds no literal credential", () => {
        for (const m of compiled.manifests) {
            walk(YAML.parse(m.content), [], undefined, (path, key, value) => expect(describeCredential(key, value), `${m.file} ${path.join(".")}`).toBeUndefined());
        }
    });
});

describe("compile output identity", () => {
    it("is deterministic, and any change to a manifest changes the hash", async () => {
        const a = compile((await loadGatewayConfig("gateway/examples/phase1")).config);
        const b = compile((await loadGatewayConfig("gateway/examples/phase1")).config);
        expect(b.contentHash).toBe(a.contentHash);
        const c = compile((await loadGatewayConfig("gateway/examples/phase2")).config);
        expect(c.contentHash).not.toBe(a.contentHash);
        expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    });
});
