import { z } from "zod";
import { parseCidr, vpcPrefixRange, vpcPrefixRule } from "../components/aws/cidr";
import { DEFAULT_TERMINATION_GRACE_PERIOD, KARPENTER_DURATION } from "../components/aws/karpenter-specs";
import { azureStackSections } from "./azure-schema";
import { operationsConfigSchema } from "./operations";
import { meshConfigSchema, secretSyncConfigSchema } from "./platform";
import { capacityType, intBetween, ipv4Cidr, kubernetesVersion, publicEndpointCidrs, semver } from "./primitives";
import { providerCredentialsConfigSchema } from "./provider-credentials";
import { agentConfigSchema, controlPlaneConfigSchema, llmGatewayConfigSchema } from "./split-plane";

/**
 * The stack configuration: everything under the `splitplane:` namespace of a
 * `stacks/Pulumi.<stack>.yaml`. Each top-level field is one key, e.g. `splitplane:phase`.
 *
 * Defaults live here and only here (zod `.default()`); defaults that depend on the
 * environment (NAT per AZ, multi-AZ databases, deletion protection) are resolved by
 * `resolveEnvironmentDefaults` in ./defaults.ts, also in one place.
 * Unknown keys are errors at every level, so a typo never passes silently.
 */

export { intBetween } from "./primitives";

/** The environment tier: it drives the production-safe defaults (NAT per AZ, multi-AZ, deletion protection). */
export const environmentSchema = z.enum(["dev", "staging", "prod"]);
export type Environment = z.infer<typeof environmentSchema>;

/**
 * The adoption path (docs/phases.md), cumulative: 0 prove the path (network, keys, the cluster and
 * its pools, mesh, ingress, secret sync, the control plane or its URL, the agent with Argo CD,
 * Rollouts and Prometheus, the gateway, the OTel collector); 1 standardise LLM access (gateway
 * governance); 2 data and models closer (pgvector database, artifact storage, GPU pools and the
 * device plugin, scale to zero, on-prem-first routing); 3 promote across environments (the
 * control plane by StackReference, canary and idle pause, guardrails enforcing, hardening).
 */
export const phaseSchema = intBetween(0, 3);

/**
 * Interface VPC endpoint services created by default (short names, `com.amazonaws.<region>.` is
 * prepended), so that what the plane already runs talks to AWS inside the VPC: image pulls (ecr.*,
 * with S3 always added as a gateway endpoint), IRSA and Pod Identity credentials (sts, eks-auth),
 * Karpenter (ec2, ssm for AMI parameters, sqs for its interruption queue, eks for DescribeCluster),
 * the LB controller (elasticloadbalancing), logs, secrets and keys, Session Manager (ssm,
 * ssmmessages, ec2messages) and Bedrock. Not everything: IAM (Karpenter's instance profiles) and
 * the Pricing API have no regional endpoint, and public registries are on the internet, so NAT
 * stays.
 */
export const DEFAULT_VPC_ENDPOINTS = [
    "ecr.api",
    "ecr.dkr",
    "sts",
    "eks-auth",
    "eks",
    "ec2",
    "sqs",
    "logs",
    "secretsmanager",
    "kms",
    "elasticloadbalancing",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "bedrock-runtime",
] as const;

export const networkConfigSchema = z.strictObject({
    /** VPC address space: /16 to /22 for 2-3 AZs, /16 to /21 for 4-6 (`vpcPrefixRange`, the rule stated once). @default "10.40.0.0/16" */
    cidr: ipv4Cidr.default("10.40.0.0/16"),
    /** Availability zones to spread across. @default 3 */
    azCount: intBetween(2, 6).default(3),
    /** NAT strategy. @default "OnePerAz" for staging and prod, "Single" for dev (resolved in ./defaults.ts) */
    natStrategy: z.enum(["Single", "OnePerAz"]).optional(),
    /** Interface VPC endpoint services (short names such as `ecr.api`). @default DEFAULT_VPC_ENDPOINTS */
    vpcEndpoints: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, { error: "must be a service short name such as ecr.api" }))
        .refine((list) => new Set(list).size === list.length, { error: "must not list a service twice" })
        .default([...DEFAULT_VPC_ENDPOINTS]),
    /**
     * AWS accounts whose ECR repositories may be pulled through the ecr.* endpoints besides this
     * account's and the region's EKS add-on registry (say, another account's shared images).
     * Required for a region whose EKS add-on registry splitplane does not know. @default []
     */
    ecrRegistryAccounts: z.array(z.string().regex(/^\d{12}$/, { error: "must be a 12-digit AWS account id" })).default([]),
    /**
     * Buckets of other accounts that pods may read (s3:GetObject) through the S3 gateway endpoint,
     * besides the AWS-owned ones the nodes need: say, a registry whose layers sit in an S3 bucket
     * of this region. This account's own buckets are always reachable. @default []
     */
    s3ReadBuckets: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name" })).default([]),
    /** Flow-log retention in days. @default 365 */
    flowLogRetentionDays: z.number().int().positive().default(365),
}).superRefine((v, ctx) => {
    // A malformed CIDR or AZ count has its own message already.
    if (!ipv4Cidr.safeParse(v.cidr).success || !intBetween(2, 6).safeParse(v.azCount).success) return;
    const { prefix } = parseCidr(v.cidr);
    const range = vpcPrefixRange(v.azCount);
    if (prefix < range.min || prefix > range.max) ctx.addIssue({ code: "custom", path: ["cidr"], input: v.cidr, message: `must be ${vpcPrefixRule(v.azCount)}` });
});

export const clusterConfigSchema = z.strictObject({
    /** Kubernetes minor version. @default "1.34" */
    kubernetesVersion,
    /**
     * EKS upgrade policy. `STANDARD`: when standard support for `kubernetesVersion` ends, EKS
     * upgrades the control plane itself to the next version, away from the stack's pin. `EXTENDED`:
     * the version stays for up to 12 more months, at the extended-support price.
     * @default "STANDARD"
     */
    supportType: z.enum(["STANDARD", "EXTENDED"]).default("STANDARD"),
    /**
     * Loosening: a public API endpoint, reachable only from these CIDRs (0.0.0.0/0 is refused).
     * @default undefined (private endpoint only)
     */
    publicEndpointCidrs,
    /**
     * IAM role ARNs (AWS) or Entra group object ids (Azure) granted cluster admin. The identity that
     * runs `pulumi up` must be one of them (the cluster exists from phase 0), or it cannot install the charts.
     * @default []
     */
    admins: z.array(z.string().min(1)).default([]),
    /**
     * Networks that run `pulumi up` (a CI runner's subnet, a VPN's client range): EKS's cluster
     * security group admits only itself, so each gets a tcp/443 rule to the private API endpoint.
     * With none, only what already holds that security group (the nodes) reaches the API: an SSM
     * port forward through a node is then the only way in. A /0 is refused.
     * @default []
     */
    apiClientCidrs: z
        .array(ipv4Cidr.refine((c) => !c.endsWith("/0"), { error: "must not be a /0 (the whole internet)" }))
        .refine((list) => new Set(list).size === list.length, { error: "must not list a CIDR twice" })
        .default([]),
    /** Security groups (in this VPC or a peered one in the region) whose members may reach the API on 443. @default [] */
    apiClientSecurityGroupIds: z
        .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, { error: "must be a security group id such as sg-0123456789abcdef0" }))
        .refine((list) => new Set(list).size === list.length, { error: "must not list a security group twice" })
        .default([]),
    /** System node pool (on-demand, tainted CriticalAddonsOnly). @default { instanceType: "m7i.large", min: 2, max: 3 } */
    systemNodes: z
        .strictObject({
            instanceType: z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, { error: "must be an instance type such as m7i.large" }).default("m7i.large"),
            min: intBetween(1, 10).default(2),
            max: intBetween(1, 20).default(3),
        })
        .superRefine((v, ctx) => {
            if (v.min > v.max) ctx.addIssue({ code: "custom", path: ["min"], input: v.min, message: `must not exceed systemNodes.max (${v.max})` });
        })
        .prefault({}),
});

/**
 * A pool's `terminationGracePeriod`: how long a draining node (destroy, drift, expiry) waits for pods
 * that a PodDisruptionBudget or `karpenter.sh/do-not-disrupt` protects before they are deleted.
 */
const terminationGracePeriod = (kind: keyof typeof DEFAULT_TERMINATION_GRACE_PERIOD) =>
    z.string().regex(KARPENTER_DURATION, { error: "must be a duration such as 1h, 30m or 1h30m" }).default(DEFAULT_TERMINATION_GRACE_PERIOD[kind]);

export const nodePoolsConfigSchema = z.strictObject({
    /**
     * Karpenter AMI alias for every pool (`al2023@<version>` or `bottlerocket@<version>`). `@latest`
     * is refused in prod (stacks/aws/validate.ts): every AMI release would replace every node.
     * @default "al2023@latest"
     */
    amiAlias: z.string().regex(/^(al2023|bottlerocket)@(latest|v[0-9][0-9.]*)$/, { error: "must be al2023@<version> or bottlerocket@<version>, e.g. al2023@latest" }).default("al2023@latest"),
    /** General-purpose pool: spot first, on-demand fallback. @default { cpu: 200, memoryGi: 800, capacityTypes: ["spot", "on-demand"], instanceCategories: ["c", "m", "r"] } */
    general: z
        .strictObject({
            cpu: z.number().int().positive().default(200),
            memoryGi: z.number().int().positive().default(800),
            capacityTypes: z.array(capacityType).min(1).default(["spot", "on-demand"]),
            instanceCategories: z.array(z.string().regex(/^[a-z]+$/)).min(1).default(["c", "m", "r"]),
            /** @default "1h" */
            terminationGracePeriod: terminationGracePeriod("general"),
        })
        .prefault({}),
    /**
     * On-demand pool (never spot, tainted `splitplane.io/on-demand`) for controllers, the control
     * plane and the ingress gateway; pausing an idle environment never removes it.
     * @default { cpu: 64, memoryGi: 256, instanceCategories: ["c", "m", "r"] }
     */
    onDemand: z
        .strictObject({
            cpu: z.number().int().positive().default(64),
            memoryGi: z.number().int().positive().default(256),
            instanceCategories: z.array(z.string().regex(/^[a-z]+$/)).min(1).default(["c", "m", "r"]),
            /** @default "1h" */
            terminationGracePeriod: terminationGracePeriod("on-demand"),
        })
        .prefault({}),
    /** GPU pool (tainted nvidia.com/gpu). @default { enabled: phase >= 2, gpuLimit: 16, capacityTypes: ["spot", "on-demand"], instanceFamilies: ["g5", "g6"] } */
    gpu: z
        .strictObject({
            enabled: z.boolean().optional(),
            gpuLimit: z.number().int().positive().default(16),
            capacityTypes: z.array(capacityType).min(1).default(["spot", "on-demand"]),
            instanceFamilies: z.array(z.string().regex(/^[a-z][a-z0-9]*$/)).min(1).default(["g5", "g6"]),
            /** Long, so that drift or expiry does not cut a GPU job short: it gets this long to finish. @default "12h" */
            terminationGracePeriod: terminationGracePeriod("gpu"),
        })
        .prefault({}),
});

export const databaseConfigSchema = z.strictObject({
    /**
     * PostgreSQL major version (RDS applies minor upgrades in the maintenance window), or
     * major.minor to pin one (minor upgrades then off: you bump it); 15 or newer for pgvector.
     * @default "17"
     */
    engineVersion: z
        .string()
        .regex(/^\d+(\.\d+)?$/, { error: "must be a PostgreSQL major version such as 17 (or major.minor such as 17.6 to pin a minor)" })
        .refine((v) => Number(v.split(".")[0]) >= 15, { error: "must be PostgreSQL 15 or newer (pgvector)" })
        .default("17"),
    /** @default "db.t4g.medium" */
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: "must be an RDS instance class such as db.t4g.medium" }).default("db.t4g.medium"),
    /** GiB; storage autoscales up to four times this. @default 50 */
    allocatedStorage: intBetween(20, 65536).default(50),
    /** @default 14 */
    backupRetentionDays: intBetween(1, 35).default(14),
    /** @default true in prod and at phase 3 (resolved in ./defaults.ts) */
    multiAz: z.boolean().optional(),
    /** @default true in prod (resolved in ./defaults.ts) */
    deletionProtection: z.boolean().optional(),
    /**
     * Let RDS move `engineVersion` across a major version (which also changes the parameter group's
     * family). Set it for the apply that upgrades, then back: the program cannot see which major
     * version is deployed, so it cannot tell an upgrade from a typo. While on, changes apply at
     * once rather than in the maintenance window (the old parameter group can only go then).
     * @default false
     */
    allowMajorVersionUpgrade: z.boolean().default(false),
});

export const ingressConfigSchema = z
    .strictObject({
        /** ACM certificate ARN (AWS) for the TLS listener. @default undefined (no Ingress until set; the controller is still installed) */
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, { error: "must be an ACM certificate ARN" }).optional(),
        /** Loosening: an internet-facing load balancer; requires `allowedCidrs`. @default false (internal) */
        internetFacing: z.boolean().default(false),
        /** Client CIDRs the load balancer admits. @default undefined (the VPC CIDR only) */
        allowedCidrs: z.array(ipv4Cidr).min(1).optional(),
        /** WAF web ACL ARN (wafv2) attached to the load balancer. @default undefined */
        wafAclArn: z.string().regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/, { error: "must be a regional wafv2 web ACL ARN" }).optional(),
        /** The Service the load balancer forwards to. @default Istio's conventional ingress gateway */
        backend: z
            .strictObject({
                namespace: z.string().default("istio-ingress"),
                name: z.string().default("istio-ingressgateway"),
                port: intBetween(1, 65535).default(80),
                /** Health check of the target pods. @default Istio's readiness endpoint on its status port */
                healthCheckPath: z.string().startsWith("/").default("/healthz/ready"),
                healthCheckPort: intBetween(1, 65535).default(15021),
            })
            .prefault({}),
    })
    .superRefine((v, ctx) => {
        if (v.internetFacing && !v.allowedCidrs) {
            ctx.addIssue({ code: "custom", path: ["allowedCidrs"], input: v.allowedCidrs, message: "must be set when ingress.internetFacing is true (name the clients, or 0.0.0.0/0 on purpose)" });
        }
        if (v.internetFacing && !v.certificateArn) {
            ctx.addIssue({ code: "custom", path: ["certificateArn"], input: v.certificateArn, message: "must be set when ingress.internetFacing is true (no plain-HTTP public endpoint)" });
        }
    });

/**
 * Pinned Helm chart versions of charts that run on either cloud; the conformance tests check
 * values against these versions' upstream files. A cloud's own charts extend this (below).
 */
export const chartsConfigSchema = z.strictObject({
    /** `nvidia-device-plugin` from https://nvidia.github.io/k8s-device-plugin (GPU pool only). @default "0.20.0" */
    nvidiaDevicePlugin: semver.default("0.20.0"),
    /** `truefoundry` (the control plane) from https://truefoundry.github.io/infra-charts/. @default "0.168.2" */
    truefoundry: semver.default("0.168.2"),
    /** `tfy-agent` from https://truefoundry.github.io/infra-charts/. @default "0.2.100" */
    tfyAgent: semver.default("0.2.100"),
    /** `tfy-llm-gateway` (the AI gateway) from https://truefoundry.github.io/infra-charts/. @default "0.168.0" */
    tfyLlmGateway: semver.default("0.168.0"),
    /** `argo-cd` from https://argoproj.github.io/argo-helm. @default "10.1.1" */
    argoCd: semver.default("10.1.1"),
    /** `argo-rollouts` from https://argoproj.github.io/argo-helm. @default "2.41.0" */
    argoRollouts: semver.default("2.41.0"),
    /** `keda` from https://kedacore.github.io/charts. @default "2.20.2" */
    keda: semver.default("2.20.2"),
    /** `elasti` from oci://tfy.jfrog.io/tfy-helm (KubeElasti, HTTP scale to zero). @default "0.1.21" */
    elasti: semver.default("0.1.21"),
    /** `kube-prometheus-stack` from https://prometheus-community.github.io/helm-charts. @default "88.5.3" */
    kubePrometheusStack: semver.default("88.5.3"),
    /** `metrics-server` from https://kubernetes-sigs.github.io/metrics-server/. @default "3.13.1" */
    metricsServer: semver.default("3.13.1"),
    /** `opentelemetry-collector` from https://open-telemetry.github.io/opentelemetry-helm-charts. @default "0.170.0" */
    opentelemetryCollector: semver.default("0.170.0"),
    /** Istio `base`, `istiod` and `gateway`, one version, from https://istio-release.storage.googleapis.com/charts. @default "1.30.3" */
    istio: semver.refine((v) => v.startsWith("1.30."), { error: "must be an Istio 1.30.x version (the values are checked against 1.30)" }).default("1.30.3"),
    /** `external-secrets` from https://charts.external-secrets.io. @default "2.9.0" */
    externalSecrets: semver.refine((v) => v.startsWith("2."), { error: "must be an external-secrets 2.x version (external-secrets.io/v1)" }).default("2.9.0"),
});

/** The AWS compute plane's own charts, beside the shared ones. */
export const awsChartsConfigSchema = chartsConfigSchema.extend({
    /** `karpenter` and `karpenter-crd` from oci://public.ecr.aws/karpenter. @default "1.14.1" */
    karpenter: semver.default("1.14.1"),
    /** `aws-load-balancer-controller` from https://aws.github.io/eks-charts. @default "3.5.0" */
    awsLoadBalancerController: semver.default("3.5.0"),
});

export const gatewayConfigRefSchema = z.strictObject({
    /** Path, relative to the project root, of the gateway config file or folder. */
    config: z.string().min(1),
    /**
     * Level of the gateway's governance findings (catch-alls, guardrails by phase, the metadata
     * contract; docs/gateway.md): `warning` lets a team adopt a plain TrueFoundry config first and
     * tighten later. Format and semantic findings, and literal credentials, stay errors. The gateway's
     * own setting, separate from the policy pack's levels. @default "error"
     */
    governance: z.enum(["error", "warning"]).default("error"),
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

/**
 * Keys with the same meaning on every cloud. Cloud-neutral platform sections (control plane,
 * agent, mesh, ...) belong here, so both clouds' stacks accept them.
 */
const sharedKeys = {
    /** Rollout phase; promotion is `pulumi config set splitplane:phase <n>`. @default 0 */
    phase: phaseSchema.default(0),
    /** Environment tier. */
    environment: environmentSchema,
    /** Cost centre tag, enforced on every taggable resource. @default "platform" */
    costCenter: z.string().min(1).max(64).default("platform"),
    /** Extra tags; the enforced keys (splitplane:stack, splitplane:phase, cost centre) always win. @default {} */
    tags: z.record(tagKey, tagValue).default({}),
    /** The TrueFoundry control plane this environment belongs to. @default undefined (no split-plane charts installed) */
    controlPlane: controlPlaneConfigSchema.optional(),
    /** The agent that connects this compute plane to the control plane (outbound only). @default { enabled: true } */
    agent: agentConfigSchema.default(() => agentConfigSchema.parse({})),
    /** The AI gateway chart. @default { enabled: true } */
    llmGateway: llmGatewayConfigSchema.default(() => llmGatewayConfigSchema.parse({})),
    /** The service mesh (Istio): STRICT mTLS, the ingress gateway, the platform Gateway's hosts. @default {} */
    mesh: meshConfigSchema.default(() => meshConfigSchema.parse({})),
    /** Secret sync (External Secrets Operator): one namespaced store per consumer. @default {} */
    secretSync: secretSyncConfigSchema.default(() => secretSyncConfigSchema.parse({})),
    /** The AI gateway's governance config for this environment. @default undefined (no gateway config delivered) */
    gateway: gatewayConfigRefSchema.optional(),
    policy: policyConfigSchema.default(() => policyConfigSchema.parse({})),
    /** Delivery, promotion, autoscaling, metrics and traces, idle pause (./operations.ts). @default every sub-key's default */
    operations: operationsConfigSchema.prefault({}),
};

/** An AWS environment: the shared keys plus the AWS fields of each section. */
export const awsStackConfigSchema = z.strictObject({
    /** Which cloud this environment runs on. */
    cloud: z.literal("aws"),
    ...sharedKeys,
    network: networkConfigSchema.default(() => networkConfigSchema.parse({})),
    cluster: clusterConfigSchema.default(() => clusterConfigSchema.parse({})),
    nodePools: nodePoolsConfigSchema.default(() => nodePoolsConfigSchema.parse({})),
    database: databaseConfigSchema.default(() => databaseConfigSchema.parse({})),
    ingress: ingressConfigSchema.default(() => ingressConfigSchema.parse({})),
    charts: awsChartsConfigSchema.default(() => awsChartsConfigSchema.parse({})),
    /**
     * Provider credentials synced from the store (phase 1): the role the control plane assumes to
     * read the LLM providers' keys under the secret prefix, and its `provider-account/aws`
     * integration (./provider-credentials.ts). AWS only. @default every sub-key's default
     */
    providerCredentials: providerCredentialsConfigSchema.prefault({}),
});

/** An Azure environment: the shared keys plus the Azure fields of each section (./azure-schema.ts). */
export const azureStackConfigSchema = z.strictObject({
    /** Which cloud this environment runs on. */
    cloud: z.literal("azure"),
    ...sharedKeys,
    ...azureStackSections,
    charts: chartsConfigSchema.default(() => chartsConfigSchema.parse({})),
});

/** The clouds a stack can run on, each with its own schema. */
export const CLOUDS = ["aws", "azure"] as const;
export type CloudName = (typeof CLOUDS)[number];
export const cloudSchema = z.enum(CLOUDS);
export const stackSchemaByCloud = { aws: awsStackConfigSchema, azure: azureStackConfigSchema } as const;

/**
 * The whole `splitplane:` config: a union discriminated by `cloud`, with the same section names
 * (`network`, `cluster`, `nodePools`, ...) on each cloud. `parseStackConfig` picks the branch by
 * `cloud` first, so a key of the other cloud is reported as such (./parse.ts).
 */
export const stackConfigSchema = z.discriminatedUnion("cloud", [awsStackConfigSchema, azureStackConfigSchema]);

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type AwsStackConfig = z.infer<typeof awsStackConfigSchema>;
export type AzureStackConfig = z.infer<typeof azureStackConfigSchema>;
/** What a user writes (before defaults). */
export type StackConfigInput = z.input<typeof stackConfigSchema>;

/** The namespace of every splitplane key in a stack file. */
export const CONFIG_NAMESPACE = "splitplane";
