import { copyFileSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliRun, runCli } from "./spawn";

/** The CLIs as users run them (each spawn costs ~2 s, so there are few and each asserts a lot). */
const root = path.resolve(__dirname, "../..");
const leakyStack = () => {
    // A copy of the dev stack with an AWS secret key in config: encrypted, yet still a static credential.
    const dir = mkdtempSync(path.join(tmpdir(), "sp-plan-"));
    const stackFile = path.join(dir, "Pulumi.leaky.yaml");
    copyFileSync(path.join(root, "stacks/Pulumi.aws-phase1.yaml"), stackFile);
    appendFileSync(stackFile, "  aws:accessKey:\n    secure: v1:CIPHERTEXT-ACCESS\n  aws:secretKey:\n    secure: v1:CIPHERTEXT-SECRET\n");
    return { dir, stackFile, out: path.join(dir, "out") };
};
const leaky = leakyStack();
afterAll(() => rmSync(leaky.dir, { recursive: true, force: true }));

// Every CLI of this file at once (each spawn loads the SDKs): the file waits for the slowest, not the sum.
let runs: Record<string, CliRun>;
beforeAll(async () => {
    const fixtures = ["--policies", "test/fixtures/engine/test-policies.ts", "--json", "--transpile-only"];
    const [openIngress, clean, outside, mistakes, leak] = await Promise.all([
        runCli("cli/check.ts", ["test/fixtures/engine/open-ingress.ts", ...fixtures]),
        runCli("cli/check.ts", ["test/fixtures/engine/clean.ts", ...fixtures]),
        runCli("cli/check.ts", ["/etc/hostname"]),
        runCli("cli/plan.ts", ["test/fixtures/stacks/Pulumi.three-mistakes.yaml", "--transpile-only"]),
        runCli("cli/plan.ts", [leaky.stackFile, "--out", leaky.out, "--json", "--transpile-only"]),
    ]);
    runs = { openIngress, clean, outside, mistakes, leak };
}, 120_000);

describe("npm run check", () => {
    it("prints exactly one JSON object with the documented shape and exits 1 on a mandatory violation", () => {
        const r = runs.openIngress;
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
        expect(runs.clean.code).toBe(0);
        const outside = runs.outside;
        expect(outside.code).toBe(2);
        expect(outside.stderr).toContain("must be inside the project tree");
    });
});

describe("npm run plan", () => {
    it("exits 2 with one line per config problem and plans nothing", () => {
        const r = runs.mistakes;
        expect(r.code).toBe(2);
        const lines = r.stderr.trim().split("\n");
        expect(lines).toHaveLength(3);
        for (const l of lines) expect(l).toMatch(/^test\/fixtures\/stacks\/Pulumi\.three-mistakes\.yaml: splitplane:\S+ /);
        expect(r.stdout).not.toContain("Resources:");
    });

    it("writes plan.json and report.md, fails on a static provider key and never prints the secret", () => {
        const { out } = leaky;
        const r = runs.leak;
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
