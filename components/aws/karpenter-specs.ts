import type { Input } from "@pulumi/pulumi";
import { Toleration } from "../compute-plane";
import { machineTags } from "./tags";

/**
 * Karpenter v1 objects and chart values as plain data, checked in tests against the CRD schemas
 * and chart values of the pinned version (`../shared/reference/crds/karpenter`, `charts/karpenter`).
 *
 * Builders whose fields come from other resources (cluster name, role name, queue name) are
 * generic over those leaves: tests pass strings, components pass Outputs. The object's shape is
 * then known even when those Outputs are not (the first preview of a new stack), and Pulumi sends
 * the unknowns leaf by leaf, so policies still judge every other field.
 */

export type CapacityType = "spot" | "on-demand";

export interface Requirement {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
    values?: string[];
}

export interface Taint {
    key: string;
    value?: string;
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** The label every node carries with its pool; workloads select pools with it. */
export const NODEPOOL_LABEL = "karpenter.sh/nodepool";
export const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };
/** Keeps the on-demand pool for what asks for it (controllers, the control plane), so it stays small. */
export const ON_DEMAND_TAINT: Taint = { key: "splitplane.io/on-demand", value: "true", effect: "NoSchedule" };

export interface EC2NodeClassSpecArgs<S extends Input<string> = string> {
    /** Value of the `karpenter.sh/discovery` tag on the private subnets and the cluster security group. */
    discoveryTag: S;
    /** Node IAM role name (Karpenter makes the instance profile). */
    nodeRoleName: S;
    amiAlias: string;
    /** Root volume size, e.g. "50Gi". */
    rootVolumeSize: string;
    tags: Record<string, string>;
}

/** Karpenter forbids these tag keys in an EC2NodeClass (it sets them itself). */
const RESERVED_TAG = /^(kubernetes\.io\/cluster|eks:eks-cluster-name$|karpenter\.sh\/nodepool$|karpenter\.sh\/nodeclaim$|karpenter\.k8s\.aws\/ec2nodeclass$)/;

/**
 * Every volume a node boots with, encrypted. AL2023 has one, /dev/xvda. Bottlerocket boots its OS
 * from /dev/xvda and keeps data (images, pods) on /dev/xvdb: both are listed, because a device
 * left out falls back to the AMI's own mapping, whose snapshot is unencrypted, and Karpenter
 * replaces its per-family defaults as soon as any mapping is given.
 */
function blockDevices(bottlerocket: boolean, dataSize: string): Record<string, unknown>[] {
    const ebs = (volumeSize: string) => ({ volumeSize, volumeType: "gp3", encrypted: true, deleteOnTermination: true });
    if (!bottlerocket) return [{ deviceName: "/dev/xvda", rootVolume: true, ebs: ebs(dataSize) }];
    return [
        { deviceName: "/dev/xvda", ebs: ebs(BOTTLEROCKET_OS_VOLUME) },
        { deviceName: "/dev/xvdb", ebs: ebs(dataSize) },
    ];
}

/** Bottlerocket's OS volume: the size Karpenter gives it by default. */
const BOTTLEROCKET_OS_VOLUME = "4Gi";

export function ec2NodeClassSpec<S extends Input<string>>(a: EC2NodeClassSpecArgs<S>): Record<string, unknown> {
    const bottlerocket = a.amiAlias.startsWith("bottlerocket@");
    return {
        subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": a.discoveryTag } }],
        securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": a.discoveryTag } }],
        // Nodes stay in private subnets even if a subnet were ever misconfigured.
        associatePublicIPAddress: false,
        amiSelectorTerms: [{ alias: a.amiAlias }],
        role: a.nodeRoleName,
        // IMDSv2 only, one hop: pods (not host-network) cannot reach the node role's credentials.
        metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
        blockDeviceMappings: blockDevices(bottlerocket, a.rootVolumeSize),
        detailedMonitoring: false,
        tags: Object.fromEntries(Object.entries(machineTags(a.tags)).filter(([k]) => !RESERVED_TAG.test(k))),
    };
}

/** A Karpenter duration (`30m`, `1h`, `1h30m`): the pattern the v1 NodePool CRD enforces. */
export const KARPENTER_DURATION = /^([0-9]+(s|m|h))+$/;

/** Seconds in a Karpenter duration. */
export function durationSeconds(d: string): number {
    if (!KARPENTER_DURATION.test(d)) throw new Error(`${JSON.stringify(d)} is not a duration such as 1h or 30m`);
    const unit: Record<string, number> = { s: 1, m: 60, h: 3600 };
    return [...d.matchAll(/([0-9]+)(s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

/**
 * Default `terminationGracePeriod` per pool kind: how long a draining node may wait for pods that a
 * PodDisruptionBudget or `karpenter.sh/do-not-disrupt` protects before Karpenter deletes them.
 * Without one it waits for ever, and so does a destroy on the EC2NodeClass finalizer. The same
 * bound cuts drains on drift and expiry, so the GPU pool's is long: a job gets half a day to
 * finish (or checkpoint) once its node is marked for replacement.
 */
export const DEFAULT_TERMINATION_GRACE_PERIOD = { general: "1h", "on-demand": "1h", gpu: "12h" } as const;

/**
 * Pulumi's delete timeout for a pool's NodePool and EC2NodeClass: the grace period plus 15 minutes
 * for the instances to terminate, so a destroy ends (or fails loudly) instead of hanging.
 */
export const nodePoolDeleteTimeout = (terminationGracePeriod: string) => `${Math.ceil(durationSeconds(terminationGracePeriod) / 60) + 15}m`;

export interface NodePoolSpecArgs {
    nodeClassName: string;
    requirements: Requirement[];
    taints?: Taint[];
    labels?: Record<string, string>;
    limits: Record<string, string>;
    consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
    consolidateAfter: string;
    /** How long a node may live before Karpenter replaces it (picks up new AMIs). */
    expireAfter: string;
    /** Share of nodes that may be disrupted at once. */
    disruptionBudget: string;
    /** The longest a draining node waits for protected pods before they are deleted (see DEFAULT_TERMINATION_GRACE_PERIOD). */
    terminationGracePeriod: string;
    weight?: number;
}

export function nodePoolSpec(a: NodePoolSpecArgs): Record<string, unknown> {
    return {
        template: {
            metadata: { labels: a.labels ?? {} },
            spec: {
                nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: a.nodeClassName },
                requirements: a.requirements,
                ...(a.taints && a.taints.length > 0 ? { taints: a.taints } : {}),
                expireAfter: a.expireAfter,
                terminationGracePeriod: a.terminationGracePeriod,
            },
        },
        limits: a.limits,
        disruption: { consolidationPolicy: a.consolidationPolicy, consolidateAfter: a.consolidateAfter, budgets: [{ nodes: a.disruptionBudget }] },
        ...(a.weight !== undefined ? { weight: a.weight } : {}),
    };
}

const baseRequirements = (capacityTypes: CapacityType[]): Requirement[] => [
    // Both capacity types allowed: Karpenter launches the cheapest (spot) and falls back to
    // on-demand when spot capacity is short.
    { key: "karpenter.sh/capacity-type", operator: "In", values: [...capacityTypes] },
    { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
    { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
];

/** CPU pools: the given capacity types, current-generation (6+) instances of the given categories. */
const cpuPoolRequirements = (capacityTypes: CapacityType[], instanceCategories: string[]): Requirement[] => [
    ...baseRequirements(capacityTypes),
    { key: "karpenter.k8s.aws/instance-category", operator: "In", values: [...instanceCategories] },
    { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["5"] },
];
const cpuLimits = (a: { cpu: number; memoryGi: number }) => ({ cpu: String(a.cpu), memory: `${a.memoryGi}Gi` });

/** The general-purpose pool: spot first, current-generation c/m/r instances, consolidated when underused. */
export function generalNodePoolSpec(a: { nodeClassName: string; cpu: number; memoryGi: number; capacityTypes: CapacityType[]; instanceCategories: string[]; terminationGracePeriod: string }) {
    return nodePoolSpec({
        nodeClassName: a.nodeClassName,
        requirements: cpuPoolRequirements(a.capacityTypes, a.instanceCategories),
        labels: { "splitplane.io/pool": "general" },
        limits: cpuLimits(a),
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "1m",
        expireAfter: "720h",
        terminationGracePeriod: a.terminationGracePeriod,
        disruptionBudget: "10%",
        weight: 10,
    });
}

/**
 * The GPU pool: g5/g6 families, tainted so only pods that tolerate `nvidia.com/gpu` land there.
 * Consolidated only when empty: moving a loaded model is slower than an idle GPU minute.
 */
export function gpuNodePoolSpec(a: { nodeClassName: string; gpuLimit: number; capacityTypes: CapacityType[]; instanceFamilies: string[]; terminationGracePeriod: string }) {
    return nodePoolSpec({
        nodeClassName: a.nodeClassName,
        requirements: [
            ...baseRequirements(a.capacityTypes),
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: [...a.instanceFamilies] },
        ],
        taints: [GPU_TAINT],
        labels: { "splitplane.io/pool": "gpu" },
        limits: { "nvidia.com/gpu": String(a.gpuLimit) },
        consolidationPolicy: "WhenEmpty",
        consolidateAfter: "10m",
        expireAfter: "720h",
        terminationGracePeriod: a.terminationGracePeriod,
        disruptionBudget: "1",
    });
}

/**
 * The on-demand pool: on-demand capacity only (never spot, so a controller is never reclaimed with
 * two minutes' notice), tainted so that only pods that ask for it land there. Consolidated one
 * node at a time, and never paused: an idle environment keeps its controllers.
 */
export function onDemandNodePoolSpec(a: { nodeClassName: string; cpu: number; memoryGi: number; instanceCategories: string[]; terminationGracePeriod: string }) {
    return nodePoolSpec({
        nodeClassName: a.nodeClassName,
        requirements: cpuPoolRequirements(["on-demand"], a.instanceCategories),
        taints: [ON_DEMAND_TAINT],
        labels: { "splitplane.io/pool": "on-demand" },
        limits: cpuLimits(a),
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "5m",
        expireAfter: "720h",
        terminationGracePeriod: a.terminationGracePeriod,
        disruptionBudget: "1",
    });
}

/**
 * A pool paused with its idle environment (`splitplane:operations.idle.paused`): the same NodePool,
 * updated in place, with every limit at zero, so Karpenter launches no node for it (Karpenter
 * docs, NodePools, `spec.limits`: "Karpenter prevents provisioning once a limit is reached"), and
 * consolidation of empty nodes immediate and unbudgeted, so nodes go as soon as their pods do.
 * Karpenter does not remove a node because a limit was lowered; nodes still running pods are
 * drained by deleting their NodeClaims (docs/operations.md, "Pause and resume"). Resuming restores
 * the spec, and pending pods bring nodes back.
 */
export function pausedNodePoolSpec(spec: Record<string, unknown>): Record<string, unknown> {
    const limits = spec.limits as Record<string, string>;
    return {
        ...spec,
        limits: Object.fromEntries(Object.keys(limits).map((k) => [k, "0"])),
        disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "0s", budgets: [{ nodes: "100%" }] },
    };
}

/** Pod placement for a pool: select it by name, tolerate its taints. */
export function placementFor(poolName: string, taints: Taint[] = []): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
    return {
        nodeSelector: { [NODEPOOL_LABEL]: poolName },
        tolerations: taints.map((t) => ({ key: t.key, operator: "Exists" as const, effect: t.effect })),
    };
}

export interface KarpenterValuesArgs<S extends Input<string> = string> {
    clusterName: S;
    clusterEndpoint: S;
    interruptionQueueName: S;
    region: S;
    serviceAccountName: string;
}

/**
 * Values for the `karpenter` chart. The interruption queue is given by name (the chart's
 * `settings.interruptionQueue`). AWS_REGION is set because the system nodes' IMDS hop limit of 1
 * keeps pods away from instance metadata, where the SDK would otherwise look the region up.
 */
export function karpenterValues<S extends Input<string>>(a: KarpenterValuesArgs<S>): Record<string, unknown> {
    return {
        replicas: 2,
        serviceAccount: { create: true, name: a.serviceAccountName },
        settings: {
            clusterName: a.clusterName,
            clusterEndpoint: a.clusterEndpoint,
            interruptionQueue: a.interruptionQueueName,
        },
        controller: {
            env: [{ name: "AWS_REGION", value: a.region }],
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
        },
        // The chart already tolerates CriticalAddonsOnly and avoids Karpenter-made nodes; pin it to the
        // system node group so it never runs on capacity it manages.
        nodeSelector: { "kubernetes.io/os": "linux", "splitplane.io/pool": "system" },
        logLevel: "info",
    };
}
