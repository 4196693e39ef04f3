import { performance } from "node:perf_hooks";
import * as path from "node:path";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { LoadedStackConfig, StackFileValues, loadStackFile } from "../config/load";
import { StackConfig } from "../config/schema";
import { loosenedDefaults } from "../config/loosening";
import { PolicyResult, Violation, evaluatePolicies, violationsOf } from "./policy";
import { programFromFile } from "./program";
import { ProgramRun } from "./resource";
import { runProgram } from "./run";

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
    timings: { programMs: number; policyMs: number };
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
    timings: { programMs: number; policyMs: number };
}

/**
 * The one code path to a verdict, shared by `plan` and `check`: runs the program under mocks as
 * a preview of `stack`, then evaluates the policy set with the stack's policy config (levels,
 * `enforce`, exemptions, tag exemptions from its validated `splitplane:policy` section) and stack
 * tags, exactly as `pulumi preview --policy-pack policies --policy-pack-config` would get them.
 */
export async function verdictOf(options: { program: string; stack: StackInput; policySet: PolicySet; newStack?: boolean }): Promise<Verdict> {
    const { stack } = options;
    const t0 = performance.now();
    const run = await runProgram({ program: programFromFile(options.program), stack: stack.stack, config: stack.values, secretKeys: stack.secretKeys, stackFile: stack.file, preview: true, newStack: options.newStack });
    const t1 = performance.now();
    const results = await evaluatePolicies(run.resources, {
        policies: options.policySet.policies,
        config: stack.splitplane ? options.policySet.configFor?.(stack.splitplane) : undefined,
        stackTags: stackTags(stack),
    });
    const t2 = performance.now();
    return { run, results, violations: violationsOf(results), exemptions: exemptionsOf(results), timings: { programMs: t1 - t0, policyMs: t2 - t1 } };
}

/**
 * Plans one stack offline: validates its config (a ConfigError stops here, with nothing
 * registered), runs the program under mocks as a preview, and evaluates the policy set.
 */
export async function planStack(options: { stackFile: string; projectRoot: string; program?: string; policySet: PolicySet; newStack?: boolean }): Promise<PlanResult> {
    const loaded: LoadedStackConfig = loadStackFile(options.stackFile, options.projectRoot);
    const program = options.program ?? path.join(options.projectRoot, "stacks", "index.ts");
    const verdict = await verdictOf({ program, stack: loaded, policySet: options.policySet, newStack: options.newStack });
    return {
        stack: loaded.stack,
        file: loaded.file,
        config: loaded.splitplane,
        ...verdict,
        loosened: loosenedDefaults(loaded.splitplane),
        newStack: options.newStack ?? false,
    };
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
