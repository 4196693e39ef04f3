import * as pulumi from "@pulumi/pulumi";
import type { PolicyPackConfig } from "@pulumi/policy";
import { evaluatePolicies, PolicyResult } from "../../engine/policy";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import type { PolicyModule } from "../../policies/lib/define";

/**
 * A tiny harness for policy tests: registers resources by their real type tokens under the
 * offline engine (so inputs cross the same wire as a real program's, default providers are
 * synthesized, and preview unknowns are real unknowns), then evaluates one policy the way
 * CrossGuard does. Generic registration keeps these tests free of the cloud SDKs' load time;
 * the fixture programs in test/fixtures/policy-programs use the real SDK classes.
 */

// The SDK declares these abstract; a resource registered by type token needs no more than this.
class Generic extends pulumi.CustomResource {}
class GenericProvider extends pulumi.ProviderResource {}

/** Put this anywhere in `props` for a value that is unknown during preview (another resource's unreturned output). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/** Reads an output of an earlier spec (declared in its `outputs`), e.g. an EKS cluster's issuer. */
export type Ref = (name: string, output: string) => pulumi.Output<any>;

export interface Spec {
    type: string;
    name: string;
    /** Inputs, or a function of earlier resources' outputs. */
    props?: Record<string, unknown> | ((ref: Ref) => Record<string, unknown>);
    /** Output properties later specs read through `ref`. */
    outputs?: string[];
    opts?: pulumi.CustomResourceOptions;
}

function substitute(value: unknown, unknown: pulumi.Output<unknown>): unknown {
    if (value === UNKNOWN) return unknown;
    if (Array.isArray(value)) return value.map((v) => substitute(v, unknown));
    if (value !== null && typeof value === "object" && !pulumi.Output.isInstance(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, unknown)]));
    }
    return value;
}

/** Registers the resources (providers as provider resources) and returns the recorded run. */
export async function record(specs: Spec[], options: { config?: Record<string, string>; secretKeys?: string[]; stack?: string } = {}): Promise<ProgramRun> {
    return runProgram({
        stack: options.stack ?? "policy",
        config: { "aws:region": "eu-west-1", ...(options.config ?? {}) },
        secretKeys: options.secretKeys,
        program: () => {
            // An output the mocks never return: unknown during preview, exactly like an id or ARN of a resource not yet created.
            const source = new Generic("test:index:Unknowable", "unknowable", { value: undefined });
            const unknown = (source as unknown as { value: pulumi.Output<unknown> }).value;
            const made = new Map<string, Record<string, pulumi.Output<any>>>();
            const ref: Ref = (name, output) => {
                const value = made.get(name)?.[output];
                if (!value) throw new Error(`harness: ${name} declares no output ${output}`);
                return value;
            };
            for (const s of specs) {
                const given = typeof s.props === "function" ? s.props(ref) : (s.props ?? {});
                // An input set to undefined declares an output property the engine fills from the mocks.
                const declared = Object.fromEntries((s.outputs ?? []).filter((o) => !(o in given)).map((o) => [o, undefined]));
                const props = substitute({ ...declared, ...given }, unknown) as pulumi.Inputs;
                const resource = s.type.startsWith("pulumi:providers:")
                    ? new GenericProvider(s.type.slice("pulumi:providers:".length), s.name, props, s.opts)
                    : new Generic(s.type, s.name, props, s.opts);
                made.set(s.name, resource as unknown as Record<string, pulumi.Output<any>>);
            }
        },
    });
}

export class Judged {
    constructor(readonly results: PolicyResult[]) {}

    /** Results for the resource with this logical name. */
    of(name: string): PolicyResult[] {
        return this.results.filter((r) => (r.urn ?? "").endsWith(`::${name}`));
    }

    /** The single outcome for a resource (throws if the policy produced several different ones). */
    outcome(name: string): PolicyResult["outcome"] {
        const outcomes = [...new Set(this.of(name).map((r) => r.outcome))];
        if (outcomes.length !== 1) throw new Error(`expected one outcome for ${name}, got ${JSON.stringify(this.of(name))}`);
        return outcomes[0];
    }

    messages(name: string): string[] {
        return this.of(name).filter((r) => r.outcome === "violation").map((r) => r.message ?? "");
    }

    /** Results of a stack policy that are not tied to a resource (pass, not-applicable, unknown). */
    get stack(): PolicyResult[] {
        return this.results.filter((r) => r.kind === "stack" && r.urn === undefined);
    }
}

/** Evaluates one policy over a recorded run. */
export async function judge(module: PolicyModule, run: ProgramRun, config?: PolicyPackConfig, stackTags?: ReadonlyMap<string, string>): Promise<Judged> {
    return new Judged(await evaluatePolicies(run.resources, { policies: [module.policy], config, stackTags }));
}

/** Records and judges in one step. */
export async function check(module: PolicyModule, specs: Spec[], options: { config?: Record<string, string>; secretKeys?: string[]; pack?: PolicyPackConfig; stack?: string } = {}): Promise<Judged> {
    return judge(module, await record(specs, options), options.pack);
}
