import * as path from "node:path";
import type { NodePlacement } from "../../../components/compute-plane";
import { programFromFile } from "../../../engine/program";
import { ProgramRun } from "../../../engine/resource";
import { runProgram } from "../../../engine/run";
import { ROOT, stackFileConfig } from "../../aws/scenario";

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

const program = programFromFile(path.join(ROOT, "stacks/index.ts"));

/** The whole program (stacks/index.ts) for one stack config, under the offline engine. */
export const runStack = (stack: string, config: Record<string, string>, newStack = false) => runProgram({ stack, config, program, newStack });

let staging: Promise<ProgramRun> | undefined;
/** The aws-phase2 example stack as its file stands: one run, shared by the test files of a worker (runs are read-only records). */
export const stagingRun = (): Promise<ProgramRun> => (staging ??= runStack("aws-phase2", stackFileConfig("aws-phase2")));
