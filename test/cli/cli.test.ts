import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmScriptFor } from "../../bench/npm-script";

/** The CLIs as users run them (each spawn costs ~2 s, so there are few and each asserts a lot). */
const root = path.resolve(__dirname, "../..");
const run = (script: string, args: string[]) => {
    const { cmd, args: scriptArgs } = npmScriptFor(root, script);
    const res = spawnSync(cmd, [...scriptArgs, ...args], { cwd: root, encoding: "utf8" });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
};

describe("npm run check", () => {
    it("prints exactly one JSON object with the documented shape and exits 1 on a mandatory violation", () => {
        const r = run("cli/check.ts", ["test/fixtures/engine/open-ingress.ts", "--policies", "test/fixtures/engine/test-policies.ts", "--json", "--transpile-only"]);
        expect(r.code).toBe(1);
        const out = JSON.parse(r.stdout);
        expect(Object.keys(out).sort()).toEqual(["config", "resources", "stack", "violations"]);
        expect(out).toMatchObject({ stack: "check", config: null });
        for (const res of out.resources) expect(Object.keys(res).sort()).toEqual(["custom", "name", "type", "urn"]);
        expect(out.violations).toEqual([
            { policy: "test-no-open-ingress", enforcementLevel: "mandatory", urn: "urn:pulumi:check::splitplane::aws:ec2/securityGroup:SecurityGroup::web", message: "ingress admits 0.0.0.0/0" },
        ]);
    });

    it("exits 0 on a clean program and 2 on a program outside the tree", () => {
        expect(run("cli/check.ts", ["test/fixtures/engine/clean.ts", "--policies", "test/fixtures/engine/test-policies.ts", "--json", "--transpile-only"]).code).toBe(0);
        const outside = run("cli/check.ts", ["/etc/hostname"]);
        expect(outside.code).toBe(2);
        expect(outside.stderr).toContain("must be inside the project tree");
    });
});

describe("npm run plan", () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), "sp-plan-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("exits 2 with one line per config problem and plans nothing", () => {
        const r = run("cli/plan.ts", ["test/fixtures/stacks/Pulumi.three-mistakes.yaml", "--transpile-only"]);
        expect(r.code).toBe(2);
        const lines = r.stderr.trim().split("\n");
        expect(lines).toHaveLength(3);
        for (const l of lines) expect(l).toMatch(/^test\/fixtures\/stacks\/Pulumi\.three-mistakes\.yaml: splitplane:\S+ /);
        expect(r.stdout).not.toContain("Resources:");
    });

    it("writes plan.json and report.md, fails on a static provider key and never prints the secret", () => {
        // A copy of the dev stack with an AWS secret key in config: encrypted, yet still a static credential.
        const stackFile = path.join(dir, "Pulumi.leaky.yaml");
        copyFileSync(path.join(root, "stacks/Pulumi.aws-phase1.yaml"), stackFile);
        appendFileSync(stackFile, "  aws:accessKey:\n    secure: v1:CIPHERTEXT-ACCESS\n  aws:secretKey:\n    secure: v1:CIPHERTEXT-SECRET\n");
        const out = path.join(dir, "out");
        const r = run("cli/plan.ts", [stackFile, "--out", out, "--json", "--transpile-only"]);
        // --out says where it wrote, on stderr so that stdout stays one JSON object.
        expect(r.stderr).toBe(`wrote ${path.join(out, "leaky", "plan.json")} and ${path.join(out, "leaky", "report.md")}\n`);
        expect(r.code).toBe(1);
        // The whole document arrives through a pipe (well past the 64 KiB a premature exit would cut).
        expect(r.stdout.length).toBeGreaterThan(65_536);
        const printed = JSON.parse(r.stdout);
        expect(printed.stacks.map((p: { stack: string }) => p.stack)).toEqual(["leaky"]);
        expect(printed.errors).toEqual([]);

        const plan = JSON.parse(readFileSync(path.join(out, "leaky", "plan.json"), "utf8"));
        expect(plan).toEqual(printed.stacks[0]);
        const provider = plan.resources.find((r: { urn: string }) => r.urn.endsWith("pulumi:providers:aws::default_7_48_0"));
        expect(provider.inputs).toMatchObject({ accessKey: "[secret]", secretKey: "[secret]", region: "eu-west-1" });
        for (const res of plan.resources) expect(Object.keys(res).sort()).toEqual(["dependencies", "inputs", "name", "options", "parent", "provider", "type", "urn"]);
        expect(plan.violations.some((v: { urn: string; enforcementLevel: string }) => v.urn === provider.urn && v.enforcementLevel === "mandatory")).toBe(true);

        const report = readFileSync(path.join(out, "leaky", "report.md"), "utf8");
        expect(report).toContain("```mermaid\nflowchart LR");
        expect(report).toContain("## Policy violations");
        for (const text of [r.stdout, JSON.stringify(plan), report]) expect(text).not.toContain("CIPHERTEXT");
    });
});
