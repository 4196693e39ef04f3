import { z } from "zod";
import { dnsLabel, duration, intBetween } from "./primitives";
import type { StackConfig } from "./schema";

/**
 * The platform foundation's settings: the mesh and secret sync every compute plane runs.
 * Cloud-neutral sections beside the cloud ones in `schema.ts`; every default is here.
 */

/** A host the platform Gateway serves: a DNS name, optionally with a leading `*.`, or `*` alone. */
const gatewayHost = z
    .string()
    .regex(/^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)$/, { error: "must be a host name such as platform.example.com or *.platform.example.com (or * for any)" });

const labelKey = z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, { error: "must be a label key such as app.kubernetes.io/name" });
const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, { error: "must be a label value" }).max(63);

export const mtlsExceptionSchema = z.strictObject({
    /** Namespace of the workload that a caller outside the mesh must reach. */
    namespace: dnsLabel,
    /** Labels selecting exactly that workload (a port-level exception needs a selector). */
    selector: z.record(labelKey, labelValue).refine((m) => Object.keys(m).length > 0, { error: "must select the workload by at least one label" }),
    /** The workload's container port that accepts plain text. */
    port: intBetween(1, 65535),
    /** Who calls it from outside the mesh, and why it cannot use mTLS (shown in the plan report). */
    reason: z.string().min(20, { error: "must give a reason of at least 20 characters" }),
});
export type MtlsException = z.infer<typeof mtlsExceptionSchema>;

export const meshConfigSchema = z.strictObject({
    /**
     * Hosts the platform Gateway (`istio-ingress/platform-gateway`) serves; VirtualServices bind to
     * it. The internal load balancer is the boundary, so `*` is the default; name them per environment.
     * @default ["*"]
     */
    hosts: z.array(gatewayHost).min(1).default(["*"]),
    /** Namespaces of your own to put in the mesh (sidecar injection on, STRICT mTLS). @default [] */
    namespaces: z.array(dnsLabel).default([]),
    /** Ingress gateway replicas (horizontal autoscaling between these). @default { minReplicas: 2, maxReplicas: 5 } */
    gateway: z
        .strictObject({
            minReplicas: intBetween(1, 50).default(2),
            maxReplicas: intBetween(1, 100).default(5),
        })
        .superRefine((v, ctx) => {
            if (v.minReplicas > v.maxReplicas) ctx.addIssue({ code: "custom", path: ["minReplicas"], input: v.minReplicas, message: `must not exceed mesh.gateway.maxReplicas (${v.maxReplicas})` });
        })
        .prefault({}),
    /**
     * Loosening: port-level PERMISSIVE mTLS for one workload's port each, with the reason (each
     * shows in the plan report). Everything else stays STRICT.
     * @default []
     */
    mtlsExceptions: z.array(mtlsExceptionSchema).default([]),
});

/** A secret's full name in the store (it must start with the plane's prefix, checked by the program). */
const storeSecretFullName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_+=.@-]*$/, { error: "must be a secret name such as splitplane/aws-dev/team-a/api-key" });

export const secretSyncConfigSchema = z.strictObject({
    /** ESO controller and webhook replicas. @default 2 */
    replicas: intBetween(1, 5).default(2),
    /** How often every ExternalSecret re-reads its secrets; a rotation reaches the pods within this. @default "1h" */
    refreshInterval: duration.default("1h"),
    /**
     * Loosening: let ESO reconcile ClusterSecretStores, with the reason (shown in the plan report).
     * @default undefined (namespaced SecretStores only)
     */
    clusterStores: z.strictObject({ reason: z.string().min(20, { error: "must give a reason of at least 20 characters" }) }).optional(),
    /**
     * Namespaces of your own that read secrets from the store: each gets its namespace (in the
     * mesh), its reader identity with exactly these secrets, and its own SecretStore. Names are
     * full store names under the environment's prefix (`splitplane/<stack>/` on AWS).
     * @default []
     */
    consumers: z
        .array(z.strictObject({ namespace: dnsLabel, secrets: z.array(storeSecretFullName).min(1, { error: "must list at least one secret" }) }))
        .default([]),
});

export type MeshConfig = z.infer<typeof meshConfigSchema>;
export type SecretSyncConfig = z.infer<typeof secretSyncConfigSchema>;

/** The platform's loosenings, in words for the plan report. */
export function platformLoosened(cfg: Pick<StackConfig, "mesh" | "secretSync" | "controlPlane" | "agent">): string[] {
    const out = cfg.mesh.mtlsExceptions.map(
        (e) => `splitplane:mesh.mtlsExceptions: plain text admitted on port ${e.port} of ${e.namespace}/{${Object.entries(e.selector).map(([k, v]) => `${k}=${v}`).join(",")}} (${e.reason})`,
    );
    const reason = clusterStoreReason(cfg);
    if (reason) out.push(`splitplane:secretSync.clusterStores: ESO reconciles ClusterSecretStores (${reason})`);
    return out;
}

/**
 * Why ESO reconciles ClusterSecretStores in this stack, or undefined when it does not: the
 * stack's own written reason, or the agent's `tfy-secret-store` (its chart's ClusterSecretStore,
 * a webhook to the control plane for TrueFoundry-managed secrets; `agent.truefoundrySecretStore`).
 */
export function clusterStoreReason(cfg: Pick<StackConfig, "secretSync" | "controlPlane" | "agent">): string | undefined {
    if (cfg.secretSync.clusterStores) return cfg.secretSync.clusterStores.reason;
    if (cfg.controlPlane && cfg.agent.enabled && cfg.agent.truefoundrySecretStore) {
        return "tfy-agent's ClusterSecretStore tfy-secret-store serves TrueFoundry-managed secrets from the control plane (agent.truefoundrySecretStore)";
    }
    return undefined;
}
