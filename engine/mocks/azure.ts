import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID, autoname, hex, uuid } from "./ids";

/**
 * Mocked Azure Resource Manager state: ids in the exact form ARM returns them
 * (`/subscriptions/<sub>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>[/<child type>/<name>]`),
 * with the resource provider's own casing, plus the outputs other resources and policies read
 * (issuer URLs, client and principal ids, FQDNs, vault URIs).
 */

type Inputs = Record<string, any>;

interface ArmType {
    /** `Microsoft.Network/virtualNetworks`: the provider namespace and the (parent) resource type. */
    path: string;
    /** Input holding this resource's name. */
    nameKey: string;
    /** For a child resource: the input holding the parent's name, and the child type segment. */
    parentKey?: string;
    child?: string;
}

/** Every azure-native type the splitplane components create, by token. */
export const ARM_TYPES: Readonly<Record<string, ArmType>> = {
    "azure-native:network:VirtualNetwork": { path: "Microsoft.Network/virtualNetworks", nameKey: "virtualNetworkName" },
    "azure-native:network:Subnet": { path: "Microsoft.Network/virtualNetworks", parentKey: "virtualNetworkName", child: "subnets", nameKey: "subnetName" },
    "azure-native:network:VirtualNetworkPeering": { path: "Microsoft.Network/virtualNetworks", parentKey: "virtualNetworkName", child: "virtualNetworkPeerings", nameKey: "virtualNetworkPeeringName" },
    "azure-native:network:NetworkSecurityGroup": { path: "Microsoft.Network/networkSecurityGroups", nameKey: "networkSecurityGroupName" },
    "azure-native:network:SecurityRule": { path: "Microsoft.Network/networkSecurityGroups", parentKey: "networkSecurityGroupName", child: "securityRules", nameKey: "securityRuleName" },
    "azure-native:network:NatGateway": { path: "Microsoft.Network/natGateways", nameKey: "natGatewayName" },
    "azure-native:network:PublicIPAddress": { path: "Microsoft.Network/publicIPAddresses", nameKey: "publicIpAddressName" },
    "azure-native:network:NetworkInterface": { path: "Microsoft.Network/networkInterfaces", nameKey: "networkInterfaceName" },
    "azure-native:network:PrivateEndpoint": { path: "Microsoft.Network/privateEndpoints", nameKey: "privateEndpointName" },
    "azure-native:network:PrivateDnsZoneGroup": { path: "Microsoft.Network/privateEndpoints", parentKey: "privateEndpointName", child: "privateDnsZoneGroups", nameKey: "privateDnsZoneGroupName" },
    "azure-native:network:ApplicationGateway": { path: "Microsoft.Network/applicationGateways", nameKey: "applicationGatewayName" },
    "azure-native:privatedns:PrivateZone": { path: "Microsoft.Network/privateDnsZones", nameKey: "privateZoneName" },
    "azure-native:privatedns:VirtualNetworkLink": { path: "Microsoft.Network/privateDnsZones", parentKey: "privateZoneName", child: "virtualNetworkLinks", nameKey: "virtualNetworkLinkName" },
    "azure-native:containerservice:ManagedCluster": { path: "Microsoft.ContainerService/managedClusters", nameKey: "resourceName" },
    "azure-native:containerservice:AgentPool": { path: "Microsoft.ContainerService/managedClusters", parentKey: "resourceName", child: "agentPools", nameKey: "agentPoolName" },
    "azure-native:managedidentity:UserAssignedIdentity": { path: "Microsoft.ManagedIdentity/userAssignedIdentities", nameKey: "resourceName" },
    "azure-native:managedidentity:FederatedIdentityCredential": { path: "Microsoft.ManagedIdentity/userAssignedIdentities", parentKey: "resourceName", child: "federatedIdentityCredentials", nameKey: "federatedIdentityCredentialResourceName" },
    "azure-native:keyvault:Vault": { path: "Microsoft.KeyVault/vaults", nameKey: "vaultName" },
    "azure-native:keyvault:Secret": { path: "Microsoft.KeyVault/vaults", parentKey: "vaultName", child: "secrets", nameKey: "secretName" },
    "azure-native:keyvault:Key": { path: "Microsoft.KeyVault/vaults", parentKey: "vaultName", child: "keys", nameKey: "keyName" },
    "azure-native:compute:DiskEncryptionSet": { path: "Microsoft.Compute/diskEncryptionSets", nameKey: "diskEncryptionSetName" },
    "azure-native:dbforpostgresql:Server": { path: "Microsoft.DBforPostgreSQL/flexibleServers", nameKey: "serverName" },
    "azure-native:dbforpostgresql:Configuration": { path: "Microsoft.DBforPostgreSQL/flexibleServers", parentKey: "serverName", child: "configurations", nameKey: "configurationName" },
    "azure-native:dbforpostgresql:FirewallRule": { path: "Microsoft.DBforPostgreSQL/flexibleServers", parentKey: "serverName", child: "firewallRules", nameKey: "firewallRuleName" },
    "azure-native:storage:StorageAccount": { path: "Microsoft.Storage/storageAccounts", nameKey: "accountName" },
    "azure-native:containerregistry:Registry": { path: "Microsoft.ContainerRegistry/registries", nameKey: "registryName" },
    "azure-native:cognitiveservices:Account": { path: "Microsoft.CognitiveServices/accounts", nameKey: "accountName" },
    "azure-native:compute:VirtualMachine": { path: "Microsoft.Compute/virtualMachines", nameKey: "vmName" },
    "azure-native:compute:VirtualMachineScaleSet": { path: "Microsoft.Compute/virtualMachineScaleSets", nameKey: "vmScaleSetName" },
    "azure-native:compute:Disk": { path: "Microsoft.Compute/disks", nameKey: "diskName" },
};

/** azure-native tokens may carry an API version (`azure-native:network/v20240301:Subnet`). */
function canonical(type: string): string {
    return type.replace(/^azure-native:([a-z0-9]+)\/v\d{8}[a-z]*:/i, "azure-native:$1:");
}

const rgBase = (rg: string) => `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rg}`;

/** The API server's FQDNs, derived from the cluster name so that the cluster and its kubeconfig agree. */
function aksFqdns(clusterName: string, location: string, inputs: Inputs): { fqdn: string; privateFQDN: string } {
    const label = inputs.fqdnSubdomain ?? inputs.dnsPrefix ?? clusterName;
    return { fqdn: `${label}-${hex(clusterName, 8)}.hcp.${location}.azmk8s.io`, privateFQDN: `${label}.${uuid(clusterName + "pe")}.privatelink.${location}.azmk8s.io` };
}

/** A realistic public address from an Azure range (20.0.0.0/8), stable per resource. */
function publicIp(seed: string): string {
    const h = hex(seed, 6);
    return `20.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}.${Math.max(1, parseInt(h.slice(4, 6), 16) % 254)}`;
}

export function azureState(type: string, name: string, inputs: Inputs, seed: string, location: string): { id: string; state: Inputs } {
    const token = canonical(type);
    const loc: string = inputs.location ?? location;
    if (token === "azure-native:resources:ResourceGroup") {
        const n = inputs.resourceGroupName ?? autoname(name, seed);
        return { id: rgBase(n), state: { name: n, location: loc } };
    }
    if (token === "azure-native:authorization:RoleAssignment") {
        const guid = inputs.roleAssignmentName ?? uuid(seed);
        return { id: `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${guid}`, state: { name: guid, principalType: inputs.principalType ?? "ServicePrincipal" } };
    }
    const arm = ARM_TYPES[token];
    const [, module = "resources", kind = "Resource"] = token.split(":");
    // Unlisted types: a best-effort id; listing a type in ARM_TYPES is what makes it exact.
    const fallback: ArmType = { path: `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}/${kind.charAt(0).toLowerCase()}${kind.slice(1)}s`, nameKey: `${kind.charAt(0).toLowerCase()}${kind.slice(1)}Name` };
    const t = arm ?? fallback;
    const resourceName: string = inputs[t.nameKey] ?? autoname(name, seed);
    const parent = t.parentKey ? `/${inputs[t.parentKey]}/${t.child}` : "";
    const id = `${rgBase(inputs.resourceGroupName ?? "rg")}/providers/${t.path}${parent}/${resourceName}`;
    const state: Inputs = { name: resourceName, ...(t.parentKey ? {} : { location: loc }) };

    switch (token) {
        case "azure-native:containerservice:ManagedCluster": {
            const { fqdn, privateFQDN } = aksFqdns(resourceName, loc, inputs);
            const isPrivate = inputs.apiServerAccessProfile?.enablePrivateCluster === true;
            // issuerURL is output-only in ARM; a program (or policy fixture) that states one keeps it, so a
            // fixture can stand for a cluster whose issuer is not the public-cloud form.
            state.oidcIssuerProfile = { ...(inputs.oidcIssuerProfile ?? {}), issuerURL: inputs.oidcIssuerProfile?.issuerURL ?? `https://${loc}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${uuid(seed + "issuer")}/` };
            state.fqdn = isPrivate ? undefined : fqdn;
            state.privateFQDN = isPrivate ? privateFQDN : undefined;
            state.azurePortalFQDN = `${resourceName}-${hex(seed, 8)}.portal.hcp.${loc}.azmk8s.io`;
            state.nodeResourceGroup = inputs.nodeResourceGroup ?? `MC_${inputs.resourceGroupName}_${resourceName}_${loc}`;
            state.provisioningState = "Succeeded";
            break;
        }
        case "azure-native:managedidentity:UserAssignedIdentity":
            state.clientId = uuid(seed + "client");
            state.principalId = uuid(seed + "principal");
            state.tenantId = MOCK_TENANT_ID;
            break;
        case "azure-native:keyvault:Vault":
            state.properties = { ...(inputs.properties ?? {}), vaultUri: `https://${resourceName}.vault.azure.net/` };
            break;
        case "azure-native:keyvault:Key": {
            // The data-plane URIs Key Vault reports: versionless, and the current version's (32 hex digits).
            state.keyUri = `https://${inputs.vaultName}.vault.azure.net/keys/${resourceName}`;
            state.keyUriWithVersion = `${state.keyUri}/${hex(seed + "version", 32)}`;
            break;
        }
        case "azure-native:compute:DiskEncryptionSet":
            if (inputs.identity?.type === "SystemAssigned") state.identity = { ...inputs.identity, principalId: uuid(seed + "principal"), tenantId: MOCK_TENANT_ID };
            break;
        case "azure-native:network:PublicIPAddress":
            state.ipAddress = publicIp(seed);
            break;
        case "azure-native:dbforpostgresql:Server":
            state.fullyQualifiedDomainName = `${resourceName}.postgres.database.azure.com`;
            break;
    }
    return { id, state };
}

/** A user kubeconfig as `listManagedClusterUserCredentials` returns it (base64 YAML, exec user). */
function userKubeconfig(clusterName: string, location: string, isPrivate: boolean): string {
    const { fqdn, privateFQDN } = aksFqdns(clusterName, location, { fqdnSubdomain: isPrivate ? clusterName : undefined, dnsPrefix: isPrivate ? undefined : clusterName });
    const ca = Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(hex(clusterName, 96), "hex").toString("base64")}\n-----END CERTIFICATE-----\n`).toString("base64");
    const yaml = [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${clusterName}`,
        "  cluster:",
        `    certificate-authority-data: ${ca}`,
        `    server: https://${isPrivate ? privateFQDN : fqdn}:443`,
        "contexts:",
        `- name: ${clusterName}`,
        "  context:",
        `    cluster: ${clusterName}`,
        `    user: clusterUser_${clusterName}`,
        `current-context: ${clusterName}`,
        "users:",
        `- name: clusterUser_${clusterName}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        "      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, devicecode]",
    ].join("\n");
    return Buffer.from(yaml).toString("base64");
}

export function azureInvoke(token: string, inputs: Inputs, location: string): Inputs | undefined {
    switch (canonical(token)) {
        case "azure-native:authorization:getClientConfig":
            return { clientId: uuid("client"), objectId: uuid("object"), subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
        case "azure-native:resources:getResourceGroup":
            return { id: rgBase(inputs.resourceGroupName ?? "rg"), name: inputs.resourceGroupName ?? "rg", location };
        case "azure-native:containerservice:listManagedClusterUserCredentials":
            // The mock cannot see the cluster's settings from here; splitplane clusters are private unless loosened.
            return { kubeconfigs: [{ name: "clusterUser", value: userKubeconfig(inputs.resourceName, location, true) }] };
        default:
            return undefined;
    }
}
