import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { ConfigError } from "../config/errors";
import { StackPlanner, mandatoryCount } from "../engine/plan";
import { markdownReport, planJson, textReport } from "../engine/report";
import { promotionJson, promotionMarkdown, promotionOf, promotionText } from "../engine/promotion/report";
import { transpileOnly, typeCheckProgram } from "../engine/typecheck";
import { TenantEntry, tenantEntryOf } from "../stacks/shared-tenant";
import { tenantClashes } from "./plan-tenants";
import { EXIT, errorLines, parseCommand, parseOptions, printError, projectRoot, runMain, splitplanePolicySet } from "./common";

const planOptions = z.strictObject({
    json: z.boolean().optional(),
    newStack: z.boolean().optional(),
    /** Written to: must name a folder, not the project root or a stack file. */
    out: z.string().min(1).refine((dir) => !/\.ya?ml$/.test(dir), { error: "must be a folder for the reports, not a YAML file" }).optional(),
    transpileOnly: z.boolean().optional(),
    /** The phase to promote to (`splitplane:phase` is 0 to 3). */
    promote: z.coerce.number().int().min(0).max(3).optional(),
});

/** A stack that could not be planned, as `--json` reports it. */
interface StackError {
    stack: string;
    file: string | null;
    problems: string[];
}

/** `npm run plan -- [stack ...] [--json] [--out <dir>] [--new-stack] [--transpile-only]` */
async function main(argv: string[]): Promise<number> {
    const cmd = new Command("plan")
        .description("Plan splitplane stacks offline (Pulumi mocks) and check them against the policy pack")
        .argument("[stacks...]", "stack names (aws-phase1) or stack files (stacks/Pulumi.aws-phase1.yaml); default: every stack in stacks/")
        .option("--json", "print one JSON object {stacks: [plan, ...], errors: [{stack, file, problems}]} instead of the summary")
        .option("--out <dir>", "write <dir>/<stack>/plan.json and <dir>/<stack>/report.md")
        .option("--new-stack", "plan as the first preview of a stack that does not exist yet (every computed output unknown)")
        .option("--transpile-only", "skip the type-check, as PULUMI_NODEJS_TRANSPILE_ONLY=true does for pulumi preview")
        .option("--promote <phase>", "plan the one stack given as it is and at this splitplane:phase, and show what the promotion adds, changes and would replace");
    const stop = parseCommand(cmd, argv);
    if (stop !== undefined) return stop;
    const root = projectRoot();
    const json = cmd.opts().json === true;
    const plans: Record<string, unknown>[] = [];
    const errors: StackError[] = [];
    const fail = (err: unknown, stack: string, file: string | null, context: string) => {
        printError(err, context);
        errors.push({ stack, file, problems: errorLines(err, context) });
    };
    const finish = (code: number) => {
        if (json) process.stdout.write(`${JSON.stringify({ stacks: plans, errors })}\n`);
        return code;
    };

    let opts: z.infer<typeof planOptions>;
    let targets: Target[];
    try {
        opts = parseOptions("plan", planOptions, cmd.opts());
        targets = stackTargets(root, cmd.args);
        if (opts.promote !== undefined && (cmd.args.length !== 1 || opts.newStack)) {
            throw new ConfigError([`plan: --promote plans one existing stack at another phase: give exactly one stack${opts.newStack ? " and no --new-stack" : ""} (got ${cmd.args.length === 0 ? "none" : cmd.args.join(" ")}${opts.newStack ? " --new-stack" : ""})`]);
        }
    } catch (err) {
        fail(err, "", null, "plan");
        return finish(EXIT.error);
    }

    // Every stack runs the same program: type-check it once, as `pulumi preview` would, before any stack.
    const program = path.join(root, "stacks", "index.ts");
    if (!transpileOnly(opts.transpileOnly, root)) {
        try {
            const tc = typeCheckProgram(program, root);
            if (tc.problems.length > 0) throw new ConfigError(tc.problems);
        } catch (err) {
            fail(err, "", path.relative(root, program), "plan");
            return finish(EXIT.error);
        }
    }

    const policySet = await splitplanePolicySet();
    // One planner for every stack: a stack another one references runs once, and is planned first.
    const planner = new StackPlanner({ projectRoot: root, program, policySet });
    let exit: number = EXIT.ok;
    // What each planned stack puts in its control plane's tenant, compared across them at the end.
    const tenants: TenantEntry[] = [];
    const reports = new Map<string, string>();
    for (const target of targets) {
        if (target.problem) {
            fail(new ConfigError([target.problem]), target.name, null, target.name);
            exit = EXIT.error;
            continue;
        }
        const file = target.file!;
        try {
            // With --promote the report is the plan at the target phase, plus what changes from the stack as it is.
            const current = opts.promote !== undefined ? await planner.runOnly(file) : undefined;
            const plan = await planner.plan(file, { newStack: opts.newStack, phase: opts.promote });
            const promotion = current ? promotionOf(current, plan) : undefined;
            const tenant = tenantEntryOf(plan, plan.file);
            if (tenant) tenants.push(tenant);
            const document = { ...planJson(plan), ...(promotion ? { promotion: promotionJson(promotion) } : {}) };
            if (mandatoryCount(plan.violations) > 0) exit = Math.max(exit, EXIT.violations);
            if (json) plans.push(document);
            else process.stdout.write(`${textReport(plan)}\n${promotion ? `${promotionText(promotion)}\n` : ""}\n`);
            if (opts.out) {
                const dir = path.join(opts.out, plan.stack);
                mkdirSync(dir, { recursive: true });
                writeFileSync(path.join(dir, "plan.json"), `${JSON.stringify(document, null, 2)}\n`);
                writeFileSync(path.join(dir, "report.md"), promotion ? `${markdownReport(plan)}\n${promotionMarkdown(promotion)}` : markdownReport(plan));
                reports.set(plan.file, path.join(dir, "report.md"));
                // On stderr under --json, so stdout stays one JSON object.
                (json ? process.stderr : process.stdout).write(`wrote ${path.join(dir, "plan.json")} and ${path.join(dir, "report.md")}\n`);
            }
        } catch (err) {
            fail(err, target.name, path.relative(root, file), path.relative(root, file));
            exit = EXIT.error;
        }
    }
    if (targets.length > 1 && errors.length > 0) process.stderr.write(`plan: ${errors.length} of ${targets.length} stacks could not be planned: ${errors.map((e) => e.stack).join(", ")}\n`);
    // Stacks sharing one control plane, planned together: an object two of them define differently
    // is a config error (exit 2), as the same clash with the hosting stack is at deploy time. One
    // stack planned alone cannot see its siblings.
    const clashes = tenantClashes(tenants, reports);
    for (const clash of clashes.errors) fail(new ConfigError(clash.problems), clash.stack, clash.file, clash.file);
    if (clashes.summary) {
        exit = EXIT.error;
        process.stderr.write(`${clashes.summary}\n`);
    }
    return finish(exit);
}

/** A stack argument resolved to its file, or the reason it cannot be. */
interface Target {
    name: string;
    file?: string;
    problem?: string;
}

/** Resolves the stack arguments; no arguments means every `stacks/Pulumi.*.yaml`. An unknown stack is reported, not fatal to the others. */
function stackTargets(root: string, args: string[]): Target[] {
    const dir = path.join(root, "stacks");
    const present = readdirSync(dir).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f)).sort();
    if (args.length === 0) {
        if (present.length === 0) throw new ConfigError([`stacks/: no Pulumi.<stack>.yaml files to plan`]);
        return present.map((f) => ({ name: f.replace(/^Pulumi\.(.+)\.ya?ml$/, "$1"), file: path.join(dir, f) }));
    }
    const known = present.map((f) => f.replace(/^Pulumi\.(.+)\.ya?ml$/, "$1"));
    return args.map((a): Target => {
        if (/\.ya?ml$/.test(a)) return { name: path.basename(a).replace(/^Pulumi\.(.+)\.ya?ml$/, "$1"), file: path.resolve(a) };
        if (known.includes(a)) return { name: a, file: path.join(dir, present[known.indexOf(a)]) };
        return { name: a, problem: `${a}: no stack file stacks/Pulumi.${a}.yaml (stacks here: ${known.join(", ")})` };
    });
}

runMain("plan", main);
