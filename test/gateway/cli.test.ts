import { spawn } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import * as YAML from "yaml";

/**
 * The CLI end to end. Each spawn costs about a second, so there are four, run in parallel, and each
 * checks several things: exit code, one JSON object on stdout, and the content.
 */

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

function gateway(args: string[]): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(path.resolve("node_modules/.bin/tsx"), ["cli/gateway.ts", ...args], { cwd: process.cwd() });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

const tmp = mkdtempSync(path.join(tmpdir(), "gw-cli-"));
const bad = path.join(tmp, "bad.yaml");
const out = path.join(tmp, "out");
let invalid: Run;
let route: Run;
let compiled: Run;
let usage: Run;
let hostile: Run;
const bomb = path.join(tmp, "bomb.yaml");

beforeAll(async () => {
    writeFileSync(bad, readFileSync("gateway/examples/phase0/gateway.yaml", "utf8").replace("- target: openai-main/gpt-4o-mini", "- target: openai-main/gpt-4o-mni").replace("limit_to: 60", "limit_to: 60\n    unit_typo: true"));
    // "Billion laughs": each level multiplies the one before by ten.
    const level = (n: string, of: string) => `${n}: &${n} [${Array(10).fill(`*${of}`).join(", ")}]`;
    writeFileSync(bomb, ["a: &a [x, x, x, x, x, x, x, x, x, x]", level("b", "a"), level("c", "b"), level("d", "c"), level("e", "d"), level("f", "e")].join("\n"));
    [invalid, route, compiled, usage, hostile] = await Promise.all([
        gateway(["validate", bad, "--json"]),
        gateway(["route", "gateway/examples/phase2", "--model", "openai-main/gpt-4o-mini", "--metadata", "workflow=batch", "--metadata", "environment=prod", "--subject", "user:ana@example.com", "--json"]),
        gateway(["compile", "gateway/examples/phase3", "--out", out, "--control-plane-url", "https://platform.example.com", "--json"]),
        gateway(["route", "gateway/examples/does-not-exist", "--model", "x/y", "--json"]),
        gateway(["validate", bomb, "--json"]),
    ]);
}, 60_000);

describe("npm run gateway", () => {
    it("validate: a document whose aliases expand without bound is a clean finding, exit 1, one JSON verdict", () => {
        expect(hostile.code).toBe(1);
        expect(hostile.stderr).toBe("");
        const report = JSON.parse(hostile.stdout);
        expect(report.ok).toBe(false);
        expect(report.issues).toEqual([expect.objectContaining({ code: "alias-limit", kind: "format", doc: 1 })]);
    });

    it("validate: exit 1 on an invalid config, listing every error with file, doc, path and fix", () => {
        expect(invalid.code).toBe(1);
        const report = JSON.parse(invalid.stdout);
        expect(report.ok).toBe(false);
        expect(report.errors).toHaveLength(2);
        expect(report.errors.join("\n")).toMatch(/bad\.yaml:24 \(doc 2\) integrations\[0\]\.routing_config\.load_balance_targets\[0\]\.target: .*got "openai-main\/gpt-4o-mni"\. Did you mean "openai-main\/gpt-4o-mini"\? Fix: .*\[unknown-target, semantic\]/);
        expect(report.errors.join("\n")).toMatch(/bad\.yaml:\d+ \(doc 3\) rules\[0\]\.unit_typo: unknown key "unit_typo".*\[unknown-key, format\]/);
        for (const i of report.issues) expect(Object.keys(i)).toEqual(expect.arrayContaining(["code", "kind", "file", "doc", "path", "expected", "actual"]));
    });

    it("route: the matching rule, ordered targets, limits and budget as one JSON object", () => {
        expect(route.code).toBe(0);
        const r = JSON.parse(route.stdout);
        expect(r.routing.ruleId).toBe("batch-onprem-first");
        expect(r.routing.targets.map((t: { target: string }) => t.target)).toEqual(["onprem-vllm/llama-3-1-70b", "azure-eu/gpt-4o-mini"]);
        expect(r.rateLimit.ruleId).toBe("batch-tokens");
        expect(r.budget.ruleId).toBe("prod-projects");
        expect(r.metadataProblems).toEqual(expect.arrayContaining([expect.stringContaining('"project_id"')]));
    });

    it("compile: manifests for tfy apply and chart values, without the contract or any credential", () => {
        expect(compiled.code).toBe(0);
        const r = JSON.parse(compiled.stdout);
        const manifests = readdirSync(path.join(out, "manifests"));
        expect(manifests).toHaveLength(10); // phase 3 has 11 documents; the splitplane contract is not a manifest
        expect(manifests[0]).toMatch(/^01-provider-account-/);
        expect(manifests.some((f) => readFileSync(path.join(out, "manifests", f), "utf8").includes("splitplane/gateway-contract"))).toBe(false);
        expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);
        const values = YAML.parse(readFileSync(path.join(out, "tfy-llm-gateway.values.yaml"), "utf8"));
        expect(values.global.controlPlaneURL).toBe("https://platform.example.com");
        expect(values.env.TFY_API_KEY).toBe("${k8s-secret/truefoundry-creds/TFY_API_KEY}");
    });

    it("exit 2 for an unreadable path, still with one JSON object", () => {
        expect(usage.code).toBe(2);
        expect(JSON.parse(usage.stdout)).toMatchObject({ ok: false, usageError: expect.stringContaining("cannot read (ENOENT)") });
    });
});
