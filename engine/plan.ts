import { performance } from "node:perf_hooks";
import * as path from "node:path";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { LoadedStackConfig, loadStackFile } from "../config/load";
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

/**
 * Plans one stack offline: validates its config (a ConfigError stops here, with nothing
 * registered), runs the program under mocks as a preview, and evaluates the policy set.
 */
export async function planStack(options: { stackFile: string; projectRoot: string; program?: string; policySet: PolicySet; newStack?: boolean }): Promise<PlanResult> {
    const loaded: LoadedStackConfig = loadStackFile(options.stackFile, options.projectRoot);
    const program = programFromFile(options.program ?? path.join(options.projectRoot, "stacks", "index.ts"));
    const t0 = performance.now();
    const run = await runProgram({ program, stack: loaded.stack, config: loaded.values, secretKeys: loaded.secretKeys, preview: true, newStack: options.newStack });
    const t1 = performance.now();
    const results = await evaluatePolicies(run.resources, {
        policies: options.policySet.policies,
        config: options.policySet.configFor?.(loaded.splitplane),
        stackTags: stackTags(loaded),
    });
    const t2 = performance.now();
    return {
        stack: loaded.stack,
        file: loaded.file,
        config: loaded.splitplane,
        run,
        results,
        violations: violationsOf(results),
        exemptions: exemptionsOf(results),
        loosened: loosenedDefaults(loaded.splitplane),
        newStack: options.newStack ?? false,
        timings: { programMs: t1 - t0, policyMs: t2 - t1 },
    };
}

/** Exempted resources: policies report them as not applicable with an "exempted:" reason. */
export function exemptionsOf(results: readonly PolicyResult[]): Exemption[] {
    return results
        .filter((r) => r.outcome === "not-applicable" && (r.message ?? "").toLowerCase().startsWith("exempted:"))
        .map((r) => ({ policy: r.policy, urn: r.urn ?? "", reason: (r.message ?? "").slice("exempted:".length).trim() }));
}

/** Stack tags as a Pulumi Cloud stack would carry them. */
function stackTags(loaded: LoadedStackConfig): ReadonlyMap<string, string> {
    return new Map([
        ["pulumi:project", "splitplane"],
        ["pulumi:runtime", "nodejs"],
        ["splitplane:environment", loaded.splitplane.environment],
        ["splitplane:phase", String(loaded.splitplane.phase)],
        ["splitplane:cloud", loaded.splitplane.cloud],
    ]);
}
