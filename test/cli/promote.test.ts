import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliRun, runCli } from "./spawn";

/** `npm run plan -- <stack> --promote <n>` as users run it (fixture stacks, not the example ones, so renaming those does not matter). */
describe("npm run plan -- <stack> --promote <n>", () => {
    let dir: string;
    let ready: CliRun;
    let missing: CliRun;
    let text: CliRun;
    beforeAll(async () => {
        dir = mkdtempSync(path.join(tmpdir(), "sp-promote-"));
        [ready, missing, text] = await Promise.all([
            runCli("cli/plan.ts", ["test/fixtures/stacks/Pulumi.promote-aws-ready.yaml", "--promote", "2", "--json", "--out", dir, "--transpile-only"]),
            runCli("cli/plan.ts", ["test/fixtures/stacks/Pulumi.promote-aws.yaml", "--promote", "3", "--transpile-only"]),
            runCli("cli/plan.ts", ["test/fixtures/stacks/Pulumi.promote-aws-ready.yaml", "--promote", "2", "--transpile-only"]),
        ]);
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("--json: the target phase's plan with a promotion object: adds, in-place changes with their inputs, nothing to replace or delete", () => {
        expect(ready.code).toBe(0);
        const out = JSON.parse(ready.stdout);
        const promotion = out.stacks[0].promotion;
        expect(promotion).toMatchObject({ stack: "promote-aws-ready", from: 0, to: 2, additive: true, removed: [], wouldReplace: [], untabled: [] });
        expect(promotion.added.map((a: { type: string }) => a.type)).toContain("aws:rds/instance:Instance");
        expect(promotion.changed).toContainEqual(expect.objectContaining({ type: "aws:ec2/vpc:Vpc", replaces: [], changes: [{ path: "tags.splitplane:phase", before: "0", after: "2" }] }));
        // The plan is the one at the target phase.
        expect(out.stacks[0].resources.some((r: { type: string }) => r.type === "aws:rds/instance:Instance")).toBe(true);
    });

    it("writes the promotion into report.md and plan.json", () => {
        const md = readFileSync(path.join(dir, "promote-aws-ready", "report.md"), "utf8");
        expect(md).toContain("## Promotion: phase 0 -> 2");
        expect(md).toContain("**ADDITIVE: phase 0 -> 2 only adds and updates in place**");
        expect(md).toMatch(/\| `aws:rds\/instance:Instance` \| 1 \|/);
        expect(JSON.parse(readFileSync(path.join(dir, "promote-aws-ready", "plan.json"), "utf8")).promotion.to).toBe(2);
    });

    it("prints adds by type, in-place changes grouped, and the verdict in the terminal", () => {
        expect(text.code).toBe(0);
        expect(text.stdout).toContain("== promotion of promote-aws-ready: phase 0 -> 2");
        expect(text.stdout).toMatch(/\+ +1 aws:rds\/instance:Instance/);
        expect(text.stdout).toMatch(/~ \d+ resources: tags\.splitplane:phase 0 -> 2/);
        expect(text.stdout).toContain("Promotion: ADDITIVE: phase 0 -> 2 only adds and updates in place");
    });

    it("a promotion that needs config the stack lacks is a config error naming the key (exit 2)", () => {
        expect(missing.code).toBe(2);
        // Phase 3 prod needs strict guardrails, which the stack's phase-2 gateway config lacks.
        expect(missing.stderr).toContain("splitplane:gateway.config");
        expect(missing.stderr).toMatch(/phase 3 prod traffic must be guarded strictly/);
    });

    it("refuses --promote without exactly one stack", async () => {
        const r = await runCli("cli/plan.ts", ["--promote", "2", "--transpile-only"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("plan: --promote plans one existing stack at another phase: give exactly one stack (got none)");
    });
});
