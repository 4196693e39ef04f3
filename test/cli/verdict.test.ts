import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProgram, NO_CONFIG } from "../../cli/check-lib";
import { StackPlanner } from "../../engine/plan";
import { allPolicies, packConfigFor } from "../../policies/policies";
import { CliRun, runCli } from "./spawn";

/** One verdict everywhere: `check --config` is `plan`, both refuse what Pulumi's runtime refuses. */

const root = path.resolve(__dirname, "../..");
const policySet = { policies: allPolicies, configFor: packConfigFor };
const stacks = readdirSync(path.join(root, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
const key = (v: { policy: string; urn: string; enforcementLevel: string; message: string }) => `${v.enforcementLevel} ${v.policy} ${v.urn} ${v.message}`;

/**
 * `check --config` takes one of two paths (cli/check-lib.ts): a stack file that names no other
 * stack runs the program and the verdict directly; one that reads a StackReference plans through
 * StackPlanner, the referenced stack first. The equivalence is a property of those paths, not of
 * each example's data, so it is proved on every stack that reads a reference and, per cloud, on the
 * highest-phase stack that reads none (the most parts). `npm run plan` covers all of them in CI.
 */
const planner = new StackPlanner({ projectRoot: root, policySet });
const facts = stacks.map((file) => {
    const config = planner.configOf(path.join(root, "stacks", file));
    return { file, cloud: config.cloud, phase: config.phase, references: config.controlPlane?.stackReference !== undefined };
});
const covered = [
    ...facts.filter((f) => f.references),
    ...[...new Set(facts.map((f) => f.cloud))].map((cloud) => facts.filter((f) => f.cloud === cloud && !f.references).sort((a, b) => b.phase - a.phase)[0]),
]
    .filter((f) => f !== undefined)
    .map((f) => f.file);

it("proves the equivalence on both paths and both clouds", () => {
    expect(facts.filter((f) => covered.includes(f.file)).map((f) => [f.cloud, f.references]).sort()).toEqual(expect.arrayContaining([["aws", false], ["aws", true], ["azure", false], ["azure", true]]));
});

describe.each(covered)("check --config stacks/%s", (file) => {
    it("reaches plan's verdict: the same resources and the same violations at the same levels", async () => {
        const stackFile = path.join(root, "stacks", file);
        // One planner for the plan side: a referenced stack is planned once for every stack reading it.
        const plan = await planner.plan(stackFile);
        const check = await checkProgram({ programPath: path.join(root, "stacks/index.ts"), configPath: stackFile, policySet, projectRoot: root });
        expect(check.stack).toBe(plan.stack);
        expect(check.configFile).toBe(`stacks/${file}`);
        // Registration order may differ between runs (outputs resolve asynchronously); the set may not.
        expect(check.resources.map((r) => r.urn).sort()).toEqual(plan.run.resources.map((r) => r.urn).sort());
        expect(check.violations.map(key).sort()).toEqual(plan.violations.map(key).sort());
        expect(check.exitCode).toBe(plan.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0);
    });
});

describe("check without --config", () => {
    it("names the stack and the missing config instead of a stack file that does not exist", async () => {
        const run = checkProgram({ programPath: path.join(root, "stacks/index.ts"), policySet, projectRoot: root });
        await expect(run).rejects.toThrow(`${NO_CONFIG}: splitplane:cloud`);
        await expect(run).rejects.not.toThrow("stacks/Pulumi.check.yaml");
    });
});

/** The real CLIs, spawned in parallel: the type-check of a cold cache is the slow part. */
const cli = (cwd: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCli(script, args, { cwd, env });

describe("type errors, as Pulumi's Node runtime reports them", () => {
    let work: string;
    let runs: Record<string, CliRun>;
    beforeAll(async () => {
        // A copy of the project whose stack program has the misspelt property, planned by its own CLI.
        work = mkdtempSync(path.join(tmpdir(), "sp-verdict-"));
        for (const entry of readdirSync(root)) {
            if (["node_modules", ".git", "dist", ".plan"].includes(entry)) continue;
            cpSync(path.join(root, entry), path.join(work, entry), { recursive: true });
        }
        symlinkSync(path.join(root, "node_modules"), path.join(work, "node_modules"));
        // A small program keeps the cold type-check cheap; the check below runs one against @pulumi/aws.
        writeFileSync(path.join(work, "stacks/index.ts"), `import * as pulumi from "@pulumi/pulumi";\nconst misspelt: { ingress?: string[] } = { ingres: [] };\nexport const out = pulumi.output(misspelt);\n`);
        const program = "test/fixtures/type-errors/misspelt-property.ts";
        const [check, checkTranspileOnly, checkEnv, plan] = await Promise.all([
            cli(root, "cli/check.ts", [program, "--json"]),
            cli(root, "cli/check.ts", [program, "--transpile-only"]),
            cli(root, "cli/check.ts", [program], { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
            cli(work, "cli/plan.ts", ["aws-phase1", "aws-phase3-prod", "--out", path.join(work, "out")]),
        ]);
        runs = { check, checkTranspileOnly, checkEnv, plan };
    }, 180_000);
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it("check: exit 2 with file, line and message, and nothing planned", () => {
        const { check } = runs;
        expect(check.code).toBe(2);
        expect(check.stderr.trim().split("\n")).toEqual([
            expect.stringMatching(/^test\/fixtures\/type-errors\/misspelt-property\.ts\(9,5\): error TS2561: .*'ingres' does not exist in type 'SecurityGroupArgs'.*'ingress'/),
        ]);
        expect(JSON.parse(check.stdout)).toEqual({ errors: check.stderr.trim().split("\n") });
    });

    it("plan: exit 2, one type-check for every stack, no report written", () => {
        const { plan } = runs;
        expect(plan.code).toBe(2);
        expect(plan.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^stacks\/index\.ts\(2,44\): error TS2561: .*'ingres' does not exist/)]);
        expect(plan.stdout).not.toContain("Resources:");
        expect(existsSync(path.join(work, "out"))).toBe(false);
    });

    it("--transpile-only and PULUMI_NODEJS_TRANSPILE_ONLY=true run the program untyped, as pulumi preview would", () => {
        for (const r of [runs.checkTranspileOnly, runs.checkEnv]) {
            expect(r.stderr).toBe("");
            expect(r.code).toBe(0);
            expect(r.stdout).toContain('as stack "check", no stack config');
        }
    });
});

describe("plan of several stacks, one unknown and one broken", () => {
    let r: CliRun;
    let out: string;
    beforeAll(async () => {
        out = mkdtempSync(path.join(tmpdir(), "sp-multi-"));
        r = await cli(root, "cli/plan.ts", ["aws-phase1", "nope", "test/fixtures/stacks/Pulumi.three-mistakes.yaml", "--json", "--out", out, "--transpile-only"]);
    }, 60_000);
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it("plans the others, reports each failure, exits with the worst code and prints one JSON object", () => {
        expect(r.code).toBe(2);
        const doc = JSON.parse(r.stdout) as { stacks: Array<{ stack: string }>; errors: Array<{ stack: string; file: string | null; problems: string[] }> };
        expect(doc.stacks.map((s) => s.stack)).toEqual(["aws-phase1"]);
        expect(doc.errors.map((e) => [e.stack, e.file, e.problems.length])).toEqual([
            ["nope", null, 1],
            ["three-mistakes", "test/fixtures/stacks/Pulumi.three-mistakes.yaml", 3],
        ]);
        expect(doc.errors[0].problems[0]).toMatch(/^nope: no stack file stacks\/Pulumi\.nope\.yaml \(stacks here: .*aws-phase1.*\)$/);
        expect(readdirSync(out)).toEqual(["aws-phase1"]);
        expect(r.stderr).toContain(`wrote ${path.join(out, "aws-phase1", "plan.json")}`);
        expect(r.stderr).toContain("plan: 2 of 3 stacks could not be planned: nope, three-mistakes");
    });
});
