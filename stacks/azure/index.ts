import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedAzureStackConfig, resolveEnvironmentDefaults } from "../../config/defaults";
import { ConfigError } from "../../config/errors";
import { StackConfig } from "../../config/schema";
import { ComputePlane } from "../../components/compute-plane";
import { AksCluster, AksNodePools, AzureNetwork, azureComputePlane, firstAssignable, KeyVaultStore, SUBNET_NAME } from "../../components/azure";
import { AppGatewayEdge } from "../../components/azure/app-gateway";
import { CustomerKeys, KEY_CONSUMERS, KeyConsumer } from "../../components/azure/customer-keys";
import { DiskEncryption } from "../../components/azure/disk-encryption";
import { KeyOnlyVault } from "../../components/azure/key-vault";
import { PlatformDataIdentity } from "../../components/azure/data-identity";
import { BlobStorage } from "../../components/azure/object-storage";
import { PrivateOpenAi } from "../../components/azure/openai";
import { AzurePostgres } from "../../components/azure/postgres";
import { PrivateRegistry } from "../../components/azure/registry";
import { enforcedTags, mergeTags } from "../../components/azure/tags";
import { aksClusterNameFor, azureConfigProblems, azurePrerequisites, geoBackupLocationOf } from "./validate";

export type StackOutputs = Record<string, pulumi.Input<unknown>>;

export interface AzureDeployment {
    outputs: StackOutputs;
    /** The compute plane (from phase 0: the cluster is part of proving the path). */
    plane: ComputePlane;
    /** The components behind the plane, for callers that know they target Azure. */
    parts: { network: AzureNetwork; cluster: AksCluster; pools: AksNodePools; keyVault: KeyVaultStore; keys?: CustomerKeys; diskEncryption?: DiskEncryption; data?: AzureData; openai?: PrivateOpenAi };
}

/** The platform's data services (phase 2 on). */
export interface AzureData {
    identity: PlatformDataIdentity;
    postgres: AzurePostgres;
    storage: BlobStorage;
    registry: PrivateRegistry;
}

/**
 * The Azure environment, placed by the phase table of the design: phase 0 holds the network
 * (VNet, NSGs, NAT), the secret store, the AKS cluster with its pools and workload identity;
 * phase 2 adds the GPU pools and the platform's data services (Postgres with pgvector, created with
 * the HA and geo-redundancy it keeps); phase 3 hardens (`protect` on the cluster, the vault and the
 * database).
 */
export async function provisionAzure(config: StackConfig): Promise<AzureDeployment> {
    const stack = pulumi.getStack();
    const file = `stacks/Pulumi.${stack}.yaml`;
    if (config.cloud !== "azure") throw new ConfigError([`${file}: splitplane:cloud must be "azure" for the Azure program (got ${JSON.stringify(config.cloud)})`]);
    const cfg = resolveEnvironmentDefaults(config);
    const location = new pulumi.Config("azure-native").get("location");
    const problems = azureConfigProblems(cfg, file, stack, location);
    if (problems.length > 0 || !location) throw new ConfigError(problems);
    return deploy(cfg, stack, location);
}

function deploy(cfg: ResolvedAzureStackConfig, stack: string, location: string): AzureDeployment {
    const client = authorization.getClientConfigOutput();
    const clusterName = aksClusterNameFor(stack);
    const tags = mergeTags({ "splitplane:managed-by": "pulumi" }, cfg.tags, enforcedTags({ stack, phase: cfg.phase, costCenter: cfg.costCenter }));
    const protect = cfg.protectStateful;

    const group = new resources.ResourceGroup("resource-group", { resourceGroupName: `rg-${clusterName}`, location, tags });
    const resourceGroupName = group.name;
    const network = new AzureNetwork("network", {
        resourceGroupName,
        location,
        cidr: cfg.network.cidr,
        natIdleTimeoutMinutes: cfg.network.natIdleTimeoutMinutes,
        runnerSubnet: cfg.network.deployer.runnerSubnet,
        deployerVnetId: cfg.network.deployer.vnetId,
        appGateway: { networkIsolation: cfg.ingress.appGateway.networkIsolation, ...(cfg.ingress.appGateway.frontend === "public" ? { publicClientCidrs: cfg.ingress.appGateway.publicAllowedCidrs } : {}) },
        tags,
    });
    const keyVault = new KeyVaultStore("secrets", {
        resourceGroupName,
        location,
        tenantId: client.tenantId,
        subscriptionId: client.subscriptionId,
        namePrefix: stack,
        endpointsSubnetId: network.subnetId("endpoints"),
        vnetId: network.vnetId,
        // Storage, disk encryption sets and Flexible Server reach their keys as trusted services.
        trustedServices: cfg.encryption.keys === "customer",
        protect,
        tags,
    });
    // Encryption at rest with the stack's own keys (splitplane:encryption), in place from the first
    // phase that creates each store, since none of them takes a key after creation.
    const keys =
        cfg.encryption.keys === "customer"
            ? new CustomerKeys("keys", { resourceGroupName, subscriptionId: client.subscriptionId, vault: keyVault.ref, deployerObjectId: client.objectId, deployerPrincipalType: cfg.encryption.deployerPrincipalType, consumers: keyConsumersAt(cfg.phase), keySize: cfg.encryption.keySize, rotationDays: cfg.encryption.rotationDays, tags }, { protect })
            : undefined;
    const diskEncryption = keys ? new DiskEncryption("disk-encryption", { resourceGroupName, location, keys, tags }, { protect }) : undefined;
    const cluster = new AksCluster("cluster", {
        resourceGroupName,
        location,
        subscriptionId: client.subscriptionId,
        tenantId: client.tenantId,
        clusterName,
        nodeResourceGroup: `rg-${clusterName}-nodes`,
        kubernetesVersion: cfg.cluster.kubernetesVersion,
        skuTier: cfg.cluster.skuTier,
        upgradeChannel: cfg.cluster.upgradeChannel,
        nodeOsUpgradeChannel: cfg.cluster.nodeOsUpgradeChannel,
        encryptionAtHost: cfg.cluster.encryptionAtHost,
        osSku: cfg.cluster.osSku,
        zones: cfg.network.zones,
        systemNodes: cfg.cluster.systemNodes,
        network,
        podCidr: cfg.network.podCidr,
        serviceCidr: cfg.network.serviceCidr,
        dnsServiceIp: cfg.network.dnsServiceIp,
        publicEndpointCidrs: cfg.cluster.publicEndpointCidrs,
        admins: cfg.cluster.admins,
        deployerVnetId: cfg.network.deployer.vnetId,
        ...(diskEncryption ? { diskEncryption } : {}),
        protect,
        tags,
    });
    const pools = new AksNodePools("pools", {
        cluster,
        resourceGroupName,
        pools: cfg.nodePools,
        zones: cfg.network.zones,
        subnetId: network.subnetId("nodes"),
        vmSizeOs: { osSku: cfg.cluster.osSku, encryptionAtHost: cfg.cluster.encryptionAtHost },
        // Idle pause (splitplane:operations.idle): the listed pool classes go to zero; the on-demand pool never does.
        paused: cfg.operations.idle.paused ? cfg.operations.idle.pools : [],
        tags,
    });
    const ingressIp = cfg.ingress.privateIp ?? firstAssignable(network.plan.subnets.ingress);
    const vnetIds: Record<string, pulumi.Input<string>> = { vnet: network.vnetId, ...(cfg.network.deployer.vnetId ? { deployer: cfg.network.deployer.vnetId } : {}) };
    const dataContext: DataContext = { resourceGroupName, location, tenantId: client.tenantId, subscriptionId: client.subscriptionId, deployerObjectId: client.objectId, stack, network, cluster, vnetIds, keys, protect, tags };
    const data = cfg.phase >= 2 ? provisionData(cfg, dataContext) : undefined;
    // Optional at any phase: the gateway's model from phase 0 on ("one model behind the gateway").
    const openai = cfg.openai.enabled
        ? new PrivateOpenAi("openai", { resourceGroupName, location, accountLocation: cfg.openai.location ?? location, subscriptionId: client.subscriptionId, namePrefix: stack, endpointsSubnetId: network.subnetId("endpoints"), vnetIds, tags })
        : undefined;

    const outputs: StackOutputs = {
        location,
        phase: cfg.phase,
        resourceGroupName,
        vnetId: network.vnetId,
        subnets: network.plan.subnets,
        natEgressIp: network.egressIp,
        clusterName: cluster.clusterName,
        privateApiServer: cfg.cluster.publicEndpointCidrs === undefined,
        apiServerPrivateFqdn: cluster.privateFqdn,
        oidcIssuerUrl: cluster.issuerUrl,
        // No credential inside: it runs `kubelogin get-token` with the caller's own Entra identity.
        kubeconfig: cluster.kubeconfig,
        nodePools: pools.specs.map((p) => p.name),
        keyVaultUri: keyVault.vaultUri,
        ingressPrivateIp: ingressIp,
        hardened: cfg.hardened,
        prerequisites: azurePrerequisites(cfg),
        ...(data
            ? {
                  postgresFqdn: data.postgres.fqdn,
                  postgresServerName: data.postgres.serverName,
                  // Connect as this identity (workload identity), with an Entra token as the password.
                  dataIdentityClientId: data.identity.clientId,
                  dataIdentityName: data.identity.principalName,
                  artifactStorageAccount: data.storage.accountName,
                  artifactBlobEndpoint: data.storage.blobEndpoint,
                  artifactContainer: cfg.objectStorage.container,
                  registryLoginServer: data.registry.loginServer,
              }
            : {}),
        ...(openai ? { openaiEndpoint: openai.endpoint } : {}),
    };
    const { namespace, name, port } = cfg.ingress.backend;
    const plane = azureComputePlane({ location, cluster, pools, keyVault, ingress: { backend: { namespace, name, port }, privateIp: ingressIp, subnetName: SUBNET_NAME.ingress } });
    const ag = cfg.ingress.appGateway;
    // The edge in front of the mesh's internal ingress (phase 0 on). It does not wait for the cluster
    // or the mesh: its backend is an IP by value, which ARM does not resolve, so the gateway (a slow
    // create) builds in parallel with the cluster and answers 502 until the mesh's gateway is ready.
    // Destroy safety holds without that edge: the gateway holds only its own subnet, and the mesh's
    // internal LoadBalancer Service waits for the cluster, which holds the ingress subnet.
    const edge = ag.enabled
        ? ((): StackOutputs => {
              const frontendIp = ag.privateIp ?? firstAssignable(network.plan.subnets.appGateway);
              let certificate: { secretId: pulumi.Output<string>; readGrant: { roleDefinitionId: pulumi.Input<string>; scope: pulumi.Input<string> } } | undefined;
              if (ag.tlsCertificateSecret) {
                  // Versionless, so a renewed certificate is picked up; read through the vault's private endpoint.
                  const grant = keyVault.readPermissionsFor([{ name: ag.tlsCertificateSecret }]);
                  if (grant.kind !== "azure-rbac") throw new Error("the Key Vault read grant is not an Azure role assignment");
                  certificate = { secretId: pulumi.interpolate`${keyVault.vaultUri}secrets/${ag.tlsCertificateSecret}`, readGrant: grant.roleAssignments[0] };
              }
              const gateway = new AppGatewayEdge("edge", {
                  resourceGroupName,
                  location,
                  subscriptionId: client.subscriptionId,
                  gatewayName: `agw-${clusterName}`,
                  subnetId: network.subnetId("appGateway"),
                  zones: cfg.network.zones,
                  privateIp: frontendIp,
                  networkIsolation: ag.networkIsolation,
                  publicFrontend: ag.frontend === "public",
                  ...(certificate ? { certificate } : {}),
                  wafMode: ag.wafMode,
                  minCapacity: ag.minCapacity,
                  maxCapacity: ag.maxCapacity,
                  backend: { ip: ingressIp, port, healthCheckPath: cfg.ingress.backend.healthCheckPath, healthCheckPort: cfg.ingress.backend.healthCheckPort },
                  tags,
              });
              return { appGatewayPrivateIp: gateway.privateIp, ...(gateway.publicIp ? { appGatewayPublicIp: gateway.publicIp.ipAddress } : {}) };
          })()
        : {};
    Object.assign(outputs, edge);
    return { outputs, plane, parts: { network, cluster, pools, keyVault, ...(keys ? { keys } : {}), ...(diskEncryption ? { diskEncryption } : {}), ...(data ? { data } : {}), ...(openai ? { openai } : {}) } };
}

/** The stores of a phase that take a key: the nodes' and volumes' disks from phase 0, the data services' from phase 2 (promotion only adds keys). */
export function keyConsumersAt(phase: number): KeyConsumer[] {
    return phase >= 2 ? [...KEY_CONSUMERS] : ["disks"];
}

interface DataContext {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    tenantId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    deployerObjectId: pulumi.Input<string>;
    stack: string;
    network: AzureNetwork;
    cluster: AksCluster;
    vnetIds: Record<string, pulumi.Input<string>>;
    /** The customer-managed keys, unless the stack opted for platform keys. */
    keys?: CustomerKeys;
    protect: boolean;
    tags: Record<string, string>;
}

/**
 * Phase 2 ("data and models closer"): the platform's data identity, its Postgres, its private
 * artifact storage and the image registry the GPU and model-server workloads pull from. Before
 * phase 2 nothing on the plane keeps artifacts or needs a private registry (the platform's
 * charts pull public images through the NAT gateway; the control plane is hosted elsewhere).
 */
function provisionData(cfg: ResolvedAzureStackConfig, c: DataContext): AzureData {
    const identity = new PlatformDataIdentity("data", {
        resourceGroupName: c.resourceGroupName,
        location: c.location,
        issuerUrl: c.cluster.issuerUrl,
        subjects: cfg.database.adminServiceAccounts.map((s) => ({ namespace: s.namespace, serviceAccountName: s.name })),
        tags: c.tags,
    });
    const db = cfg.database;
    const postgres = new AzurePostgres("postgres", {
        ...(c.keys ? { dataEncryption: { keys: c.keys, ...(db.geoRedundantBackup ? { geoBackup: geoBackupKeys(cfg, c) } : {}) } } : {}),
        resourceGroupName: c.resourceGroupName,
        location: c.location,
        tenantId: c.tenantId,
        namePrefix: c.stack,
        delegatedSubnetId: c.network.subnetId("postgres"),
        vnetIds: c.vnetIds,
        version: db.version,
        sku: db.sku,
        storageGb: db.storageGb,
        backupRetentionDays: db.backupRetentionDays,
        highAvailability: db.highAvailability,
        geoRedundantBackup: db.geoRedundantBackup,
        zones: cfg.network.zones,
        extensions: db.extensions,
        admin: { objectId: identity.principalId, principalName: identity.principalName },
        protect: c.protect,
        tags: c.tags,
    });
    const endpoints = { resourceGroupName: c.resourceGroupName, location: c.location, subscriptionId: c.subscriptionId, namePrefix: c.stack, endpointsSubnetId: c.network.subnetId("endpoints"), vnetIds: c.vnetIds, protect: c.protect, tags: c.tags };
    const storage = new BlobStorage("artifacts", { ...endpoints, containerName: cfg.objectStorage.container, skuName: cfg.objectStorage.redundancy, writers: { data: identity.principalId }, ...(c.keys ? { keys: c.keys } : {}) });
    const registry = new PrivateRegistry("registry", { ...endpoints, zoneRedundant: cfg.registry.zoneRedundant, pullers: { kubelet: c.cluster.kubeletIdentity.principalId } });
    return { identity, postgres, storage, registry };
}

/**
 * The key of the database's geo-redundant backups: Azure requires it in a vault in the region the
 * backups are copied to (the server region's pair), with an identity of its own.
 * https://learn.microsoft.com/azure/postgresql/flexible-server/security-data-encryption
 */
function geoBackupKeys(cfg: ResolvedAzureStackConfig, c: DataContext): { keys: CustomerKeys; location: string } {
    const location = geoBackupLocationOf(cfg, c.location);
    // azureConfigProblems refused this stack already; kept as a guard for direct callers.
    if (!location) throw new Error(`no region for the geo-backup key of ${c.location}: set splitplane:encryption.geoBackupLocation`);
    const vault = new KeyOnlyVault("geo-backup-vault", { resourceGroupName: c.resourceGroupName, location, tenantId: c.tenantId, namePrefix: `${c.stack}-geo`, protect: c.protect, tags: c.tags });
    const keys = new CustomerKeys(
        "geo-backup-keys",
        { resourceGroupName: c.resourceGroupName, subscriptionId: c.subscriptionId, vault: vault.ref, deployerObjectId: c.deployerObjectId, deployerPrincipalType: cfg.encryption.deployerPrincipalType, consumers: ["postgres"], keySize: cfg.encryption.keySize, rotationDays: cfg.encryption.rotationDays, tags: c.tags },
        { protect: c.protect },
    );
    return { keys, location };
}
