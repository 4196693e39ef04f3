import { NodePlacement, Toleration } from "../compute-plane";

/**
 * AKS node pools as data: names, taints, labels, spot settings, and the cluster autoscaler's
 * priority expander that makes spot pools the first choice.
 */

export interface Taint {
    key: string;
    value: string;
    effect: "NoSchedule";
}

/** AKS puts this taint (and a label of the same key) on every spot node itself; pools never set it. https://learn.microsoft.com/azure/aks/spot-node-pool */
export const SPOT_TAINT: Taint = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };
/** Same keys as the AWS plane, so a workload's placement reads the same on both clouds. */
export const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };
export const ON_DEMAND_TAINT: Taint = { key: "splitplane.io/on-demand", value: "true", effect: "NoSchedule" };
export const SYSTEM_TAINT: Taint = { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" };
export const POOL_LABEL = "splitplane.io/pool";

export type PoolClass = "general" | "on-demand" | "gpu";

export interface UserPoolSpec {
    /** AKS agent pool name: 1-12 lowercase letters and digits, starting with a letter; it is also the child's name. */
    name: string;
    poolClass: PoolClass;
    spot: boolean;
    vmSize: string;
    minCount: number;
    maxCount: number;
    /** Taints the pool sets (the spot taint is AKS's, never ours). */
    taints: Taint[];
    labels: Record<string, string>;
    gpu: boolean;
}

export interface PoolConfig {
    general: { capacityTypes: ("spot" | "on-demand")[]; spotVmSizes: string[]; spotMax: number; onDemandVmSize: string; onDemandMin: number; onDemandMax: number };
    gpu: { enabled: boolean; vmSize: string; max: number; capacityTypes: ("spot" | "on-demand")[] };
}

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** `Standard_D4ds_v5` → `spd4dsv5`: a spot pool's name from its VM size (never from its list position). */
export function spotPoolName(vmSize: string): string {
    return `sp${vmSize.replace(/^Standard_/, "").replace(/[^A-Za-z0-9]/g, "").toLowerCase()}`.slice(0, 12);
}

const taintString = (t: Taint) => `${t.key}=${t.value}:${t.effect}`;
export { taintString };

/**
 * The user pools, in creation order: the on-demand pool for controllers first (the platform needs
 * it), then general spot pools, the general on-demand fallback, and the GPU pools (spot first).
 * @throws Error when two spot VM sizes would share a pool name
 */
export function userPoolSpecs(c: PoolConfig): UserPoolSpec[] {
    const pools: UserPoolSpec[] = [
        { name: "ondemand", poolClass: "on-demand", spot: false, vmSize: c.general.onDemandVmSize, minCount: c.general.onDemandMin, maxCount: c.general.onDemandMax, taints: [ON_DEMAND_TAINT], labels: { [POOL_LABEL]: "on-demand" }, gpu: false },
    ];
    if (c.general.capacityTypes.includes("spot")) {
        for (const vmSize of c.general.spotVmSizes) {
            pools.push({ name: spotPoolName(vmSize), poolClass: "general", spot: true, vmSize, minCount: 0, maxCount: c.general.spotMax, taints: [], labels: { [POOL_LABEL]: "general" }, gpu: false });
        }
    }
    if (c.general.capacityTypes.includes("on-demand")) {
        pools.push({ name: "general", poolClass: "general", spot: false, vmSize: c.general.onDemandVmSize, minCount: 0, maxCount: c.general.onDemandMax, taints: [], labels: { [POOL_LABEL]: "general" }, gpu: false });
    }
    if (c.gpu.enabled) {
        if (c.gpu.capacityTypes.includes("spot")) pools.push({ name: "gpuspot", poolClass: "gpu", spot: true, vmSize: c.gpu.vmSize, minCount: 0, maxCount: c.gpu.max, taints: [GPU_TAINT], labels: { [POOL_LABEL]: "gpu" }, gpu: true });
        if (c.gpu.capacityTypes.includes("on-demand")) pools.push({ name: "gpu", poolClass: "gpu", spot: false, vmSize: c.gpu.vmSize, minCount: 0, maxCount: c.gpu.max, taints: [GPU_TAINT], labels: { [POOL_LABEL]: "gpu" }, gpu: true });
    }
    const byName = new Map<string, string>();
    for (const p of pools) {
        if (!POOL_NAME.test(p.name)) throw new Error(`node pool name ${JSON.stringify(p.name)} is not 1-12 lowercase letters and digits starting with a letter`);
        const other = byName.get(p.name);
        if (other !== undefined) throw new Error(`nodePools.general.spotVmSizes: ${other} and ${p.vmSize} would share the pool name ${p.name}; list one of them`);
        byName.set(p.name, p.vmSize);
    }
    return pools;
}

/** Spot pools are preferred over every on-demand pool the same pod could use. */
export const SPOT_PRIORITY = 50;
export const ON_DEMAND_PRIORITY = 10;

/**
 * The `priorities` value of the `cluster-autoscaler-priority-expander` ConfigMap in kube-system.
 * AKS's cluster autoscaler names a node group after its scale set, `aks-<pool>-<id>-vmss`; the
 * expander picks, among the groups that could host a pending pod, the one matching the highest
 * priority, so a general pod scales a spot pool first and the on-demand pool only when no spot
 * pool can grow (capacity, quota, eviction).
 * https://learn.microsoft.com/azure/aks/cluster-autoscaler#use-the-priority-expander
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/expander/priority/readme.md
 */
export function priorityExpanderPriorities(pools: readonly UserPoolSpec[]): string {
    const lines = [`${ON_DEMAND_PRIORITY}:`, "  - .*"];
    // One pattern for every spot pool this code can name (`sp<vm size>`, `gpuspot`), whichever
    // exist: the ConfigMap's data then never changes when a promotion adds the GPU pools or a spot
    // size, and pulumi-kubernetes would replace a ConfigMap whose data changes.
    if (pools.some((p) => p.spot)) lines.push(`${SPOT_PRIORITY}:`, `  - ${SPOT_POOL_PATTERN}`);
    return `${lines.join("\n")}\n`;
}

/** Node groups (`aks-<pool>-<id>-vmss`) of every spot pool `userPoolSpecs` names; a test holds the two together. */
export const SPOT_POOL_PATTERN = "^aks-(sp[a-z0-9]+|gpuspot)-.*";

function tolerate(...taints: Taint[]): Toleration[] {
    return taints.map((t) => ({ key: t.key, operator: "Exists" as const, effect: t.effect }));
}

/** Where each class of workload runs on this plane (the contract's NodePoolPlacements). */
export function placements(pools: readonly UserPoolSpec[]): { system: NodePlacement; general: NodePlacement; onDemand: NodePlacement; gpu?: NodePlacement } {
    const gpu = pools.some((p) => p.poolClass === "gpu");
    return {
        system: { nodeSelector: { "kubernetes.azure.com/mode": "system" }, tolerations: tolerate(SYSTEM_TAINT) },
        // Spot pools and the on-demand fallback share the label; tolerating the spot taint lets pods use both.
        general: { nodeSelector: { [POOL_LABEL]: "general" }, tolerations: tolerate(SPOT_TAINT) },
        onDemand: { nodeSelector: { [POOL_LABEL]: "on-demand" }, tolerations: tolerate(ON_DEMAND_TAINT) },
        ...(gpu ? { gpu: { nodeSelector: { [POOL_LABEL]: "gpu" }, tolerations: tolerate(GPU_TAINT, SPOT_TAINT) } } : {}),
    };
}
