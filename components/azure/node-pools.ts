import * as containerservice from "@pulumi/azure-native/containerservice";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AksCluster } from "./cluster";
import { PoolConfig, placements, priorityExpanderPriorities, taintString, UserPoolSpec, userPoolSpecs } from "./pool-specs";

export interface AksNodePoolsArgs {
    cluster: AksCluster;
    resourceGroupName: pulumi.Input<string>;
    pools: PoolConfig;
    zones: string[];
    subnetId: pulumi.Input<string>;
    vmSizeOs: { osSku: "AzureLinux" | "Ubuntu"; encryptionAtHost: boolean };
    /**
     * Idle pause (`splitplane:operations.idle`): the pool classes whose pools go to zero. The
     * on-demand pool (controllers, the control plane) and the system pool are never paused.
     * @default []
     */
    paused?: readonly ("general" | "gpu")[];
    tags: Record<string, string>;
}

/**
 * A paused pool: the same pool with autoscaler bounds 0..0, so the cluster autoscaler adds no
 * node and removes the ones that empty; nothing else changes, so nothing is replaced, and resuming
 * puts the bounds back. AKS user pools, spot pools included, may have a minimum and a maximum of 0
 * with the autoscaler on.
 * @throws Error for the on-demand pool, which an idle environment keeps
 */
export function pausedPoolSpec(p: UserPoolSpec): UserPoolSpec {
    if (p.poolClass === "on-demand") throw new Error(`node pool ${p.name}: the on-demand pool runs the controllers and the control plane and is never paused`);
    return { ...p, minCount: 0, maxCount: 0 };
}

/** The AgentPool arguments of one user pool (pure, for tests). */
export function agentPoolArgs(p: UserPoolSpec, a: { zones: string[]; osSku: string; encryptionAtHost: boolean }) {
    return {
        agentPoolName: p.name,
        mode: "User",
        vmSize: p.vmSize,
        osType: "Linux",
        osSKU: a.osSku,
        // GPU sizes are rarely in every zone of a region: let Azure place them.
        ...(p.gpu ? {} : { availabilityZones: a.zones }),
        enableAutoScaling: true,
        count: p.minCount,
        minCount: p.minCount,
        maxCount: p.maxCount,
        nodeLabels: p.labels,
        nodeTaints: p.taints.map(taintString),
        enableEncryptionAtHost: a.encryptionAtHost,
        enableNodePublicIP: false,
        ...(p.spot
            ? // AKS adds the spot taint and label itself; -1 pays up to the on-demand price, so capacity, not price, evicts.
              { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 }
            : { scaleSetPriority: "Regular", upgradeSettings: { maxSurge: "33%" } }),
        ...(p.gpu ? { gpuProfile: { driver: "Install" } } : {}),
    };
}

/**
 * The user pools (an on-demand pool for controllers, spot pools with an on-demand fallback, GPU
 * pools from the phase that enables them) and the priority expander ConfigMap that makes the
 * cluster autoscaler grow spot pools first. Pools are created one at a time: AKS refuses a second
 * operation on a cluster while one is running (OperationNotAllowed).
 */
export class AksNodePools extends pulumi.ComponentResource {
    readonly specs: UserPoolSpec[];
    readonly pools: Record<string, containerservice.AgentPool>;
    readonly priorityExpander: k8s.core.v1.ConfigMap;
    readonly placements: ReturnType<typeof placements>;

    constructor(name: string, a: AksNodePoolsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:AksNodePools", name, {}, opts);
        const paused = new Set(a.paused ?? []);
        // Paused pools keep their names, sizes, taints and labels; only the bounds change.
        this.specs = userPoolSpecs(a.pools).map((p) => (p.poolClass !== "on-demand" && paused.has(p.poolClass) ? pausedPoolSpec(p) : p));
        this.placements = placements(this.specs);
        this.pools = {};
        let previous: pulumi.Resource = a.cluster.cluster;
        for (const spec of this.specs) {
            // The child name is the AKS pool name: renaming it replaces the pool.
            const pool: containerservice.AgentPool = new containerservice.AgentPool(
                `${name}-${spec.name}`,
                {
                    resourceGroupName: a.resourceGroupName,
                    resourceName: a.cluster.clusterName,
                    vnetSubnetID: a.subnetId,
                    tags: a.tags,
                    ...agentPoolArgs(spec, { zones: a.zones, ...a.vmSizeOs }),
                },
                // The autoscaler owns the node count.
                { parent: this, dependsOn: [previous], ignoreChanges: ["count"] },
            );
            this.pools[spec.name] = pool;
            previous = pool;
        }
        this.priorityExpander = new k8s.core.v1.ConfigMap(
            `${name}-priority-expander`,
            { metadata: { name: "cluster-autoscaler-priority-expander", namespace: "kube-system" }, data: { priorities: priorityExpanderPriorities(this.specs) } },
            { parent: this, provider: a.cluster.provider, dependsOn: [a.cluster.cluster] },
        );
        this.registerOutputs({ pools: this.specs.map((s) => s.name) });
    }
}
