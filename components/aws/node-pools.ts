import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { NodePlacement } from "../compute-plane";
import { parseArgs, resource, tagsSchema } from "./args";
import { Karpenter } from "./karpenter";
import {
    DEFAULT_TERMINATION_GRACE_PERIOD,
    ec2NodeClassSpec,
    generalNodePoolSpec,
    GPU_TAINT,
    gpuNodePoolSpec,
    KARPENTER_DURATION,
    nodePoolDeleteTimeout,
    ON_DEMAND_TAINT,
    onDemandNodePoolSpec,
    pausedNodePoolSpec,
    placementFor,
} from "./karpenter-specs";

const capacityTypes = z.array(z.enum(["spot", "on-demand"])).min(1).default(["spot", "on-demand"]);
/** The pool's `terminationGracePeriod`. @default DEFAULT_TERMINATION_GRACE_PERIOD[kind] (general and on-demand 1h, gpu 12h) */
const gracePeriod = (kind: keyof typeof DEFAULT_TERMINATION_GRACE_PERIOD) =>
    z.string().regex(KARPENTER_DURATION, { error: "must be a duration such as 1h or 30m" }).default(DEFAULT_TERMINATION_GRACE_PERIOD[kind]);

export const karpenterNodePoolArgsSchema = z.strictObject({
    karpenter: resource<Karpenter>("splitplane Karpenter"),
    /** Karpenter AMI alias. @default "al2023@latest" */
    amiAlias: z.string().regex(/^(al2023|bottlerocket)@.+$/).default("al2023@latest"),
    pool: z.discriminatedUnion("kind", [
        z.strictObject({
            kind: z.literal("general"),
            /** @default 200 */
            cpu: z.number().int().positive().default(200),
            /** @default 800 */
            memoryGi: z.number().int().positive().default(800),
            capacityTypes,
            /** @default ["c", "m", "r"] */
            instanceCategories: z.array(z.string()).min(1).default(["c", "m", "r"]),
            terminationGracePeriod: gracePeriod("general"),
        }),
        z.strictObject({
            kind: z.literal("on-demand"),
            /** @default 64 */
            cpu: z.number().int().positive().default(64),
            /** @default 256 */
            memoryGi: z.number().int().positive().default(256),
            /** @default ["c", "m", "r"] */
            instanceCategories: z.array(z.string()).min(1).default(["c", "m", "r"]),
            terminationGracePeriod: gracePeriod("on-demand"),
        }),
        z.strictObject({
            kind: z.literal("gpu"),
            /** @default 16 */
            gpuLimit: z.number().int().positive().default(16),
            capacityTypes,
            /** @default ["g5", "g6"] */
            instanceFamilies: z.array(z.string()).min(1).default(["g5", "g6"]),
            terminationGracePeriod: gracePeriod("gpu"),
        }),
    ]),
    /**
     * Idle pause: no new nodes, empty ones removed at once (`pausedNodePoolSpec`). Refused for
     * the on-demand pool, which runs the controllers and is never paused. @default false
     */
    paused: z.boolean().default(false),
    tags: tagsSchema,
}).refine((a) => !(a.paused && a.pool.kind === "on-demand"), { error: "paused must not be true for the on-demand pool: it runs the controllers and the control plane, which an idle environment keeps", path: ["paused"] });
export type KarpenterNodePoolArgs = z.input<typeof karpenterNodePoolArgsSchema>;

/**
 * Whether GPU nodes of this AMI family need the NVIDIA device plugin DaemonSet: AL2023's NVIDIA
 * AMIs ship the driver only; Bottlerocket's NVIDIA variants also run the device plugin themselves
 * (Bottlerocket asks not to run a DaemonSet copy beside it).
 */
export const needsDevicePlugin = (amiAlias: string) => !amiAlias.startsWith("bottlerocket@");

/**
 * One Karpenter pool: an EC2NodeClass and a NodePool of the same name. Both depend on the
 * Karpenter release, so on destroy Pulumi deletes them first and Karpenter, still running,
 * terminates the instances it launched before it is removed itself. The NodePool's
 * `terminationGracePeriod` bounds how long those drains wait for protected pods.
 */
export class KarpenterNodePool extends pulumi.ComponentResource {
    readonly nodeClass: k8s.apiextensions.CustomResource;
    readonly nodePool: k8s.apiextensions.CustomResource;
    readonly placement: NodePlacement;

    constructor(name: string, args: KarpenterNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(karpenterNodePoolArgsSchema, args, "splitplane:aws:KarpenterNodePool", name);
        super("splitplane:aws:KarpenterNodePool", name, {}, opts);
        const karpenter = a.karpenter;
        const poolName = a.pool.kind;
        // Deleting a pool waits for its nodes to drain, which the grace period bounds: the timeouts say
        // so, and a destroy fails loudly after them instead of hanging on the EC2NodeClass finalizer.
        const controllerReady = {
            parent: this,
            provider: karpenter.cluster.provider,
            dependsOn: [karpenter.release, karpenter.crdRelease],
            customTimeouts: { delete: nodePoolDeleteTimeout(a.pool.terminationGracePeriod) },
        };

        // Outputs as leaves, not one apply around the spec: in a new stack's first preview the spec
        // stays known (IMDS and volume encryption are judged) with unknown role and discovery tag.
        const nodeClassSpec = ec2NodeClassSpec({
            discoveryTag: karpenter.cluster.clusterName,
            nodeRoleName: karpenter.nodeRole.name,
            amiAlias: a.amiAlias,
            rootVolumeSize: poolName === "gpu" ? "200Gi" : "80Gi",
            tags: { ...karpenter.tags, ...a.tags },
        });
        this.nodeClass = new k8s.apiextensions.CustomResource(
            `${name}-nodeclass`,
            { apiVersion: "karpenter.k8s.aws/v1", kind: "EC2NodeClass", metadata: { name: poolName }, spec: nodeClassSpec },
            controllerReady,
        );

        let spec: Record<string, unknown>;
        switch (a.pool.kind) {
            case "general":
                spec = generalNodePoolSpec({ nodeClassName: poolName, ...a.pool });
                this.placement = placementFor(poolName);
                break;
            case "on-demand":
                spec = onDemandNodePoolSpec({ nodeClassName: poolName, ...a.pool });
                this.placement = placementFor(poolName, [ON_DEMAND_TAINT]);
                break;
            case "gpu":
                spec = gpuNodePoolSpec({ nodeClassName: poolName, ...a.pool });
                this.placement = placementFor(poolName, [GPU_TAINT]);
                // The NVIDIA device plugin is the platform's (components/platform/operations/gpu-device-plugin.ts),
                // installed for both clouds when `plane.gpuDevicePlugin` is "required".
                break;
            default: {
                const never: never = a.pool;
                throw new Error(`unknown pool ${JSON.stringify(never)}`);
            }
        }
        this.nodePool = new k8s.apiextensions.CustomResource(
            `${name}-nodepool`,
            { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: poolName }, spec: a.paused ? pausedNodePoolSpec(spec) : spec },
            { ...controllerReady, dependsOn: [...controllerReady.dependsOn, this.nodeClass] },
        );
        this.registerOutputs({ nodePoolName: poolName });
    }
}
