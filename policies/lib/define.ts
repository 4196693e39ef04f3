import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { ExemptionConfig, exemptionConfigSchema, tagExemption, urnExemption } from "./exemptions";
import { Scan } from "./scan";
import { canonicalType } from "./types";

/** I: no inbound ports open to the internet; C: no static credentials; H: hardening. */
export type Theme = "I" | "C" | "H";

/**
 * What the catalog (and docs/policies.md) says about a policy. The rows of
 * `policy-checks.md` it implements are `checks`; `anchors` are the Checkov / Trivy / KICS / CP
 * rule ids an auditor knows.
 */
export interface PolicyMeta {
    name: string;
    title: string;
    theme: Theme;
    /** The level with no config; advisory policies become mandatory when a stack lists them in `policy.enforce`. */
    level: Extract<EnforcementLevel, "mandatory" | "advisory">;
    severity: Severity;
    kind: "resource" | "stack";
    checks: readonly number[];
    resourceTypes: readonly string[];
    /** What it flags, one or two sentences. */
    flags: string;
    anchors: readonly string[];
    remediation: string;
    /**
     * For a policy built from a table (`tablePolicy`): one entry per check, each with its own
     * resource types, what it flags and its anchors, so the catalog names every check.
     */
    cases?: readonly CaseMeta[];
}

/** One check of a table-driven policy, as the catalog lists it. */
export interface CaseMeta {
    id: string;
    resourceTypes: readonly string[];
    flags: string;
    anchors: readonly string[];
}

/** One check of a table-driven policy: its catalog entry and the judgement of one resource. */
export interface Case extends CaseMeta {
    judge: (props: Record<string, any>, scan: Scan, type: string) => void;
}

/** One policy module: its catalog entry and the CrossGuard policy. */
export interface PolicyModule {
    meta: PolicyMeta;
    policy: ResourceValidationPolicy | StackValidationPolicy;
}

/** What a resource check sees. */
export interface Subject {
    /** The resource's type token with aliases resolved (e.g. azure-native API versions dropped). */
    type: string;
    /** The type token as registered. */
    rawType: string;
    props: Record<string, any>;
    urn: string;
    name: string;
    config: Record<string, unknown>;
    args: ResourceValidationArgs;
}

export interface ResourceOptions {
    /** Overrides matching by `meta.resourceTypes` (e.g. every Kubernetes workload kind and version). */
    appliesTo?: (type: string) => boolean;
    /** Policy-specific config beyond exemptions. */
    config?: PolicyConfigSchema["properties"];
}

const THEME_TAG: Record<Theme, string> = { I: "no-inbound-ports", C: "no-static-credentials", H: "hardening" };

function basePolicy(meta: PolicyMeta, config: PolicyConfigSchema["properties"] | undefined) {
    return {
        name: meta.name,
        displayName: meta.title,
        description: meta.flags,
        enforcementLevel: meta.level,
        severity: meta.severity,
        tags: ["splitplane", THEME_TAG[meta.theme]],
        remediationSteps: meta.remediation,
        configSchema: { properties: { ...exemptionConfigSchema, ...(config ?? {}) } },
    };
}

/**
 * A resource policy: applicability by type, then exemptions (URN, then tag), then the check.
 * Findings are reported before the first unknown value is re-read (see ./scan), so a preview
 * shows what is already wrong and then says what could not be judged.
 */
export function resourcePolicy(meta: PolicyMeta, check: (subject: Subject, scan: Scan) => void, options: ResourceOptions = {}): PolicyModule {
    const types = new Set(meta.resourceTypes);
    const applies = options.appliesTo ?? ((t: string) => types.has(t));
    const notApplicableReason = `Policy only applies to resources of type ${meta.resourceTypes.map((t) => `'${t}'`).join(", ")}`;
    const validate: ResourceValidation = (args, report) => {
        const type = types.has(args.type) ? args.type : canonicalType(args.type);
        if (!applies(type)) return args.notApplicable(notApplicableReason);
        const config = args.getConfig<ExemptionConfig & Record<string, unknown>>();
        const byUrn = urnExemption(config, args.urn);
        if (byUrn !== undefined) return args.notApplicable(`exempted: ${byUrn}`);
        const byTag = config.tagExemptions === true ? tagExemption(type, args.props, meta.name) : undefined;
        if (byTag?.exempt) return args.notApplicable(`exempted: ${byTag.reason}`);
        const scan = new Scan();
        check({ type, rawType: args.type, props: args.props, urn: args.urn, name: args.name, config, args }, scan);
        const note = byTag && !byTag.exempt && byTag.problem ? ` (${byTag.problem})` : "";
        for (const finding of scan.findings) report(`${finding}${note}`);
        scan.settle();
    };
    // The analyzer's fast path: a single-type policy is skipped for other types without
    // deserializing their properties (CrossGuard and the offline engine both honour it). Not for
    // azure-native, whose API-versioned tokens are aliases the fast path would miss.
    if (meta.resourceTypes.length === 1 && options.appliesTo === undefined && !meta.resourceTypes[0].startsWith("azure-native:")) {
        (validate as ResourceValidation & { __pulumiType?: string }).__pulumiType = meta.resourceTypes[0];
    }
    return { meta, policy: { ...basePolicy(meta, options.config), validateResource: validate } };
}

/**
 * A resource policy over a table of checks (type → exposure or hardening predicate): the
 * resource types and anchors are the union of the cases', and each case keeps its identity in
 * the catalog (`meta.cases`). A type may appear in several cases; each judges it.
 */
export function tablePolicy(meta: Omit<PolicyMeta, "resourceTypes" | "anchors" | "cases">, cases: readonly Case[], options: Pick<ResourceOptions, "config"> = {}): PolicyModule {
    const byType = new Map<string, Case[]>();
    for (const c of cases) for (const t of c.resourceTypes) byType.set(t, [...(byType.get(t) ?? []), c]);
    const full: PolicyMeta = {
        ...meta,
        resourceTypes: [...byType.keys()],
        anchors: [...new Set(cases.flatMap((c) => c.anchors))],
        cases: cases.map(({ id, resourceTypes, flags, anchors }) => ({ id, resourceTypes, flags, anchors })),
    };
    return resourcePolicy(full, ({ type, props }, scan) => {
        for (const c of byType.get(type) ?? []) c.judge(props, scan, type);
    }, options);
}

/** What a stack check sees, and how it reports. */
export interface StackSubject {
    resources: PolicyResource[];
    config: Record<string, unknown>;
    /** Reports a finding on one resource (skipped, and listed, when that resource is exempted). */
    flag(resource: PolicyResource, message: string): void;
    args: StackValidationArgs;
}

/**
 * A stack policy. Exempted resources are skipped; because a stack policy can only be "not
 * applicable" as a whole, the exemptions used are named in that reason when nothing else is found.
 */
export function stackPolicy(meta: PolicyMeta, check: (subject: StackSubject, scan: Scan) => void, options: Pick<ResourceOptions, "config"> = {}): PolicyModule {
    const validateStack = (args: StackValidationArgs, report: (message: string, urn?: string) => void) => {
        const config = args.getConfig<ExemptionConfig & Record<string, unknown>>();
        const used: string[] = [];
        const found: Array<[string, string]> = [];
        const scan = new Scan();
        const flag = (r: PolicyResource, message: string) => {
            const byUrn = urnExemption(config, r.urn);
            const byTag = byUrn === undefined && config.tagExemptions === true ? tagExemption(canonicalType(r.type), r.props, meta.name) : undefined;
            const reason = byUrn ?? (byTag?.exempt ? byTag.reason : undefined);
            if (reason !== undefined) used.push(`${r.urn}: ${reason}`);
            else found.push([r.urn, message]);
        };
        check({ resources: args.resources, config, flag, args }, scan);
        for (const [urn, message] of found) report(message, urn);
        if (found.length === 0 && used.length > 0 && !scan.sawUnknown) return args.notApplicable(`exempted: ${used.join("; ")}`);
        scan.settle();
    };
    return { meta, policy: { ...basePolicy(meta, options.config), validateStack } };
}
