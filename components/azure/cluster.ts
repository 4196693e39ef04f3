import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BoundServiceAccount, ServiceAccountBinding } from "../compute-plane";
import { cmkStorageClass, DiskEncryption } from "./disk-encryption";
import { clusterEntryOf, KubeloginMode, kubeloginKubeconfig } from "./kubeconfig";
import { AzureNetwork } from "./network";
import { SYSTEM_TAINT, taintString } from "./pool-specs";
import { assignRole, BUILTIN_ROLE, roleDefinitionId } from "./roles";
import { bindAksServiceAccount } from "./workload-identity";

export interface AksClusterArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subscriptionId: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    clusterName: string;
    /** The resource group AKS creates for the nodes' scale sets and load balancers. */
    nodeResourceGroup: string;
    kubernetesVersion: string;
    skuTier: "Free" | "Standard" | "Premium";
    upgradeChannel: "patch" | "stable" | "rapid" | "node-image" | "none";
    nodeOsUpgradeChannel: "NodeImage" | "SecurityPatch" | "Unmanaged" | "None";
    encryptionAtHost: boolean;
    osSku: "AzureLinux" | "Ubuntu";
    zones: string[];
    systemNodes: { vmSize: string; min: number; max: number };
    network: AzureNetwork;
    podCidr: string;
    serviceCidr: string;
    dnsServiceIp: string;
    /** Loosening: a public API server limited to these ranges. @default undefined (private cluster) */
    publicEndpointCidrs?: string[];
    /** Entra group object ids given cluster admin (Azure RBAC). */
    admins: string[];
    /** The deployer's VNet, linked to the API server's private DNS zone. */
    deployerVnetId?: string;
    kubelogin?: KubeloginMode;
    /**
     * Node OS disks and persistent volumes encrypted with this set's customer-managed key. A
     * create-time setting of the cluster: adding or removing it replaces the cluster.
     * @default undefined (platform-managed keys, the `splitplane:encryption.keys: platform` loosening)
     */
    diskEncryption?: DiskEncryption;
    protect: boolean;
    tags: Record<string, string>;
}

/** Network Contributor is granted on exactly these subnets: the node subnets and the internal load balancers' one. */
export const CLUSTER_SUBNET_ROLES = ["system", "nodes", "ingress"] as const;

/** `privatelink.<region>.azmk8s.io`, the zone AKS accepts for a custom private DNS zone. https://learn.microsoft.com/azure/aks/private-clusters#configure-a-private-dns-zone */
export function privateApiZoneName(location: string): string {
    return `privatelink.${location}.azmk8s.io`;
}

/**
 * The AKS cluster: private API server by default (its name in our own private DNS zone, linked
 * to this VNet and the deployer's), managed Entra ID with Azure RBAC and local accounts disabled,
 * user-assigned control-plane and kubelet identities with exactly the roles a bring-your-own VNet
 * needs, Azure CNI overlay with Cilium network policy, egress through the user-assigned NAT
 * gateway, OIDC issuer and workload identity on, and the system pool tainted CriticalAddonsOnly.
 */
export class AksCluster extends pulumi.ComponentResource {
    readonly cluster: containerservice.ManagedCluster;
    readonly clusterName: pulumi.Output<string>;
    /** Exactly as AKS reports it, trailing `/` included (federated credentials compare it byte for byte). */
    readonly issuerUrl: pulumi.Output<string>;
    readonly controlPlaneIdentity: managedidentity.UserAssignedIdentity;
    readonly kubeletIdentity: managedidentity.UserAssignedIdentity;
    readonly privateDnsZone?: privatedns.PrivateZone;
    readonly privateDnsLinks: privatedns.VirtualNetworkLink[];
    readonly provider: k8s.Provider;
    /** The kubeconfig (kubelogin exec, no credential inside). */
    readonly kubeconfig: pulumi.Output<string>;
    readonly privateFqdn: pulumi.Output<string | undefined>;
    readonly tenantId: pulumi.Input<string>;
    /** The StorageClass of encrypted persistent volumes (the disk encryption set's), when there is one. */
    readonly storageClass?: k8s.storage.v1.StorageClass;
    private readonly args: AksClusterArgs;

    constructor(name: string, a: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:AksCluster", name, {}, opts);
        this.args = a;
        this.tenantId = a.tenantId;
        const parent = { parent: this };
        const base = { resourceGroupName: a.resourceGroupName, location: a.location, tags: a.tags };
        const isPrivate = a.publicEndpointCidrs === undefined;

        this.controlPlaneIdentity = new managedidentity.UserAssignedIdentity(`${name}-control-plane-identity`, base, parent);
        this.kubeletIdentity = new managedidentity.UserAssignedIdentity(`${name}-kubelet-identity`, base, parent);
        const cp = this.controlPlaneIdentity.principalId;
        const role = (r: string) => roleDefinitionId(a.subscriptionId, r);

        // The cluster identity's roles, each on one resource (https://learn.microsoft.com/azure/aks/use-managed-identity#add-role-assignment):
        // attach the kubelet identity to nodes; join the node subnets and place internal load
        // balancers (static IPs) in the ingress subnet; write the API server's record in its zone.
        const grants = [
            assignRole(`${name}-kubelet-operator`, cp, { roleDefinitionId: role(BUILTIN_ROLE.managedIdentityOperator), scope: this.kubeletIdentity.id }, parent),
            ...CLUSTER_SUBNET_ROLES.map((r) => assignRole(`${name}-network-${r}`, cp, { roleDefinitionId: role(BUILTIN_ROLE.networkContributor), scope: a.network.subnetId(r) }, parent)),
        ];

        if (a.diskEncryption) {
            // The set's identity may use the key before any disk names the set; the cluster identity
            // reads the set (the linked check ARM makes when a disk names it), nothing more.
            grants.push(a.diskEncryption.keyGrant);
            grants.push(assignRole(`${name}-disk-encryption-reader`, cp, { roleDefinitionId: role(BUILTIN_ROLE.reader), scope: a.diskEncryption.diskEncryptionSetId }, parent));
        }

        this.privateDnsLinks = [];
        if (isPrivate) {
            this.privateDnsZone = new privatedns.PrivateZone(`${name}-api-zone`, { resourceGroupName: a.resourceGroupName, location: "global", privateZoneName: privateApiZoneName(a.location), tags: a.tags }, parent);
            grants.push(assignRole(`${name}-dns-zone`, cp, { roleDefinitionId: role(BUILTIN_ROLE.privateDnsZoneContributor), scope: this.privateDnsZone.id }, parent));
            const link = (role: string, vnetId: pulumi.Input<string>) =>
                new privatedns.VirtualNetworkLink(`${name}-api-zone-${role}`, { resourceGroupName: a.resourceGroupName, location: "global", privateZoneName: this.privateDnsZone!.name, virtualNetwork: { id: vnetId }, registrationEnabled: false, tags: a.tags }, parent);
            this.privateDnsLinks.push(link("vnet", a.network.vnetId));
            // The deployer resolves the private API name only through a link to its own VNet.
            if (a.deployerVnetId) this.privateDnsLinks.push(link("deployer", a.deployerVnetId));
        }

        this.cluster = new containerservice.ManagedCluster(
            `${name}-aks`,
            {
                ...base,
                resourceName: a.clusterName,
                kubernetesVersion: a.kubernetesVersion,
                sku: { name: "Base", tier: a.skuTier },
                supportPlan: "KubernetesOfficial",
                nodeResourceGroup: a.nodeResourceGroup,
                identity: { type: "UserAssigned", userAssignedIdentities: [this.controlPlaneIdentity.id] },
                identityProfile: { kubeletidentity: { resourceId: this.kubeletIdentity.id, clientId: this.kubeletIdentity.clientId, objectId: this.kubeletIdentity.principalId } },
                // Managed Entra ID, Azure RBAC, no local accounts: no static admin kubeconfig exists.
                aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: a.admins, tenantID: a.tenantId },
                disableLocalAccounts: true,
                enableRBAC: true,
                ...(isPrivate ? { fqdnSubdomain: a.clusterName } : { dnsPrefix: a.clusterName }),
                apiServerAccessProfile: isPrivate
                    ? { enablePrivateCluster: true, privateDNSZone: this.privateDnsZone!.id, enablePrivateClusterPublicFQDN: false }
                    : { enablePrivateCluster: false, authorizedIPRanges: a.publicEndpointCidrs },
                networkProfile: {
                    networkPlugin: "azure",
                    networkPluginMode: "overlay",
                    networkDataplane: "cilium",
                    networkPolicy: "cilium",
                    podCidr: a.podCidr,
                    serviceCidr: a.serviceCidr,
                    dnsServiceIP: a.dnsServiceIp,
                    loadBalancerSku: "standard",
                    outboundType: "userAssignedNATGateway",
                },
                // Only at creation: https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys#limitations
                ...(a.diskEncryption ? { diskEncryptionSetID: a.diskEncryption.diskEncryptionSetId } : {}),
                oidcIssuerProfile: { enabled: true },
                securityProfile: { workloadIdentity: { enabled: true }, imageCleaner: { enabled: true, intervalHours: 48 } },
                autoUpgradeProfile: { upgradeChannel: a.upgradeChannel, nodeOSUpgradeChannel: a.nodeOsUpgradeChannel },
                // Spot first: the priority expander reads its ConfigMap (see AksNodePools).
                autoScalerProfile: { expander: "priority", balanceSimilarNodeGroups: "false", skipNodesWithLocalStorage: "false" },
                // Only the system pool is inline (a cluster needs one at creation); user pools are
                // AgentPool resources, since ARM refuses pools added through the cluster's own PUT
                // ("A new agent pool was introduced", https://github.com/Azure/AKS/issues/1511).
                agentPoolProfiles: [
                    {
                        name: "system",
                        mode: "System",
                        vmSize: a.systemNodes.vmSize,
                        osType: "Linux",
                        osSKU: a.osSku,
                        availabilityZones: a.zones,
                        enableAutoScaling: true,
                        count: a.systemNodes.min,
                        minCount: a.systemNodes.min,
                        maxCount: a.systemNodes.max,
                        vnetSubnetID: a.network.subnetId("system"),
                        nodeTaints: [taintString(SYSTEM_TAINT)],
                        // Host encryption can only be chosen when a pool is created.
                        enableEncryptionAtHost: a.encryptionAtHost,
                        enableNodePublicIP: false,
                        scaleSetPriority: "Regular",
                        upgradeSettings: { maxSurge: "33%" },
                        tags: a.tags,
                    },
                ],
            },
            {
                parent: this,
                dependsOn: [...grants, ...this.privateDnsLinks],
                protect: a.protect,
                // The autoscaler owns the system pool's node count.
                ignoreChanges: ["agentPoolProfiles[0].count"],
            },
        );
        this.clusterName = this.cluster.name;
        // Read once the cluster exists (its id is known): a created cluster with the issuer enabled always reports it.
        this.issuerUrl = pulumi.all([this.cluster.id, this.cluster.oidcIssuerProfile]).apply(([, p]) => {
            const url = p?.issuerURL;
            if (url === undefined) throw new Error(`AKS cluster ${a.clusterName} reported no OIDC issuer URL although oidcIssuerProfile.enabled is true`);
            if (!url.endsWith("/")) throw new Error(`AKS reported an OIDC issuer URL without its trailing slash (${url}): refusing to trim or guess it`);
            return url;
        });
        this.privateFqdn = this.cluster.privateFQDN;

        // Cluster admins are Entra groups with the AKS RBAC Cluster Admin role on this cluster only.
        const adminGrants = a.admins.map((group) =>
            assignRole(`${name}-admin-${group}`, group, { roleDefinitionId: role(BUILTIN_ROLE.aksRbacClusterAdmin), scope: this.cluster.id }, parent, "Group"),
        );

        const credentials = containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName: a.resourceGroupName, resourceName: this.cluster.name }, parent);
        this.kubeconfig = pulumi
            .all([credentials.kubeconfigs, this.cluster.name])
            .apply(([kubeconfigs, clusterName]) => JSON.stringify(kubeloginKubeconfig({ clusterName, ...clusterEntryOf(kubeconfigs[0].value), login: a.kubelogin })));
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: adminGrants });
        if (a.diskEncryption) this.storageClass = cmkStorageClass(`${name}-storage-class`, a.diskEncryption.diskEncryptionSetId, { parent: this, provider: this.provider, dependsOn: [this.cluster] });

        this.registerOutputs({ clusterName: this.clusterName, issuerUrl: this.issuerUrl, kubeconfig: this.kubeconfig });
    }

    /** `ComputePlane.bindServiceAccount`: a managed identity trusted by this cluster's issuer for one service account. */
    bindServiceAccount(name: string, binding: ServiceAccountBinding, opts?: pulumi.ComponentResourceOptions): BoundServiceAccount {
        return bindAksServiceAccount(
            name,
            binding,
            { resourceGroupName: this.args.resourceGroupName, location: this.args.location, issuerUrl: this.issuerUrl, tenantId: this.tenantId, provider: this.provider, tags: this.args.tags },
            { parent: this, ...opts },
        );
    }
}
