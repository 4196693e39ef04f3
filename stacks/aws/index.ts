import * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedAwsStackConfig, resolveEnvironmentDefaults } from "../../config/defaults";
import { ConfigError } from "../../config/errors";
import { resolveProviderCredentials } from "../../config/provider-credentials";
import { StackConfig } from "../../config/schema";
import { ComputePlane } from "../../components/compute-plane";
import {
    AlbIngress,
    AwsContext,
    awsComputePlane,
    EksCluster,
    enforcedTags,
    Karpenter,
    KarpenterNodePool,
    KmsKey,
    mergeTags,
    Network,
    ObjectStorage,
    PostgresDatabase,
    SecretStore,
    Tags,
    VpcEndpoints,
} from "../../components/aws";
import { EKS_ADDON_REGISTRY_ACCOUNTS } from "../../components/aws/endpoint-policies";
import { awsConfigProblems, clusterNameFor, dbIdentifierFor, snapshotPrefixFor } from "./validate";

export type StackOutputs = Record<string, pulumi.Input<unknown>>;

export interface AwsDeployment {
    outputs: StackOutputs;
    /** The compute plane, from phase 0 (platform components take it). */
    plane?: ComputePlane;
    /**
     * The database: from phase 0 when the control plane is self-hosted here (its metadata), from
     * phase 2 otherwise (the platform's data, pgvector). Its RDS-managed master secret (`database.masterSecretArn`) is in
     * no shared read policy: grant it to the one consumer that needs it (the control plane's
     * namespace), e.g. through `plane.bindServiceAccount` with a policy naming that ARN alone.
     */
    database?: PostgresDatabase;
    /** What else a self-hosted control plane is built from (stacks/aws/control-plane-host.ts). */
    host: {
        context: AwsContext;
        region: string;
        clusterName: string;
        secretStore: SecretStore;
        tags: Tags;
        protect: boolean;
        /** The account id and partition as plain values, read where a manifest names them (provider credentials). */
        account?: { accountId: string; partition: string };
    };
    /**
     * Where the NVIDIA device plugin release lived before it became the platform's: a child of
     * the GPU pool. Passed to the platform component as an alias, so the move is an update of the
     * same release, never a delete and a reinstall (which would drop every GPU from scheduling).
     */
    devicePluginAliases?: pulumi.Alias[];
    /**
     * Where the ingress gateway's namespace lived before the mesh owned it: a child of the
     * `AlbIngress` named `ingress-backend-ns`. The mesh takes it over by this alias, an update in
     * place (a replacement would delete the namespace and everything in it).
     */
    gatewayNamespaceAliases?: pulumi.Alias[];
    /** The ALB Ingress in front of the mesh's gateway, in its namespace (`Mesh.ingressNamespace`); returns the stack outputs it adds. */
    exposeGateway?: (gatewayNamespace: k8s.core.v1.Namespace) => StackOutputs;
}

/**
 * The AWS environment, placed by the phase table of the design (docs/phases.md): phase 0 holds
 * the network, PrivateLink, KMS keys, the secret store, EKS with its Karpenter pools and the
 * internal ingress, and the database when the control plane is self-hosted here; phase 2 adds the
 * GPU pool, the database for the platform's data (when not already there) and the private
 * artifact bucket; phase 3 hardens (multi-AZ, deletion protection, `protect`). Each part is
 * created with the settings it keeps, so a promotion only adds.
 */
export async function provisionAws(config: StackConfig): Promise<AwsDeployment> {
    const stack = pulumi.getStack();
    const file = `stacks/Pulumi.${stack}.yaml`;
    if (config.cloud !== "aws") throw new ConfigError([`${file}: splitplane:cloud must be "aws" for the AWS program (got ${JSON.stringify(config.cloud)})`]);
    const cfg = resolveEnvironmentDefaults(config);
    const region = new pulumi.Config("aws").get("region");
    const problems = awsConfigProblems(cfg, file, stack, region);
    if (problems.length > 0 || !region) throw new ConfigError(problems);

    const context: AwsContext = { accountId: aws.getCallerIdentityOutput().accountId, partition: aws.getPartitionOutput().partition, region };
    const clusterName = clusterNameFor(stack);
    const tags: Tags = mergeTags({ "splitplane:managed-by": "pulumi" }, cfg.tags, enforcedTags({ stack, phase: cfg.phase, costCenter: cfg.costCenter }));
    const protect = cfg.protectStateful;

    // Keys, network, PrivateLink, secret store.
    const key = (role: string, description: string, allowCloudWatchLogs = false) =>
        new KmsKey(`keys-${role}`, { context, description, alias: `${clusterName}-${role}`, allowCloudWatchLogs, protect, tags });
    const logsKey = key("logs", "splitplane flow logs, EKS control-plane logs and RDS logs", true);
    const eksKey = key("eks", "splitplane EKS Secrets envelope encryption");
    const dataKey = key("data", "splitplane RDS storage and Performance Insights");
    const volumesKey = key("volumes", "splitplane EBS volumes of the cluster's default StorageClass");
    const network = new Network("network", {
        context,
        cidr: cfg.network.cidr,
        azCount: cfg.network.azCount,
        natStrategy: cfg.network.natStrategy,
        discoveryTag: clusterName,
        logKmsKeyArn: logsKey.arn,
        flowLogGroupName: `/splitplane/${stack}/vpc-flow-logs`,
        flowLogRetentionDays: cfg.network.flowLogRetentionDays,
        protect,
        tags,
    });
    const endpoints = new VpcEndpoints("endpoints", {
        vpcId: network.vpcId,
        vpcCidr: network.cidr,
        region,
        subnetIds: network.privateSubnetIds,
        routeTableIds: network.privateRouteTableIds,
        services: cfg.network.vpcEndpoints,
        accountId: context.accountId,
        partition: context.partition,
        ecrPullAccounts: ecrPullAccounts(region, cfg.network.ecrRegistryAccounts),
        s3ReadBuckets: cfg.network.s3ReadBuckets,
        tags,
    });
    const secretStore = new SecretStore("secrets", { context, namePrefix: `splitplane/${stack}/`, keyAlias: `${clusterName}-secrets`, protect, tags });

    const outputs: StackOutputs = {
        region,
        phase: cfg.phase,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        databaseSubnetIds: network.databaseSubnetIds,
        natStrategy: cfg.network.natStrategy,
        vpcEndpoints: Object.keys(endpoints.endpointIds),
        secretStorePrefix: secretStore.namePrefix,
        secretStoreKmsKeyArn: secretStore.kmsKeyArn,
    };
    // Provider credentials (phase 1) name the account in a manifest, compiled to plain text like the gateway config.
    const account = resolveProviderCredentials(cfg, { stack, secretNamePrefix: secretStore.namePrefix }) ? await accountFacts() : undefined;
    const host = { context, region, clusterName, secretStore, tags, protect, account };
    if (cfg.phase >= 2 && cfg.controlPlane?.url) {
        // Phase 2: the platform's artifacts (models, datasets) in a private bucket of this account.
        const artifacts = artifactStorage(cfg.controlPlane.url, host);
        Object.assign(outputs, { artifactBucket: artifacts.bucketName });
    }

    // Never rename "pool-gpu" or this alias: together they are the release's identity in existing stacks.
    const devicePluginAliases: pulumi.Alias[] = cfg.nodePools.gpu.enabled ? [{ name: "pool-gpu-nvidia-device-plugin", parent: pulumi.createUrn("pool-gpu", "splitplane:aws:KarpenterNodePool") }] : [];
    // Never rename "ingress" or "ingress-backend-ns": together they are the namespace's identity in existing stacks.
    const gatewayNamespaceAliases: pulumi.Alias[] = [{ name: "ingress-backend-ns", parent: pulumi.createUrn("ingress", "splitplane:aws:AlbIngress") }];
    const parts = computePlane(cfg, { stack, clusterName, context, tags, protect, network, endpoints, secretStore, eksKey, logsKey, dataKey, volumesKey, outputs });
    const exposeGateway = (ns: k8s.core.v1.Namespace): StackOutputs => {
        const { hostname } = parts.ingress.routeTo(ns);
        return hostname ? { ingressHostname: hostname } : {};
    };
    return { outputs, host, devicePluginAliases, gatewayNamespaceAliases, exposeGateway, plane: parts.plane, database: parts.database };
}

interface PlaneParts {
    stack: string;
    clusterName: string;
    context: AwsContext;
    tags: Tags;
    protect: boolean;
    network: Network;
    endpoints: VpcEndpoints;
    secretStore: SecretStore;
    eksKey: KmsKey;
    logsKey: KmsKey;
    dataKey: KmsKey;
    volumesKey: KmsKey;
    outputs: StackOutputs;
}

/** The cluster and everything on it (phase 0 on); adds its outputs to `p.outputs`. */
function computePlane(cfg: ResolvedAwsStackConfig, p: PlaneParts): { plane: ComputePlane; database?: PostgresDatabase; ingress: AlbIngress } {
    const cluster = new EksCluster("eks", {
        context: p.context,
        clusterName: p.clusterName,
        kubernetesVersion: cfg.cluster.kubernetesVersion,
        supportType: cfg.cluster.supportType,
        vpcId: p.network.vpcId,
        subnetIds: p.network.privateSubnetIds,
        publicEndpointCidrs: cfg.cluster.publicEndpointCidrs,
        apiClientCidrs: cfg.cluster.apiClientCidrs,
        apiClientSecurityGroupIds: cfg.cluster.apiClientSecurityGroupIds,
        admins: cfg.cluster.admins,
        // Nodes join and controllers reach the AWS APIs through these; destroy removes those first.
        networkReady: [...p.network.egress, ...p.endpoints.endpoints],
        secretsKmsKeyArn: p.eksKey.arn,
        volumeKmsKeyArn: p.volumesKey.arn,
        logKmsKeyArn: p.logsKey.arn,
        logRetentionDays: cfg.network.flowLogRetentionDays,
        systemNodes: cfg.cluster.systemNodes,
        deletionProtection: cfg.hardened,
        protect: p.protect,
        tags: p.tags,
    });
    const karpenter = new Karpenter("karpenter", { cluster, chartVersion: cfg.charts.karpenter, tags: p.tags });
    // Idle pause (splitplane:operations.idle): the listed pools go to zero; the on-demand pool never does.
    const idle = cfg.operations.idle;
    const paused = (pool: "general" | "gpu") => idle.paused && idle.pools.includes(pool);
    const general = new KarpenterNodePool("pool-general", { karpenter, amiAlias: cfg.nodePools.amiAlias, pool: { kind: "general", ...cfg.nodePools.general }, paused: paused("general"), tags: p.tags });
    // Controllers and the control plane: on-demand only, never paused with an idle environment.
    const onDemand = new KarpenterNodePool("pool-on-demand", { karpenter, amiAlias: cfg.nodePools.amiAlias, pool: { kind: "on-demand", ...cfg.nodePools.onDemand }, tags: p.tags });
    const gpu = cfg.nodePools.gpu.enabled
        ? new KarpenterNodePool("pool-gpu", {
              karpenter,
              amiAlias: cfg.nodePools.amiAlias,
              pool: {
                  kind: "gpu",
                  gpuLimit: cfg.nodePools.gpu.gpuLimit,
                  capacityTypes: cfg.nodePools.gpu.capacityTypes,
                  instanceFamilies: cfg.nodePools.gpu.instanceFamilies,
                  terminationGracePeriod: cfg.nodePools.gpu.terminationGracePeriod,
              },
              paused: paused("gpu"),
              tags: p.tags,
          })
        : undefined;

    // One instance whatever brings it first, so its settings (class, encryption, subnet group) never change with the phase.
    const database = databaseAt(cfg) ? new PostgresDatabase("postgres", {
        context: p.context,
        vpcId: p.network.vpcId,
        identifier: dbIdentifierFor(p.clusterName),
        subnetIds: p.network.databaseSubnetIds,
        // Pods share the node security group (no security groups for pods), so one source covers both.
        clientSecurityGroups: { "cluster-nodes": cluster.clusterSecurityGroupId },
        storageKmsKeyArn: p.dataKey.arn,
        secretKmsKeyArn: p.secretStore.kmsKeyArn,
        logKmsKeyArn: p.logsKey.arn,
        logRetentionDays: cfg.network.flowLogRetentionDays,
        engineVersion: cfg.database.engineVersion,
        instanceClass: cfg.database.instanceClass,
        allocatedStorage: cfg.database.allocatedStorage,
        backupRetentionDays: cfg.database.backupRetentionDays,
        multiAz: cfg.database.multiAz,
        deletionProtection: cfg.database.deletionProtection,
        allowMajorVersionUpgrade: cfg.database.allowMajorVersionUpgrade,
        finalSnapshot: !cfg.database.skipFinalSnapshot,
        finalSnapshotPrefix: snapshotPrefixFor(p.clusterName),
        protect: p.protect,
        tags: p.tags,
    }) : undefined;

    const ingress = new AlbIngress("ingress", {
        cluster,
        vpcId: p.network.vpcId,
        vpcCidr: p.network.cidr,
        chartVersion: cfg.charts.awsLoadBalancerController,
        certificateArn: cfg.ingress.certificateArn,
        internetFacing: cfg.ingress.internetFacing,
        allowedCidrs: cfg.ingress.allowedCidrs,
        wafAclArn: cfg.ingress.wafAclArn,
        backend: cfg.ingress.backend,
        tags: p.tags,
    });

    Object.assign(p.outputs, {
        clusterName: cluster.clusterName,
        clusterEndpoint: cluster.endpoint,
        oidcIssuerUrl: cluster.issuerUrl,
        oidcProviderArn: cluster.oidcProvider.arn,
        // No credential inside: it runs `aws eks get-token` with the caller's own identity.
        kubeconfig: cluster.kubeconfig,
        karpenterNodeRoleArn: karpenter.nodeRole.arn,
        interruptionQueueName: karpenter.interruptionQueue.name,
        nodePools: gpu ? ["general", "on-demand", "gpu"] : ["general", "on-demand"],
        ...(database ? { databaseAddress: database.address, databaseMasterSecretArn: database.masterSecretArn } : {}),
        ingressScheme: cfg.ingress.internetFacing ? "internet-facing" : "internal",
        hardened: cfg.hardened,
    });

    // The master secret stays out of the plane's shared secret read policy: least privilege, one
    // consumer at a time (the control plane's namespace, given `AwsDeployment.database.masterSecretArn`).
    const plane = awsComputePlane({
        cluster,
        secretStore: p.secretStore,
        ingress,
        ingressSettings: { internetFacing: cfg.ingress.internetFacing, backend: cfg.ingress.backend },
        general,
        onDemand,
        gpu,
        amiAlias: cfg.nodePools.amiAlias,
    });
    return { plane, database, ingress };
}

/**
 * The private artifact bucket (phase 2): like the control plane's own, never public, encrypted
 * with its own key, TLS only; CORS admits the control plane's origin, whose UI downloads
 * artifacts through URLs it presigns. Registering it in the control plane is a bootstrap step.
 */
function artifactStorage(controlPlaneUrl: string, h: { context: AwsContext; clusterName: string; protect: boolean; tags: Tags }): ObjectStorage {
    // Never rename "artifact-storage": it is the bucket's identity.
    return new ObjectStorage("artifact-storage", {
        context: h.context,
        bucketPrefix: `${h.clusterName}-artifacts-`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 37),
        corsOrigin: new URL(controlPlaneUrl).origin,
        keyAlias: `${h.clusterName}-artifact-storage`,
        description: "splitplane platform artifacts (models, datasets)",
        protect: h.protect,
        tags: h.tags,
    });
}

/**
 * Whether the stack has its PostgreSQL instance: from phase 0 when it hosts the control plane
 * (the chart's metadata database), from phase 2 for the platform's data (pgvector) otherwise.
 */
export function databaseAt(cfg: Pick<ResolvedAwsStackConfig, "phase" | "controlPlane">): boolean {
    return cfg.phase >= 2 || cfg.controlPlane?.mode === "self-hosted";
}

/** The caller's account and partition, as plain values (the same invokes `context` makes). */
async function accountFacts(): Promise<{ accountId: string; partition: string }> {
    const [identity, partition] = await Promise.all([aws.getCallerIdentity(), aws.getPartition()]);
    return { accountId: identity.accountId, partition: partition.partition };
}

/** The registries the ecr.* endpoints admit pulls from: the region's EKS add-on registry and the listed ones. */
function ecrPullAccounts(region: string, listed: string[]): string[] {
    const eks = EKS_ADDON_REGISTRY_ACCOUNTS[region];
    return [...new Set([...(eks ? [eks] : []), ...listed])];
}

/** The program's AWS branch: `stacks/index.ts` calls it with the validated config. */
export async function deployAws(config: StackConfig): Promise<StackOutputs> {
    return (await provisionAws(config)).outputs;
}
