import { z } from "zod";

/**
 * The stack configuration: everything under the `splitplane:` namespace of a
 * `stacks/Pulumi.<stack>.yaml`. Each top-level field is one key, e.g. `splitplane:phase`.
 *
 * Defaults live here and only here (zod `.default()`); defaults that depend on the
 * environment (NAT per AZ, multi-AZ databases, deletion protection) are resolved by
 * `resolveEnvironmentDefaults` in ./defaults.ts, also in one place.
 * Unknown keys are errors at every level, so a typo never passes silently.
 */

const ipv4Cidr = z
    .string()
    .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/, { error: "must be an IPv4 CIDR such as 10.40.0.0/16" });

/** An integer in [min, max]; the message format is shared by every bounded key. */
export const intBetween = (min: number, max: number) => z.number().int().min(min).max(max);

/** The environment tier: it drives the production-safe defaults (NAT per AZ, multi-AZ, deletion protection). */
export const environmentSchema = z.enum(["dev", "staging", "prod"]);
export type Environment = z.infer<typeof environmentSchema>;

/** Rollout phases: 0 network and identity, 1 cluster and data, 2 GPU capacity and platform, 3 production hardening. */
export const phaseSchema = intBetween(0, 3);

export const networkConfigSchema = z.strictObject({
    /** VPC / VNet address space. @default "10.40.0.0/16" */
    cidr: ipv4Cidr.default("10.40.0.0/16"),
    /** Availability zones to spread across. @default 3 */
    azCount: intBetween(2, 6).default(3),
    /** NAT strategy. @default "OnePerAz" for staging and prod, "Single" for dev */
    natStrategy: z.enum(["Single", "OnePerAz"]).optional(),
    /** Interface VPC endpoint services (short names). @default the list in components/aws/defaults */
    vpcEndpoints: z.array(z.string().regex(/^[a-z0-9.-]+$/)).optional(),
    /** Flow-log retention in days. @default 365 */
    flowLogRetentionDays: z.number().int().positive().default(365),
});

export const clusterConfigSchema = z.strictObject({
    /** Kubernetes minor version. @default "1.34" */
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, { error: "must be a Kubernetes minor version such as 1.34" }).default("1.34"),
    /**
     * Loosening: a public API endpoint, reachable only from these CIDRs.
     * @default undefined (private endpoint only)
     */
    publicEndpointCidrs: z.array(ipv4Cidr).min(1).optional(),
    /** IAM role ARNs (AWS) or Entra group object ids (Azure) granted cluster admin. @default [] */
    admins: z.array(z.string().min(1)).default([]),
    /** System node pool size. @default { min: 2, max: 3 } */
    systemNodes: z
        .strictObject({
            instanceType: z.string().default("m7i.large"),
            min: intBetween(1, 10).default(2),
            max: intBetween(1, 20).default(3),
        })
        .default({ instanceType: "m7i.large", min: 2, max: 3 }),
});

export const nodePoolsConfigSchema = z.strictObject({
    /** CPU and memory ceilings of the general-purpose pool. @default { cpu: 200, memoryGi: 800 } */
    general: z
        .strictObject({ cpu: z.number().int().positive().default(200), memoryGi: z.number().int().positive().default(800) })
        .default({ cpu: 200, memoryGi: 800 }),
    /** GPU pool; enabled from phase 2 unless set. @default { enabled: phase >= 2, gpuLimit: 16 } */
    gpu: z
        .strictObject({ enabled: z.boolean().optional(), gpuLimit: z.number().int().positive().default(16) })
        .default({ gpuLimit: 16 }),
});

export const databaseConfigSchema = z.strictObject({
    /** PostgreSQL major.minor; must support pgvector. @default "17.6" */
    engineVersion: z.string().default("17.6"),
    /** @default "db.t4g.medium" */
    instanceClass: z.string().default("db.t4g.medium"),
    /** GiB. @default 50 */
    allocatedStorage: intBetween(20, 65536).default(50),
    /** @default 14 */
    backupRetentionDays: intBetween(1, 35).default(14),
    /** @default true in prod */
    multiAz: z.boolean().optional(),
    /** @default true in prod */
    deletionProtection: z.boolean().optional(),
});

export const ingressConfigSchema = z.strictObject({
    /** ACM certificate ARN (AWS) for the TLS listener. @default undefined (no HTTPS ingress until set) */
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, { error: "must be an ACM certificate ARN" }).optional(),
    /** Loosening: an internet-facing load balancer. @default false (internal) */
    internetFacing: z.boolean().default(false),
    /** WAF web ACL ARN for an internet-facing ALB. @default undefined */
    wafAclArn: z.string().startsWith("arn:aws").optional(),
    /** The Service the load balancer forwards to. @default Istio's conventional ingress gateway */
    backend: z
        .strictObject({ namespace: z.string().default("istio-ingress"), name: z.string().default("istio-ingressgateway"), port: intBetween(1, 65535).default(80) })
        .default({ namespace: "istio-ingress", name: "istio-ingressgateway", port: 80 }),
});

export const gatewayConfigRefSchema = z.strictObject({
    /** Path, relative to the project root, of the gateway config file or folder. */
    config: z.string().min(1),
});

export const policyConfigSchema = z.strictObject({
    /** Advisory (hardening) policies to enforce as mandatory in this stack. @default [] */
    enforce: z.array(z.string().min(1)).default([]),
    /** Named, justified exemptions; each shows in the plan report. @default [] */
    exemptions: z
        .array(
            z.strictObject({
                policy: z.string().min(1),
                urn: z.string().startsWith("urn:pulumi:"),
                reason: z.string().min(10, { error: "must give a reason of at least 10 characters" }),
            }),
        )
        .default([]),
});

const tagKey = z.string().min(1).max(128);
const tagValue = z.string().max(256);

export const stackConfigSchema = z.strictObject({
    /** Which cloud this environment runs on. */
    cloud: z.enum(["aws", "azure"]),
    /** Rollout phase; promotion is `pulumi config set splitplane:phase <n>`. @default 0 */
    phase: phaseSchema.default(0),
    /** Environment tier. */
    environment: environmentSchema,
    /** Cost centre tag, enforced on every taggable resource. @default "platform" */
    costCenter: z.string().min(1).max(64).default("platform"),
    /** Extra tags; the enforced keys (splitplane:stack, splitplane:phase, cost centre) always win. @default {} */
    tags: z.record(tagKey, tagValue).default({}),
    network: networkConfigSchema.default(() => networkConfigSchema.parse({})),
    cluster: clusterConfigSchema.default(() => clusterConfigSchema.parse({})),
    nodePools: nodePoolsConfigSchema.default(() => nodePoolsConfigSchema.parse({})),
    database: databaseConfigSchema.default(() => databaseConfigSchema.parse({})),
    ingress: ingressConfigSchema.default(() => ingressConfigSchema.parse({})),
    /** The AI gateway's governance config for this environment. @default undefined (no gateway config delivered) */
    gateway: gatewayConfigRefSchema.optional(),
    policy: policyConfigSchema.default(() => policyConfigSchema.parse({})),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
/** What a user writes (before defaults). */
export type StackConfigInput = z.input<typeof stackConfigSchema>;

/** The namespace of every splitplane key in a stack file. */
export const CONFIG_NAMESPACE = "splitplane";
