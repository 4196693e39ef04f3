import { asString, Scan, UNSEEN } from "./scan";

/**
 * Kubernetes type tokens (`kubernetes:<group>/<version>:<Kind>[Patch|List]`) and where the pod
 * spec sits in each workload kind. Every API version is accepted (apps/v1beta2, batch/v1beta1…),
 * because older tokens still appear in programs and state.
 */

export interface K8sType {
    group: string;
    version: string;
    kind: string;
    variant: "object" | "patch" | "list";
}

const cache = new Map<string, K8sType | undefined>();

/** Parses a Kubernetes type token; undefined for other providers, Helm and YAML components. */
export function parseK8sType(type: string): K8sType | undefined {
    if (cache.has(type)) return cache.get(type);
    const m = /^kubernetes:([a-z0-9.-]+)\/([a-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    let parsed: K8sType | undefined;
    if (m && m[1] !== "helm.sh" && m[1] !== "yaml" && m[1] !== "kustomize") {
        const [, group, version, token] = m;
        const variant = token.endsWith("Patch") ? "patch" : token.endsWith("List") ? "list" : "object";
        const kind = variant === "patch" ? token.slice(0, -5) : variant === "list" ? token.slice(0, -4) : token;
        parsed = { group, version, kind, variant };
    }
    cache.set(type, parsed);
    return parsed;
}

/** The path from a workload object to its pod spec, per kind. */
const POD_SPEC_PATH: Record<string, readonly string[]> = {
    Pod: ["spec"],
    PodTemplate: ["template", "spec"],
    ReplicationController: ["spec", "template", "spec"],
    Deployment: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
    // Argo Rollouts (argoproj.io/v1alpha1): a Deployment's template; one that points at a
    // Deployment through `workloadRef` has no template, and the Deployment is judged itself.
    Rollout: ["spec", "template", "spec"],
};
const WORKLOAD_GROUPS = new Set(["core", "apps", "extensions", "batch"]);
/** Kinds outside the core workload groups, with the one group each belongs to. */
const OTHER_WORKLOADS: Readonly<Record<string, string>> = { Rollout: "argoproj.io" };

/** The workload kinds whose pod specs are judged (for the catalog). */
export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATH);

/** Whether a type token is a workload (any version, plain, Patch or List) that holds pod specs. */
export function isWorkloadType(type: string): boolean {
    const t = parseK8sType(type);
    if (t === undefined || POD_SPEC_PATH[t.kind] === undefined) return false;
    return OTHER_WORKLOADS[t.kind] !== undefined ? OTHER_WORKLOADS[t.kind] === t.group : WORKLOAD_GROUPS.has(t.group);
}

/** Type tokens of a core/v1 kind with its Patch and List variants (`Service`, `ServicePatch`, `ServiceList`). */
export function coreKindTypes(kind: string): string[] {
    return [`kubernetes:core/v1:${kind}`, `kubernetes:core/v1:${kind}Patch`, `kubernetes:core/v1:${kind}List`];
}

/** Whether a type token is the given kind in the given group, any version and variant. */
export function isKind(type: string, group: string, kind: string): boolean {
    const t = parseK8sType(type);
    return t !== undefined && t.group === group && t.kind === kind;
}

export interface Located {
    /** Where the object sits, for messages: `spec.template.spec` or `items[2].spec`. */
    where: string;
    value: unknown;
}

/**
 * The objects a resource holds: itself, or each item of a `*List`. Unknown items are remembered
 * by the scan (and reported as unknown), never skipped silently.
 */
export function objectsOf(scan: Scan, type: string, props: unknown): Located[] {
    const t = parseK8sType(type);
    if (t?.variant !== "list") return [{ where: "", value: props }];
    return scan.indexed(props, "items").map(([i, item]) => ({ where: `items[${i}].`, value: item }));
}

/** Every pod spec in a workload resource (one, or one per item of a List). */
export function podSpecs(scan: Scan, type: string, props: unknown): Located[] {
    const t = parseK8sType(type);
    if (!t) return [];
    const path = POD_SPEC_PATH[t.kind];
    if (!path) return [];
    const out: Located[] = [];
    for (const obj of objectsOf(scan, type, props)) {
        const spec = scan.at(obj.value, ...path);
        if (spec !== undefined && spec !== UNSEEN) out.push({ where: `${obj.where}${path.join(".")}`, value: spec });
    }
    return out;
}

/** Containers, init containers and ephemeral containers of a pod spec, each located and named. */
export function containersOf(scan: Scan, spec: Located): Located[] {
    const out: Located[] = [];
    for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
        for (const [i, c] of scan.indexed(spec.value, field)) {
            const name = asString(scan.peek(c, "name"));
            out.push({ where: `${spec.where}.${field}[${i}]${name ? ` (${name})` : ""}`, value: c });
        }
    }
    return out;
}
