import type { NodePlacement } from "../../../components/compute-plane";

/** Placements shaped like the AWS plane's (Karpenter pool names, the pools' taints). */
export const ON_DEMAND: NodePlacement = {
    nodeSelector: { "karpenter.sh/nodepool": "on-demand" },
    tolerations: [{ key: "splitplane.io/on-demand", operator: "Exists", effect: "NoSchedule" }],
};
export const GENERAL: NodePlacement = { nodeSelector: { "karpenter.sh/nodepool": "general" }, tolerations: [] };
export const GPU: NodePlacement = { nodeSelector: { "karpenter.sh/nodepool": "gpu" }, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] };
export const SYSTEM: NodePlacement = { nodeSelector: { "splitplane.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }] };

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Helm's merge of user values over a chart's defaults: maps merge key by key, anything else
 * (lists, scalars) replaces, and a null deletes the default (Helm's documented way to remove a
 * chart default). What the chart's templates and its values.schema.json then see.
 */
export function helmMerge(defaults: unknown, overrides: unknown): unknown {
    if (!isMap(defaults) || !isMap(overrides)) return overrides === undefined ? defaults : overrides;
    const out: Record<string, unknown> = { ...defaults };
    for (const [k, v] of Object.entries(overrides)) {
        if (v === null) delete out[k];
        else out[k] = k in defaults ? helmMerge(defaults[k], v) : v;
    }
    return out;
}

/** Every (path, value) pair under `key` anywhere in a values tree, e.g. every `nodeSelector`. */
export function findKey(tree: unknown, key: string, at = ""): [string, unknown][] {
    if (!isMap(tree)) return [];
    const out: [string, unknown][] = [];
    for (const [k, v] of Object.entries(tree)) {
        const here = at ? `${at}.${k}` : k;
        if (k === key) out.push([here, v]);
        out.push(...findKey(v, key, here));
    }
    return out;
}
