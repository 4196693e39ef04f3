import Ajv from "ajv";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../config/parse";
import { allPolicies, catalog, modules, packConfigFor } from "../../policies/policies";

const root = path.resolve(__dirname, "../..");
const FAMILY_DIR: Record<string, string> = { aws: "aws", azure: "azure", k8s: "k8s", provider: "providers", stack: "stack", any: "any" };
/** Rows of policy-checks.md in themes I and C (the table below is checked against the reference when it is present). */
const I_AND_C_ROWS = [...Array.from({ length: 17 }, (_, i) => i + 1), ...Array.from({ length: 13 }, (_, i) => i + 22), ...Array.from({ length: 8 }, (_, i) => i + 36)];

function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("the policy catalog", () => {
    it("lists every policy once, in catalog order, with names CrossGuard accepts", () => {
        expect(allPolicies.map((p) => p.name)).toEqual(catalog.map((m) => m.name));
        expect(new Set(catalog.map((m) => m.name)).size).toBe(catalog.length);
        for (const m of catalog) expect(m.name).toMatch(/^[a-z0-9][a-z0-9-]{1,99}$/);
    });

    /** Hardening that judges data left in plaintext (the service's default, or a setting): mandatory, because the default is the defect. */
    const PLAINTEXT_BY_DEFAULT = ["aws-rds-encryption-tls", "aws-storage-encrypted", "aws-data-services-tls", "azure-db-tls-required"];

    it("is mandatory for themes I and C and for plaintext-by-default hardening, advisory for the rest of hardening (stateful protection applies in prod only, by config)", () => {
        for (const m of catalog) {
            const mandatory = m.theme !== "H" || m.name === "stack-prod-stateful-protected" || PLAINTEXT_BY_DEFAULT.includes(m.name);
            expect({ name: m.name, level: m.level }).toEqual({ name: m.name, level: mandatory ? "mandatory" : "advisory" });
        }
    });

    it("names each check of a table-driven policy once, with types that are the policy's own", () => {
        for (const m of catalog.filter((x) => x.cases !== undefined)) {
            const ids = m.cases!.map((c) => c.id);
            expect(new Set(ids).size, m.name).toBe(ids.length);
            expect(new Set(m.cases!.flatMap((c) => c.resourceTypes)), m.name).toEqual(new Set(m.resourceTypes));
            for (const c of m.cases!) expect(c.anchors.length, `${m.name}/${c.id}`).toBeGreaterThan(0);
        }
    });

    it("covers every check of themes I and C at mandatory level", () => {
        const covered = new Set(catalog.filter((m) => m.level === "mandatory" && m.theme !== "H").flatMap((m) => m.checks));
        expect(I_AND_C_ROWS.filter((r) => !covered.has(r))).toEqual([]);
    });

    const reference = path.resolve(root, "../shared/reference/policy-checks.md");
    if (!existsSync(reference)) console.warn(`skipping the reference row check: ${reference} is absent`);
    it.skipIf(!existsSync(reference))("agrees with the reference on which rows are themes I and C", () => {
        const rows = readFileSync(reference, "utf8")
            .split("\n")
            .map((l) => /^\| (\d+) \| ([ICH]) \|/.exec(l))
            .filter((m): m is RegExpExecArray => m !== null)
            .filter((m) => m[2] !== "H")
            .map((m) => Number(m[1]));
        expect(rows).toEqual(I_AND_C_ROWS);
    });

    it("has one module per policy at policies/<family>/<name>.ts, each with a mirrored test", () => {
        for (const m of catalog) {
            const [family, ...rest] = m.name.split("-");
            const rel = `${FAMILY_DIR[family]}/${rest.join("-")}`;
            expect(existsSync(path.join(root, "policies", `${rel}.ts`)), `policies/${rel}.ts`).toBe(true);
            expect(existsSync(path.join(root, "test/policies", `${rel}.test.ts`)), `test/policies/${rel}.test.ts`).toBe(true);
        }
    });

    it("constructs a PolicyPack only in policies/index.ts (constructing one starts a server)", () => {
        const constructing = walk(path.join(root, "policies")).filter((f) => f.endsWith(".ts") && /new PolicyPack\(/.test(readFileSync(f, "utf8")));
        expect(constructing.map((f) => path.relative(root, f))).toEqual(["policies/index.ts"]);
    });

    it("is self-contained from its entry: relative imports stay in policies/, packages are the pack's dependencies", () => {
        const deps = Object.keys(JSON.parse(readFileSync(path.join(root, "policies/package.json"), "utf8")).dependencies);
        const seen = new Set<string>();
        const bare = new Set<string>();
        const visit = (file: string) => {
            if (seen.has(file)) return;
            seen.add(file);
            for (const m of readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?\sfrom\s+"([^"]+)";|require\("([^"]+)"\)/gm)) {
                const spec = m[1] ?? m[2];
                if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), `${spec}.ts`));
                else if (!spec.startsWith("node:")) bare.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
            }
        };
        visit(path.join(root, "policies/index.ts"));
        expect([...seen].filter((f) => !f.startsWith(path.join(root, "policies") + path.sep))).toEqual([]);
        expect([...bare].filter((b) => !deps.includes(b))).toEqual([]);
        expect(seen.size).toBeGreaterThan(catalog.length);
    });

    it("accepts the config packConfigFor produces, by each policy's own JSON schema (as the Pulumi CLI validates it)", () => {
        const cfg = parseStackConfig(
            {
                "splitplane:cloud": "aws",
                "splitplane:environment": "prod",
                "splitplane:policy": JSON.stringify({ enforce: ["aws-ec2-imdsv2"], exemptions: [{ policy: "aws-lb-internal-only", urn: "urn:pulumi:prod::splitplane::aws:lb/loadBalancer:LoadBalancer::lb", reason: "public inference endpoint" }] }),
            },
            "stacks/Pulumi.test.yaml",
        );
        const config = packConfigFor(cfg);
        const ajv = new Ajv({ strict: false });
        for (const { policy } of modules) {
            const { enforcementLevel: _level, ...rest } = config[policy.name] as Record<string, unknown>;
            const validate = ajv.compile({ type: "object", ...policy.configSchema, additionalProperties: false });
            expect(validate(rest), `${policy.name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
        }
    });
});
