import { existsSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { planStack } from "../engine/plan";
import { parseOptions, splitplanePolicySet } from "../cli/common";
import { z } from "zod";
import { Figure, measureCommand, median } from "./measure";
import { npmScriptFor } from "./npm-script";
import { benchScale } from "./scale";

/**
 * `npm run bench`: prints the budget figures of the issues as medians of several runs.
 * Figures, not tests: CI does not fail on them; reviewers compare them with the budgets.
 */
async function main(): Promise<void> {
    const cmd = new Command("bench")
        .option("--runs <n>", "runs per figure", "3")
        .option("--quick", "skip the slow figures (type-checked plan and check, the 8,000-resource scale run, tsc, npm test)")
        .parse(process.argv.slice(2), { from: "user" });
    const opts = parseOptions("bench", z.strictObject({ runs: z.coerce.number().int().min(1).max(20), quick: z.boolean().optional() }), cmd.opts());
    const runs = opts.runs;
    const root = path.resolve(__dirname, "..");
    const tsx = path.join(root, "node_modules", ".bin", "tsx");
    // What `npm run plan` and `npm run check` run (package.json), not a command line of the bench's own.
    const plan = npmScriptFor(root, "cli/plan.ts");
    const check = npmScriptFor(root, "cli/check.ts");
    const stacks = readdirSync(path.join(root, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.slice("Pulumi.".length, -".yaml".length));
    const figures: Figure[] = [];

    // Largest stack first: it bounds "plan of one stack".
    const sizes: Array<{ stack: string; resources: number; policyMs: number[]; phase: number }> = [];
    const policySet = await splitplanePolicySet();
    for (const stack of stacks) {
        const policyMs: number[] = [];
        let resources = 0;
        let phase = 0;
        for (let i = 0; i < runs; i++) {
            const plan = await planStack({ stackFile: path.join(root, "stacks", `Pulumi.${stack}.yaml`), projectRoot: root, policySet });
            policyMs.push(plan.timings.policyMs);
            resources = plan.run.resources.length;
            phase = plan.config.phase;
        }
        sizes.push({ stack, resources, policyMs, phase });
    }
    sizes.sort((a, b) => b.resources - a.resources);
    const largest = sizes[0];
    if (largest) {
        const one = measureCommand(plan.cmd, [...plan.args, largest.stack, "--transpile-only"], runs, root);
        figures.push({ name: `plan of one stack (${largest.stack}, ${largest.resources} resources), wall`, value: one.ms / 1000, unit: "s", budget: 3, runs });
        figures.push({ name: `plan of one stack, peak memory`, value: one.rssMiB, unit: "MiB", budget: 1024, runs });
        figures.push({ name: `policy pack evaluation over ${largest.stack} (in process)`, value: median(largest.policyMs), unit: "ms", budget: 300, runs });
    }
    // The largest stack that can still be promoted, one phase up (issue 18: <= 5 s).
    const promotable = sizes.find((x) => x.phase < 3);
    if (promotable) {
        const target = promotable.phase + 1;
        const promote = measureCommand(plan.cmd, [...plan.args, promotable.stack, "--promote", String(target), "--transpile-only"], runs, root);
        figures.push({ name: `plan --promote ${target} of ${promotable.stack}, transpile-only, wall`, value: promote.ms / 1000, unit: "s", budget: 5, runs });
    }
    const all = measureCommand(plan.cmd, [...plan.args, "--transpile-only"], runs, root);
    figures.push({ name: `plan of all ${stacks.length} example stacks, transpile-only, wall`, value: all.ms / 1000, unit: "s", budget: 15, runs });
    figures.push({ name: "plan of all example stacks, peak memory", value: all.rssMiB, unit: "MiB", budget: 1024, runs });
    const small = "test/fixtures/engine/open-ingress.ts";
    const checkFast = measureCommand(check.cmd, [...check.args, small, "--transpile-only"], runs, root);
    figures.push({ name: `check of a small program (${small}), transpile-only, wall`, value: checkFast.ms / 1000, unit: "s", budget: 3, runs });
    if (!opts.quick) {
        // With the type-check pulumi preview does: cold (cache cleared, as in CI) and warm (nothing changed since).
        const allCold = measureCold(plan.cmd, plan.args, runs, root);
        figures.push({ name: "plan of all example stacks, type-checked (cold cache), wall", value: allCold.ms / 1000, unit: "s", budget: 30, runs });
        figures.push({ name: "plan of all example stacks, type-checked (cold cache), peak memory", value: allCold.rssMiB, unit: "MiB", budget: 1536, runs });
        const allWarm = measureCommand(plan.cmd, plan.args, runs, root);
        figures.push({ name: "plan of all example stacks, type-checked (warm cache), wall", value: allWarm.ms / 1000, unit: "s", budget: 30, runs });
        const checkCold = measureCold(check.cmd, [...check.args, small], runs, root);
        figures.push({ name: "check of a small program, type-checked (cold cache), wall", value: checkCold.ms / 1000, unit: "s", budget: 7, runs });
        const checkWarm = measureCommand(check.cmd, [...check.args, small], runs, root);
        figures.push({ name: "check of a small program, type-checked (warm cache), wall", value: checkWarm.ms / 1000, unit: "s", budget: 7, runs });

        figures.push(...benchScale(root, tsx, runs));
    }

    if (existsSync(path.join(__dirname, "gateway.ts"))) {
        const { benchGateway } = await import("./gateway");
        figures.push(...(await benchGateway()));
    }
    if (!opts.quick) {
        const tc = measureCommand(path.join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--noEmit"], Math.min(runs, 2), root);
        figures.push({ name: "type-check, wall", value: tc.ms / 1000, unit: "s", budget: 30, runs: Math.min(runs, 2) });
        figures.push({ name: "type-check, peak memory", value: tc.rssMiB, unit: "MiB", budget: 1536, runs: Math.min(runs, 2) });
        const test = measureCommand(path.join(root, "node_modules", ".bin", "vitest"), ["run"], 1, root);
        figures.push({ name: "npm test, wall", value: test.ms / 1000, unit: "s", budget: 90, runs: 1 });
    }
    print(figures);
}

/** `measureCommand` with the type-check cache cleared before each run, as on a fresh clone. */
function measureCold(cmd: string, args: string[], runs: number, root: string): { ms: number; rssMiB: number } {
    const ms: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
        rmSync(path.join(root, "node_modules", ".cache", "splitplane"), { recursive: true, force: true });
        const m = measureCommand(cmd, args, 1, root);
        ms.push(m.ms);
        rss.push(m.rssMiB);
    }
    return { ms: median(ms), rssMiB: median(rss) };
}

function print(figures: readonly Figure[]): void {
    const width = Math.max(...figures.map((f) => f.name.length));
    process.stdout.write(`${"figure".padEnd(width)}  ${"median".padStart(10)}  budget      verdict\n`);
    for (const f of figures) {
        const value = f.unit === "x" ? `${f.value.toFixed(2)}x` : `${f.value.toFixed(f.unit === "ms" ? 1 : 2)} ${f.unit}`;
        const budget = f.budget === undefined ? "" : f.unit === "x" ? `≤ ${f.budget}x` : `≤ ${f.budget} ${f.unit}`;
        const verdict = f.budget === undefined ? "" : f.value <= f.budget ? "within" : "OVER";
        process.stdout.write(`${f.name.padEnd(width)}  ${value.padStart(10)}  ${budget.padEnd(10)}  ${verdict}\n`);
    }
}

main().catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
});
