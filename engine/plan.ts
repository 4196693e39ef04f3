import { performance } from "node:perf_hooks";
import * as path from "node:path";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { LoadedStackConfig, StackFileValues, loadStackFile } from "../config/load";
import { StackConfig } from "../config/schema";
import { loosenedDefaults } from "../config/loosening";
import { PolicyResult, Violation, evaluatePolicies, violationsOf } from "./policy";
import { ConfigError } from "../config/errors";
import { parseStackConfig } from "../config/parse";
import { programFromFile } from "./program";
import { ProgramRun } from "./resource";
import { RunOptions, runProgram } from "./run";
import { StackReferenceRead, hintedReferences, projectName, referenceLabel, referenceState, referenceTarget, referencesOf } from "./stack-reference";

export interface PolicySet {
    policies: Policies;
    /** Turns a stack's config into CrossGuard policy config (enforced levels, exemptions). */
    configFor?: (cfg: StackConfig) => PolicyPackConfig;
}

export interface Exemption {
    policy: string;
    urn: string;
    reason: string;
}

export interface PlanResult {
    stack: string;
    file: string;
    config: StackConfig;
    run: ProgramRun;
    results: PolicyResult[];
    violations: Violation[];
    exemptions: Exemption[];
    /** Secure defaults this stack loosens through a named option. */
    loosened: string[];
    /** Planned as the first preview of a new stack (every computed output unknown). */
    newStack: boolean;
    /** Other stacks this one reads through `pulumi.StackReference` (planned first, as stacks that exist). */
    references: StackReferenceRead[];
    /** Time the policy pack took (the program's run may come from an earlier step, so it is not timed here). */
    timings: { policyMs: number };
}

/** Mandatory violations make the verdict fail. */
export function mandatoryCount(violations: readonly Violation[]): number {
    return violations.filter((v) => v.enforcementLevel === "mandatory").length;
}

/** A stack as the engine runs it: its config as Pulumi hands it over, and the validated `splitplane:` part when it has one. */
export type StackInput = StackFileValues & { splitplane?: StackConfig };

/** What `plan` and `check` both decide a verdict from. */
export interface Verdict {
    run: ProgramRun;
    results: PolicyResult[];
    violations: Violation[];
    exemptions: Exemption[];
    /** Time the policy pack took (the program's run may come from an earlier step, so it is not timed here). */
    timings: { policyMs: number };
}

/**
 * The one code path to a verdict, shared by `plan` and `check`: runs the program under mocks as
 * a preview of `stack`, then evaluates the policy set with the stack's policy config (levels,
 * `enforce`, exemptions, tag exemptions from its validated `splitplane:policy` section) and stack
 * tags, exactly as `pulumi preview --policy-pack policies --policy-pack-config` would get them.
 */
export async function verdictOf(options: { program: string; stack: StackInput; policySet: PolicySet; newStack?: boolean; run?: ProgramRun }): Promise<Verdict> {
    const { stack } = options;
    const run = options.run ?? (await runProgram(runOptions(options.program, stack, options.newStack)));
    const t1 = performance.now();
    const results = await evaluatePolicies(run.resources, {
        policies: options.policySet.policies,
        config: stack.splitplane ? options.policySet.configFor?.(stack.splitplane) : undefined,
        stackTags: stackTags(stack),
    });
    const t2 = performance.now();
    return { run, results, violations: violationsOf(results), exemptions: exemptionsOf(results), timings: { policyMs: t2 - t1 } };
}

function runOptions(program: string, stack: StackInput, newStack: boolean | undefined): RunOptions {
    return { program: programFromFile(program), stack: stack.stack, config: stack.values, secretKeys: stack.secretKeys, stackFile: stack.file, preview: true, newStack };
}

/**
 * Plans one stack offline: validates its config (a ConfigError stops here, with nothing
 * registered), plans the stacks it references first, runs the program under mocks as a
 * preview, and evaluates the policy set.
 */
export async function planStack(options: { stackFile: string; projectRoot: string; program?: string; policySet: PolicySet; newStack?: boolean }): Promise<PlanResult> {
    return new StackPlanner(options).plan(options.stackFile, { newStack: options.newStack });
}

/**
 * Plans stacks of one project, resolving `pulumi.StackReference` reads between them: a
 * referenced stack is run first, as a stack that exists (its outputs as its own offline plan
 * computes them), and its run is cached, so `npm run plan` over every stack runs each program
 * once per mode. A stack's reference is resolved among the stack files beside it
 * (`stacks/Pulumi.<stack>.yaml`); a cycle, an unknown stack, another project's stack or a name
 * that is not fully qualified is a ConfigError naming the stack file, the config key and the stacks.
 */
export class StackPlanner {
    private readonly project: string;
    private readonly program: string;
    private readonly runs = new Map<string, Promise<ProgramRun>>();
    private readonly loaded = new Map<string, LoadedStackConfig>();
    /** Existing-stack runs that have finished: what a StackReference to that stack reads. */
    private readonly settled = new Map<string, ProgramRun>();

    constructor(private readonly options: { projectRoot: string; program?: string; policySet: PolicySet }) {
        this.project = projectName(options.projectRoot);
        this.program = options.program ?? path.join(options.projectRoot, "stacks", "index.ts");
    }

    /**
     * Plans a stack. `phase` plans it as if `splitplane:phase` were set to that value (the same
     * stack name, so URNs and physical names compare with the stack as it is: `--promote`).
     */
    async plan(stackFile: string, opts: { newStack?: boolean; phase?: number } = {}): Promise<PlanResult> {
        const phase = opts.phase !== undefined && opts.phase !== this.load(stackFile).splitplane.phase ? opts.phase : undefined;
        const loaded = this.load(stackFile, phase);
        const run = await this.runOf(stackFile, opts.newStack ?? false, [], phase);
        const verdict = await verdictOf({ program: this.program, stack: loaded, policySet: this.options.policySet, newStack: opts.newStack, run });
        return {
            stack: loaded.stack,
            file: loaded.file,
            config: loaded.splitplane,
            ...verdict,
            loosened: loosenedDefaults(loaded.splitplane),
            newStack: opts.newStack ?? false,
            references: referencesOf(run, loaded.values),
        };
    }

    /** A stack's run without the policy verdict (what `--promote` compares against), cached like a plan's. */
    async runOnly(stackFile: string, opts: { phase?: number } = {}): Promise<{ config: StackConfig; run: ProgramRun }> {
        const phase = opts.phase !== undefined && opts.phase !== this.load(stackFile).splitplane.phase ? opts.phase : undefined;
        return { config: this.load(stackFile, phase).splitplane, run: await this.runOf(stackFile, false, [], phase) };
    }

    /** A stack's validated config (at `phase` when given), as the planner plans it. */
    configOf(stackFile: string, phase?: number): StackConfig {
        return this.load(stackFile, phase).splitplane;
    }

    private load(stackFile: string, phase?: number): LoadedStackConfig {
        const key = `${path.resolve(stackFile)}\u0000${phase ?? ""}`;
        let loaded = this.loaded.get(key);
        if (!loaded) {
            loaded = loadStackFile(stackFile, this.options.projectRoot);
            if (phase !== undefined && phase !== loaded.splitplane.phase) {
                // The file's other keys as they are, validated again at the other phase.
                const values = { ...loaded.values, "splitplane:phase": String(phase) };
                loaded = { ...loaded, values, splitplane: parseStackConfig(values, `${loaded.file} (at splitplane:phase ${phase})`) };
            }
            this.loaded.set(key, loaded);
        }
        return loaded;
    }

    /** One run per (stack, mode), shared by every stack that references it. `chain`: the stacks waiting on this one. */
    private runOf(stackFile: string, newStack: boolean, chain: readonly string[], phase?: number): Promise<ProgramRun> {
        const key = `${path.resolve(stackFile)}\u0000${newStack}\u0000${phase ?? ""}`;
        let run = this.runs.get(key);
        if (!run) {
            run = this.runResolving(stackFile, newStack, chain, phase);
            this.runs.set(key, run);
            // A failed run is not cached: another chain may reach it and must see its own error.
            run.catch(() => this.runs.delete(key));
        }
        return run;
    }

    private async runResolving(stackFile: string, newStack: boolean, chain: readonly string[], phase?: number): Promise<ProgramRun> {
        const loaded = this.load(stackFile, phase);
        const stacksDir = path.dirname(path.resolve(stackFile));
        const ctx = { project: this.project, stacksDir, stacksLabel: path.relative(this.options.projectRoot, stacksDir) || "." };
        const waiting = [...chain, loaded.stack];
        // Referenced stacks named in config run first, so this program runs once; a hint only
        // (a failure here is reported by the read itself, below).
        for (const hint of hintedReferences(loaded.values, ctx)) {
            if (waiting.includes(hint)) continue;
            await this.runOf(path.join(ctx.stacksDir, `Pulumi.${hint}.yaml`), false, waiting).catch(() => undefined);
        }
        for (let attempt = 0; ; attempt++) {
            const problems: string[] = [];
            const pending = new Map<string, string>();
            const stackReference = (name: string) => {
                const { label } = referenceLabel(loaded.values, name);
                const target = referenceTarget(name, ctx);
                if ("problem" in target) {
                    problems.push(`${loaded.file}: ${label} ${target.problem}`);
                    return undefined;
                }
                if (waiting.includes(target.stack)) {
                    const cycle = [...waiting.slice(waiting.indexOf(target.stack)), target.stack];
                    problems.push(`${loaded.file}: ${label} makes a cycle of stack references: ${cycle.join(" -> ")} (a stack can only read stacks deployed before it)`);
                    return undefined;
                }
                const done = this.settled.get(path.resolve(target.file));
                if (done) return referenceState(done.stackOutputs ?? {});
                pending.set(target.stack, target.file);
                return undefined;
            };
            let run: ProgramRun | undefined;
            let failure: unknown;
            try {
                run = await runProgram({ ...runOptions(this.program, loaded, newStack), stackReference });
            } catch (err) {
                failure = err;
            }
            if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
            if (pending.size === 0) {
                if (run === undefined) throw failure;
                // What other stacks read is this stack as it is (its own phase).
                if (!newStack && phase === undefined) this.settled.set(path.resolve(stackFile), run);
                return run;
            }
            if (attempt > 0) throw new Error(`${loaded.file}: stack references still unresolved after planning ${[...pending.keys()].join(", ")}`);
            // Plan what it reads (as stacks that exist), then run this program again with their outputs.
            for (const file of pending.values()) this.settled.set(path.resolve(file), await this.runOf(file, false, waiting));
        }
    }
}

/** Exempted resources: policies report them as not applicable with an "exempted:" reason. */
export function exemptionsOf(results: readonly PolicyResult[]): Exemption[] {
    return results
        .filter((r) => r.outcome === "not-applicable" && (r.message ?? "").toLowerCase().startsWith("exempted:"))
        .map((r) => ({ policy: r.policy, urn: r.urn ?? "", reason: (r.message ?? "").slice("exempted:".length).trim() }));
}

/** Stack tags as a Pulumi Cloud stack would carry them (the splitplane ones only where the stack has that config). */
function stackTags(stack: StackInput): ReadonlyMap<string, string> {
    const tags = new Map([
        ["pulumi:project", "splitplane"],
        ["pulumi:runtime", "nodejs"],
    ]);
    if (stack.splitplane) {
        tags.set("splitplane:environment", stack.splitplane.environment);
        tags.set("splitplane:phase", String(stack.splitplane.phase));
        tags.set("splitplane:cloud", stack.splitplane.cloud);
    }
    return tags;
}
