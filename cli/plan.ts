import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { ConfigError } from "../config/errors";
import { mandatoryCount, planStack } from "../engine/plan";
import { markdownReport, planJson, textReport } from "../engine/report";
import { EXIT, parseCommand, parseOptions, printError, projectRoot, runMain, splitplanePolicySet } from "./common";

const planOptions = z.strictObject({
    json: z.boolean().optional(),
    newStack: z.boolean().optional(),
    /** Written to: must name a folder, not the project root or a stack file. */
    out: z.string().min(1).refine((dir) => !/\.ya?ml$/.test(dir), { error: "must be a folder for the reports, not a YAML file" }).optional(),
});

/** `npm run plan -- [stack ...] [--json] [--out <dir>]` */
async function main(argv: string[]): Promise<number> {
    const cmd = new Command("plan")
        .description("Plan splitplane stacks offline (Pulumi mocks) and check them against the policy pack")
        .argument("[stacks...]", "stack names (aws-dev) or stack files (stacks/Pulumi.aws-dev.yaml); default: every stack in stacks/")
        .option("--json", "print one JSON object {stacks: [plan, ...]} instead of the summary")
        .option("--out <dir>", "write <dir>/<stack>/plan.json and <dir>/<stack>/report.md")
        .option("--new-stack", "plan as the first preview of a stack that does not exist yet (every computed output unknown)");
    const stop = parseCommand(cmd, argv);
    if (stop !== undefined) return stop;
    const root = projectRoot();
    let files: string[];
    let opts: z.infer<typeof planOptions>;
    try {
        opts = parseOptions("plan", planOptions, cmd.opts());
        files = stackFiles(root, cmd.args);
    } catch (err) {
        printError(err, "plan");
        return EXIT.error;
    }
    const policySet = await splitplanePolicySet();
    let exit: number = EXIT.ok;
    const plans: Record<string, unknown>[] = [];
    for (const file of files) {
        try {
            const plan = await planStack({ stackFile: file, projectRoot: root, policySet, newStack: opts.newStack });
            if (mandatoryCount(plan.violations) > 0) exit = Math.max(exit, EXIT.violations);
            if (opts.json) plans.push(planJson(plan));
            else process.stdout.write(`${textReport(plan)}\n\n`);
            if (opts.out) {
                const dir = path.join(opts.out, plan.stack);
                mkdirSync(dir, { recursive: true });
                writeFileSync(path.join(dir, "plan.json"), `${JSON.stringify(planJson(plan), null, 2)}\n`);
                writeFileSync(path.join(dir, "report.md"), markdownReport(plan));
            }
        } catch (err) {
            printError(err, path.relative(root, file));
            exit = EXIT.error;
        }
    }
    if (opts.json) process.stdout.write(`${JSON.stringify({ stacks: plans })}\n`);
    return exit;
}

/** Resolves the stack arguments to files; no arguments means every `stacks/Pulumi.*.yaml`. */
function stackFiles(root: string, args: string[]): string[] {
    const dir = path.join(root, "stacks");
    if (args.length === 0) {
        const all = readdirSync(dir).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f)).sort();
        if (all.length === 0) throw new ConfigError([`stacks/: no Pulumi.<stack>.yaml files to plan`]);
        return all.map((f) => path.join(dir, f));
    }
    const problems: string[] = [];
    const files = args.map((a) => {
        if (/\.ya?ml$/.test(a)) return path.resolve(a);
        const f = path.join(dir, `Pulumi.${a}.yaml`);
        try {
            readdirSync(dir).includes(`Pulumi.${a}.yaml`) || problems.push(`${a}: no stack file stacks/Pulumi.${a}.yaml`);
        } catch {
            problems.push(`${a}: cannot read stacks/`);
        }
        return f;
    });
    if (problems.length > 0) throw new ConfigError(problems);
    return files;
}

runMain("plan", main);
