import type {
    EnforcementLevel,
    Policies,
    PolicyConfigSchema,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { RecordedResource } from "./resource";
import { toPolicyProps } from "./values";

// The policy SDK's own unknown-checking proxy and error type, so "unknown during preview"
// behaves exactly as under `pulumi preview --policy-pack`.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxy: { unknownCheckingProxy<T extends object>(o: T): T; UnknownValueError: new (...a: any[]) => Error } = require("@pulumi/policy/proxy");

/** How one policy judged one resource (or the stack). */
export type Outcome = "violation" | "pass" | "not-applicable" | "unknown";

export interface PolicyResult {
    policy: string;
    /** The effective level (config overrides the policy's own). */
    enforcementLevel: EnforcementLevel;
    outcome: Outcome;
    /** The resource judged; absent for a stack-level result. */
    urn?: string;
    /** Violation message, not-applicable reason, or the unknown value's path. */
    message?: string;
    /** Resource policy or stack policy. */
    kind: "resource" | "stack";
}

/** A violation as printed by `check --json` and stored in `plan.json`. */
export interface Violation {
    policy: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
    message: string;
}

export interface EvaluateOptions {
    policies: Policies;
    /** CrossGuard policy config (`--policy-pack-config`): per policy, a level or an object. */
    config?: PolicyPackConfig;
    stackTags?: ReadonlyMap<string, string>;
    /** The pack's default level. @default "advisory", as in CrossGuard */
    packEnforcementLevel?: EnforcementLevel;
}

/**
 * Evaluates policies over recorded resources the way the CrossGuard analyzer does:
 * resource policies per resource with `ResourceValidationArgs` (inputs, secrets unwrapped,
 * unknown-checking proxy), then stack policies with `PolicyResource`s (outputs, parent,
 * dependencies, property dependencies). A read of an unknown value is an "unknown" outcome,
 * reported and never counted as a pass.
 */
export async function evaluatePolicies(recorded: readonly RecordedResource[], options: EvaluateOptions): Promise<PolicyResult[]> {
    // Reads (a StackReference, `Resource.get`) never reach a policy pack, neither resource nor
    // stack policies (pulumi/pulumi#3950, open): the analyzer judges what the stack registers.
    const resources = recorded.filter((r) => !r.read);
    const results: PolicyResult[] = [];
    const stackTags = options.stackTags ?? new Map<string, string>();
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const policy of options.policies) {
        const level = effectiveLevel(policy, options);
        if (level === "disabled") continue;
        const getConfig = makeGetConfig(policy.name, policy.configSchema, options.config);
        if ("validateStack" in policy) {
            results.push(...(await runStackPolicy(policy, level, resources, stackTags, getConfig, byUrn)));
        } else {
            for (const resource of resources) {
                results.push(...(await runResourcePolicy(policy as ResourceValidationPolicy, level, resource, stackTags, getConfig, byUrn)));
            }
        }
    }
    return results;
}

/** The violations (including "can't run during preview" notices, as CrossGuard reports them). */
export function violationsOf(results: readonly PolicyResult[]): Violation[] {
    const out: Violation[] = [];
    for (const r of results) {
        if (r.outcome === "violation") out.push({ policy: r.policy, enforcementLevel: r.enforcementLevel, urn: r.urn ?? "", message: r.message ?? "" });
        if (r.outcome === "unknown") {
            // CrossGuard downgrades these to advisory: the value cannot be judged until `up`.
            out.push({ policy: r.policy, enforcementLevel: "advisory", urn: r.urn ?? "", message: `can't run policy '${r.policy}' during preview: ${r.message}` });
        }
    }
    return out;
}

function effectiveLevel(policy: { name: string; enforcementLevel?: EnforcementLevel }, options: EvaluateOptions): EnforcementLevel {
    const c = options.config?.[policy.name];
    const fromConfig = typeof c === "string" ? c : c?.enforcementLevel;
    const level = fromConfig ?? policy.enforcementLevel ?? options.packEnforcementLevel ?? "advisory";
    // Remediation does not run offline; a remediate policy that still finds a problem blocks.
    return level === "remediate" ? "mandatory" : level;
}

/** `getConfig()`: schema defaults (filled in by the CLI in a real run) merged with given config. */
function makeGetConfig(name: string, schema: PolicyConfigSchema | undefined, config: PolicyPackConfig | undefined): <T extends object>() => T {
    return <T extends object>() => {
        const out: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
            const d = (prop as { default?: unknown }).default;
            if (d !== undefined) out[key] = structuredClone(d);
        }
        const given = config?.[name];
        if (given && typeof given === "object") {
            const { enforcementLevel: _ignored, ...rest } = given;
            Object.assign(out, rest);
        }
        return out as T;
    };
}

/**
 * Thrown by `notApplicable` for most policy-resource pairs (thousands per plan), so it captures no
 * stack trace: building one per throw was over half of the pack's evaluation time.
 */
class NotApplicable extends Error {
    readonly reason: string | undefined;
    constructor(reason: string | undefined) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        super(reason ?? "Policy does not apply");
        Error.stackTraceLimit = limit;
        this.reason = reason;
    }
}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    if (typeof cls.__pulumiType === "string" && cls.__pulumiType !== "") return cls.__pulumiType === type;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

function policyOptions(r: RecordedResource): PolicyResourceOptions {
    const t = r.options.customTimeouts;
    return {
        protect: r.options.protect,
        ignoreChanges: r.options.ignoreChanges,
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        aliases: r.options.aliases.filter((a): a is string => typeof a === "string"),
        customTimeouts: { createSeconds: seconds(t?.create), updateSeconds: seconds(t?.update), deleteSeconds: seconds(t?.delete) },
        additionalSecretOutputs: r.options.additionalSecretOutputs,
        parent: r.parent,
    };
}

/** Go-style durations ("1h30m", "45s", "10m") to seconds; 0 when unset, as the engine sends. */
export function seconds(duration: string | undefined): number {
    if (!duration) return 0;
    let total = 0;
    for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
        total += Number(n) * (unit === "h" ? 3600 : unit === "m" ? 60 : unit === "s" ? 1 : 0.001);
    }
    return total;
}

function providerOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>) {
    if (!r.provider) return undefined;
    const p = byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
    if (!p) return undefined;
    return { type: p.type, props: proxy.unknownCheckingProxy(toPolicyProps(p.rawInputs)), urn: p.urn, name: p.name };
}

async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    level: EnforcementLevel,
    r: RecordedResource,
    stackTags: ReadonlyMap<string, string>,
    getConfig: <T extends object>() => T,
    recorded: ReadonlyMap<string, RecordedResource>,
): Promise<PolicyResult[]> {
    const base = { policy: policy.name, enforcementLevel: level, urn: r.urn, kind: "resource" as const };
    if (!policy.validateResource) return [{ ...base, outcome: "not-applicable", message: "Policy does not implement validateResource" }];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    if (validations.length === 1) {
        const pulumiType = (validations[0] as { __pulumiType?: string }).__pulumiType;
        if (pulumiType && pulumiType !== r.type) return [{ ...base, outcome: "not-applicable", message: `Policy only applies to resources of type '${pulumiType}'` }];
    }
    const messages: string[] = [];
    const report: ReportViolation = (message) => void messages.push(message);
    const violations = (): PolicyResult[] => messages.map((message) => ({ ...base, outcome: "violation", message }));
    let na: string | undefined;
    let naCount = 0;
    for (const validate of validations) {
        const props = proxy.unknownCheckingProxy(toPolicyProps(r.rawInputs));
        const args: ResourceValidationArgs = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: policyOptions(r),
            stackTags,
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
            getConfig,
            notApplicable,
        };
        const provider = providerOf(r, recorded);
        if (provider) args.provider = provider;
        try {
            await validate(args, report);
        } catch (err) {
            // Violations found before the unknown read still stand, as in CrossGuard.
            if (err instanceof proxy.UnknownValueError) return [...violations(), { ...base, outcome: "unknown", message: err.message }];
            if (err instanceof NotApplicable) {
                na = err.reason;
                naCount++;
                continue;
            }
            throw new Error(`policy '${policy.name}' failed on ${r.urn}: ${(err as Error).message}`);
        }
    }
    if (messages.length > 0) return violations();
    if (naCount === validations.length) return [{ ...base, outcome: "not-applicable", message: na }];
    return [{ ...base, outcome: "pass" }];
}

async function runStackPolicy(
    policy: StackValidationPolicy,
    level: EnforcementLevel,
    resources: readonly RecordedResource[],
    stackTags: ReadonlyMap<string, string>,
    getConfig: <T extends object>() => T,
    recorded: ReadonlyMap<string, RecordedResource>,
): Promise<PolicyResult[]> {
    const base = { policy: policy.name, enforcementLevel: level, kind: "stack" as const };
    const pulumiType = (policy.validateStack as { __pulumiType?: string }).__pulumiType;
    if (pulumiType && !resources.some((r) => r.type === pulumiType)) {
        return [{ ...base, outcome: "not-applicable", message: `Policy only applies to resources of type '${pulumiType}'` }];
    }
    const byUrn = new Map<string, PolicyResource>();
    const policyResources: PolicyResource[] = resources.map((r) => {
        const props = proxy.unknownCheckingProxy(toPolicyProps(r.rawOutputs));
        const pr: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: policyOptions(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r, recorded);
        if (provider) pr.provider = provider;
        byUrn.set(r.urn, pr);
        return pr;
    });
    resources.forEach((r, i) => {
        const pr = policyResources[i];
        if (r.parent && byUrn.has(r.parent)) pr.parent = byUrn.get(r.parent);
        pr.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        for (const [k, deps] of Object.entries(r.propertyDependencies)) {
            pr.propertyDependencies[k] = deps.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        }
    });
    const found: PolicyResult[] = [];
    const report: ReportViolation = (message, urn) => void found.push({ ...base, outcome: "violation", message, urn });
    const args: StackValidationArgs = { resources: policyResources, stackTags, getConfig, notApplicable };
    try {
        await policy.validateStack(args, report);
    } catch (err) {
        if (err instanceof proxy.UnknownValueError) return [...found, { ...base, outcome: "unknown", message: err.message }];
        if (err instanceof NotApplicable) return [{ ...base, outcome: "not-applicable", message: err.reason }];
        throw new Error(`stack policy '${policy.name}' failed: ${(err as Error).message}`);
    }
    return found.length > 0 ? found : [{ ...base, outcome: "pass" }];
}
