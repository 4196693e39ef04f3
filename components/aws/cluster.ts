import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../config/errors";
import { BoundServiceAccount, ServiceAccountBinding } from "../compute-plane";
import { createNetworkingAddons, createWorkloadAddons } from "./addons";
import { encryptedStorageClassSpec } from "./storage-class";
import { awsContextSchema, AwsContext, input, parseArgs, resource, tagsSchema } from "./args";
import { clusterKeyPolicy, managedPolicyArn, serviceTrustPolicy, STS_AUDIENCE } from "./iam";
import { IrsaServiceAccount } from "./identity";
import { eksKubeconfig } from "./kubeconfig";
import { createSystemNodeGroup } from "./system-nodes";

/** Every control-plane log type: audit and authenticator logs are what an incident review needs. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: "must be an IAM role ARN" });
const cidr = z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/);

export const eksClusterArgsSchema = z.strictObject({
    context: awsContextSchema,
    /** The EKS cluster name (also the Karpenter discovery tag), fixed so that subnets can be tagged before the cluster exists. */
    clusterName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,99}$/),
    /** @default "1.34" */
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/).default("1.34"),
    /** EKS upgrade policy: STANDARD lets EKS upgrade the cluster itself when standard support ends. @default "STANDARD" */
    supportType: z.enum(["STANDARD", "EXTENDED"]).default("STANDARD"),
    vpcId: input<string>(),
    /** Private subnets for the control-plane ENIs and the system nodes. */
    subnetIds: z.array(input<string>()).min(2),
    /** Loosening: a public API endpoint for these CIDRs. @default undefined (private endpoint only) */
    publicEndpointCidrs: z.array(cidr.refine((c) => !c.endsWith("/0"), { error: "must not be a /0" })).min(1).optional(),
    /**
     * CIDRs of the networks that deploy (CI runner subnet, VPN clients), admitted on tcp/443 by the
     * cluster security group; EKS's own rule on that group admits only the group itself. @default []
     */
    apiClientCidrs: z.array(cidr.refine((c) => !c.endsWith("/0"), { error: "must not be a /0" })).default([]),
    /** Security groups whose members may reach the API on tcp/443. @default [] */
    apiClientSecurityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]{8,17}$/)).default([]),
    /** IAM roles granted AmazonEKSClusterAdminPolicy through access entries. @default [] */
    admins: z.array(iamRoleArn).default([]),
    /** KMS key for envelope encryption of Kubernetes Secrets. */
    secretsKmsKeyArn: input<string>(),
    /** KMS key of the default StorageClass's EBS volumes (the EBS CSI driver's role may use it). */
    volumeKmsKeyArn: input<string>(),
    /** KMS key for the control-plane log group. */
    logKmsKeyArn: input<string>(),
    /** @default 365 */
    logRetentionDays: z.number().int().positive().default(365),
    /** @default { instanceType: "m7i.large", min: 2, max: 3 } */
    systemNodes: z
        .strictObject({ instanceType: z.string().default("m7i.large"), min: z.number().int().min(1).default(2), max: z.number().int().min(1).default(3) })
        .superRefine((v, ctx) => {
            if (v.min > v.max) ctx.addIssue({ code: "custom", path: ["min"], input: v.min, message: `must not exceed systemNodes.max (${v.max})` });
        })
        .prefault({}),
    /**
     * The network's ways out of the private subnets (NAT gateways and routes, VPC endpoints). The
     * system nodes wait for them: they need them to join and pull images, and every controller
     * that runs on the nodes then waits for them too, so `pulumi destroy` removes Karpenter's
     * nodes and the load balancer controller's ALBs while those controllers can still reach the
     * AWS APIs. @default []
     */
    networkReady: z.array(resource<pulumi.Resource>("Resource")).default([]),
    /** EKS deletion protection (phase 3). @default false */
    deletionProtection: z.boolean().default(false),
    /** Pulumi `protect` on the cluster and its log group. @default false */
    protect: z.boolean().default(false),
    tags: tagsSchema,
});
export type EksClusterArgs = z.input<typeof eksClusterArgsSchema>;

/** A stable child-name suffix from a CIDR or security group id (`10.0.8.0/24` → `10-0-8-0-24`), never a list position. */
export const clientKey = (source: string) => source.replace(/[./]/g, "-");

/**
 * tcp/443 from each deploying network to the cluster security group, which holds the private API
 * endpoint's network interfaces. EKS creates that group with one rule (all traffic from itself), so
 * without these a CI runner or VPN client in the VPC's routes still cannot open the API
 * (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html).
 */
function apiClientRules(parent: pulumi.Resource, name: string, clusterSg: pulumi.Output<string>, cidrs: string[], groups: string[]) {
    const rule = (source: string, from: { cidrIpv4: string } | { referencedSecurityGroupId: string }) =>
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-api-from-${clientKey(source)}`,
            { securityGroupId: clusterSg, ipProtocol: "tcp", fromPort: 443, toPort: 443, ...from, description: `Kubernetes API from deploying client ${source}` },
            { parent },
        );
    return [...cidrs.map((c) => rule(c, { cidrIpv4: c })), ...groups.map((g) => rule(g, { referencedSecurityGroupId: g }))];
}

/** A stable child-name suffix from a role ARN: its last path segment. */
export const adminKey = (arn: string) => (arn.split("/").pop() ?? arn).toLowerCase().replace(/[^a-z0-9-]/g, "-");

/**
 * An EKS cluster from `@pulumi/aws` resources: private API endpoint, Secrets encrypted with a
 * customer key, every control-plane log, access entries (no aws-auth ConfigMap), the IAM OIDC
 * provider for IRSA, managed add-ons and an on-demand system node group tainted CriticalAddonsOnly.
 */
export class EksCluster extends pulumi.ComponentResource {
    readonly cluster: aws.eks.Cluster;
    readonly clusterName: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly issuerUrl: pulumi.Output<string>;
    readonly oidcProvider: aws.iam.OpenIdConnectProvider;
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly systemNodeGroup: aws.eks.NodeGroup;
    /** The default StorageClass (`gp3-encrypted`, the volume key): the plane's `storageClassName`. */
    readonly storageClass: k8s.storage.v1.StorageClass;
    /** The tcp/443 rules admitting the deploying clients to the private API; the Kubernetes provider waits for them. */
    readonly apiClientRules: aws.vpc.SecurityGroupIngressRule[];
    /** Add-ons and node groups: what must be running before anything else is scheduled. */
    readonly ready: pulumi.Resource[];
    readonly context: AwsContext;
    private readonly tags: Record<string, string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(eksClusterArgsSchema, args, "splitplane:aws:EksCluster", name);
        super("splitplane:aws:EksCluster", name, {}, opts);
        const keys = a.admins.map(adminKey);
        const dup = keys.find((k, i) => keys.indexOf(k) !== i);
        if (dup) throw new ConfigError([`splitplane:aws:EksCluster "${name}": admins must end in distinct role names (got "${dup}" twice)`]);
        this.context = a.context;
        this.tags = a.tags;
        const child = { parent: this };
        const partition = pulumi.output(a.context.partition);

        const role = new aws.iam.Role(
            `${name}-cluster-role`,
            { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"])), tags: a.tags },
            child,
        );
        const rolePolicy = new aws.iam.RolePolicyAttachment(`${name}-cluster-policy`, { role: role.name, policyArn: partition.apply((p) => managedPolicyArn(p, "AmazonEKSClusterPolicy")) }, child);
        const keyUse = new aws.iam.RolePolicy(
            `${name}-cluster-kms`,
            { role: role.name, policy: pulumi.output(a.secretsKmsKeyArn).apply((arn) => JSON.stringify(clusterKeyPolicy(arn))) },
            child,
        );
        // Created before the cluster (EKS would create it unencrypted and keep it forever).
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            { name: `/aws/eks/${a.clusterName}/cluster`, retentionInDays: a.logRetentionDays, kmsKeyId: a.logKmsKeyArn, tags: a.tags },
            { parent: this, protect: a.protect },
        );

        const publicAccess = a.publicEndpointCidrs !== undefined;
        this.cluster = new aws.eks.Cluster(
            `${name}-cluster`,
            {
                name: a.clusterName,
                version: a.kubernetesVersion,
                roleArn: role.arn,
                vpcConfig: {
                    subnetIds: a.subnetIds,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: publicAccess,
                    ...(publicAccess ? { publicAccessCidrs: a.publicEndpointCidrs } : {}),
                },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                // Only managed add-ons: nothing unmanaged for EKS to install behind our back.
                bootstrapSelfManagedAddons: false,
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: a.secretsKmsKeyArn } },
                enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
                upgradePolicy: { supportType: a.supportType },
                deletionProtection: a.deletionProtection,
                tags: a.tags,
            },
            { parent: this, dependsOn: [rolePolicy, keyUse, logGroup], protect: a.protect },
        );
        this.clusterName = this.cluster.name;
        this.clusterArn = this.cluster.arn;
        this.endpoint = this.cluster.endpoint;
        this.clusterSecurityGroupId = this.cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
        this.issuerUrl = this.cluster.identities.apply((ids) => ids[0].oidcs[0].issuer);

        this.oidcProvider = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: this.issuerUrl, clientIdLists: [STS_AUDIENCE], tags: a.tags }, child);
        // Karpenter finds the node security group by this tag.
        new aws.ec2.Tag(`${name}-cluster-sg-discovery`, { resourceId: this.clusterSecurityGroupId, key: "karpenter.sh/discovery", value: a.clusterName }, child);

        const adminAccess = a.admins.map((arn) => {
            const entry = new aws.eks.AccessEntry(`${name}-admin-${adminKey(arn)}`, { clusterName: this.cluster.name, principalArn: arn, type: "STANDARD", tags: a.tags }, child);
            return new aws.eks.AccessPolicyAssociation(
                `${name}-admin-${adminKey(arn)}`,
                {
                    clusterName: this.cluster.name,
                    principalArn: entry.principalArn,
                    policyArn: partition.apply((p) => `arn:${p}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`),
                    accessScope: { type: "cluster" },
                },
                child,
            );
        });

        this.apiClientRules = apiClientRules(this, name, this.clusterSecurityGroupId, a.apiClientCidrs, a.apiClientSecurityGroupIds);

        const addonContext = { clusterName: this.cluster.name, kubernetesVersion: a.kubernetesVersion, oidcProviderArn: this.oidcProvider.arn, issuerUrl: this.issuerUrl, partition, tags: a.tags };
        const networking = createNetworkingAddons(this, name, addonContext);
        const nodes = createSystemNodeGroup(this, name, {
            clusterName: this.cluster.name,
            kubernetesVersion: a.kubernetesVersion,
            subnetIds: a.subnetIds,
            ...a.systemNodes,
            partition,
            tags: a.tags,
            dependsOn: [...networking, ...a.networkReady],
        });
        this.systemNodeGroup = nodes.nodeGroup;
        const workload = createWorkloadAddons(this, name, addonContext, [nodes.nodeGroup], a.volumeKmsKeyArn);
        this.ready = [nodes.nodeGroup, ...networking, ...workload];


        this.kubeconfig = pulumi
            .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority, a.context.region])
            .apply(([clusterName, endpoint, ca, region]) => JSON.stringify(eksKubeconfig({ clusterName, endpoint, certificateAuthorityData: ca.data ?? "", region })));
        // The provider waits for the admin access entries (before them, the deployer has no Kubernetes
        // rights) and for the 443 rules (before them, the deployer's packets to the API are dropped).
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            { parent: this, dependsOn: [...adminAccess, ...this.apiClientRules] },
        );
        // The default StorageClass, after its driver (whose role may then use the volume key).
        this.storageClass = new k8s.storage.v1.StorageClass(`${name}-storage-class`, encryptedStorageClassSpec(a.volumeKmsKeyArn), { parent: this, provider: this.provider, dependsOn: workload });

        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            issuerUrl: this.issuerUrl,
            oidcProviderArn: this.oidcProvider.arn,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
        });
    }

    /** IRSA binding for this cluster; the ComputePlane's `bindServiceAccount`. */
    bindServiceAccount(name: string, binding: ServiceAccountBinding, opts?: pulumi.ComponentResourceOptions): BoundServiceAccount {
        return new IrsaServiceAccount(
            name,
            {
                oidcProviderArn: this.oidcProvider.arn,
                issuerUrl: this.issuerUrl,
                namespace: binding.namespace,
                serviceAccountName: binding.serviceAccountName,
                permissions: binding.permissions,
                createServiceAccount: binding.createServiceAccount ?? true,
                provider: this.provider,
                tags: this.tags,
            },
            { parent: this, ...opts },
        );
    }
}
