import { ResolvedAzureStackConfig } from "../../config/defaults";
import { describe } from "../../config/zod-format";
import { AddressPlanError, isAssignableIn, overlaps, planAddresses } from "../../components/azure/address-plan";
import { userPoolSpecs } from "../../components/azure/pool-specs";
import { flexibleServerTier } from "../../components/azure/postgres-specs";
import { appGatewayFrontendProblems } from "../../components/azure/app-gateway-specs";
import { pairedRegion } from "../../components/azure/region-pairs";

/**
 * Azure public-cloud region names (`az account list-locations --query "[].name"`), the values
 * `azure-native:location` takes. https://learn.microsoft.com/azure/reliability/regions-list
 */
export const AZURE_REGIONS = new Set([
    "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral", "brazilsouth", "brazilsoutheast",
    "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral", "francesouth",
    "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest",
    "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest",
    "polandcentral", "qatarcentral", "southafricanorth", "southafricawest", "southcentralus", "southeastasia", "southindia", "spaincentral",
    "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus",
    "westeurope", "westindia", "westus", "westus2", "westus3",
]);

/** `splitplane-<stack>`, in the characters AKS allows in a cluster name (1-63: letters, digits, `-`, `_`). */
export function aksClusterNameFor(stack: string): string {
    return `splitplane-${stack}`.replace(/[^a-zA-Z0-9_-]/g, "-").slice(0, 63);
}

/**
 * Checks that need more than one key, or a key outside `splitplane:` (`azure-native:location`),
 * in the same one-line-per-problem form as the schema's messages. Empty means valid.
 */
export function azureConfigProblems(cfg: ResolvedAzureStackConfig, file: string, stack: string, location: string | undefined): string[] {
    const problems: string[] = [];
    if (!location) problems.push(`${file}: azure-native:location must be set, e.g. westeurope (got nothing)`);
    else if (!AZURE_REGIONS.has(location)) problems.push(`${file}: azure-native:location must be an Azure region name such as westeurope or eastus2 (got ${describe(location)})`);

    if (cfg.cluster.admins.length === 0) {
        problems.push(`${file}: splitplane:cluster.admins must list at least one Entra ID group (local accounts are disabled, so only its members can reach the cluster; the deployer must be one) (got [])`);
    }
    const deployer = cfg.network.deployer;
    if (!cfg.cluster.publicEndpointCidrs && !deployer.vnetId && !deployer.runnerSubnet) {
        problems.push(`${file}: splitplane:network.deployer must give pulumi up a path to the private API server: vnetId (with vnetCidr) of a network the deployer runs in, or runnerSubnet: true (got neither)`);
    }

    let subnets: Partial<Record<string, string>> | undefined;
    try {
        subnets = planAddresses(cfg.network.cidr, { runnerSubnet: deployer.runnerSubnet }).subnets;
    } catch (err) {
        if (!(err instanceof AddressPlanError)) throw err;
        problems.push(`${file}: splitplane:network.cidr does not fit: ${err.message}`);
    }
    const ranges: [string, string | undefined][] = [
        ["network.podCidr", cfg.network.podCidr],
        ["network.serviceCidr", cfg.network.serviceCidr],
        ["network.deployer.vnetCidr", deployer.vnetCidr],
    ];
    for (const [key, cidr] of ranges) {
        if (cidr && overlaps(cidr, cfg.network.cidr)) problems.push(`${file}: splitplane:${key} must not overlap splitplane:network.cidr ${cfg.network.cidr} (got ${describe(cidr)})`);
    }
    if (overlaps(cfg.network.podCidr, cfg.network.serviceCidr)) problems.push(`${file}: splitplane:network.podCidr must not overlap splitplane:network.serviceCidr ${cfg.network.serviceCidr} (got ${describe(cfg.network.podCidr)})`);
    if (deployer.vnetCidr && overlaps(deployer.vnetCidr, cfg.network.podCidr)) problems.push(`${file}: splitplane:network.deployer.vnetCidr must not overlap splitplane:network.podCidr ${cfg.network.podCidr} (got ${describe(deployer.vnetCidr)})`);
    if (!isAssignableIn(cfg.network.dnsServiceIp, cfg.network.serviceCidr)) {
        problems.push(`${file}: splitplane:network.dnsServiceIp must be inside splitplane:network.serviceCidr ${cfg.network.serviceCidr}, past its first addresses (got ${describe(cfg.network.dnsServiceIp)})`);
    }
    if (subnets?.ingress && cfg.ingress.privateIp && !isAssignableIn(cfg.ingress.privateIp, subnets.ingress)) {
        problems.push(`${file}: splitplane:ingress.privateIp must be an assignable address of the ingress subnet ${subnets.ingress} (Azure keeps its first four and its last) (got ${describe(cfg.ingress.privateIp)})`);
    }
    if (subnets?.appGateway && cfg.ingress.appGateway.enabled) problems.push(...appGatewayFrontendProblems(file, cfg.ingress.appGateway.privateIp, subnets.appGateway));
    try {
        userPoolSpecs(cfg.nodePools);
    } catch (err) {
        problems.push(`${file}: splitplane:${(err as Error).message}`);
    }
    if (cfg.phase >= 2) problems.push(...databaseProblems(cfg, file, location));
    const geo = cfg.encryption.geoBackupLocation;
    if (geo && !AZURE_REGIONS.has(geo)) problems.push(`${file}: splitplane:encryption.geoBackupLocation must be an Azure region name such as northeurope (got ${describe(geo)})`);
    if (cfg.openai.location && !AZURE_REGIONS.has(cfg.openai.location)) problems.push(`${file}: splitplane:openai.location must be an Azure region name such as swedencentral (got ${describe(cfg.openai.location)})`);
    const clusterName = aksClusterNameFor(stack);
    if (`splitplane-${stack}`.length > 63) problems.push(`${file}: the stack name must be at most 52 characters, so that the AKS cluster name ${clusterName.slice(0, 20)}... fits in 63 (got ${stack.length})`);
    return problems;
}

/** The database's cross-key rules (it exists from phase 2). */
function databaseProblems(cfg: ResolvedAzureStackConfig, file: string, location: string | undefined): string[] {
    const db = cfg.database;
    const out: string[] = [];
    if (db.geoRedundantBackup && cfg.encryption.keys === "customer" && location && !geoBackupLocationOf(cfg, location)) {
        out.push(`${file}: splitplane:encryption.geoBackupLocation must name the region the database's geo-redundant backups are copied to (its key lives in a vault there), since ${location} has no Azure pair splitplane knows (got nothing)`);
    }
    if (db.highAvailability && flexibleServerTier(db.sku) === "Burstable") {
        out.push(`${file}: splitplane:database.sku must be a General Purpose or Memory Optimized size (Standard_D…/Standard_E…) while database.highAvailability is on: Burstable servers have no zone-redundant standby (got ${describe(db.sku)})`);
    }
    if (db.highAvailability && cfg.network.zones.length < 2) {
        out.push(`${file}: splitplane:network.zones must list at least two zones while database.highAvailability is on (the standby runs in another zone) (got ${describe(cfg.network.zones)})`);
    }
    return out;
}

/** The region of the Postgres geo-backup key's vault: the configured one, else the server region's pair. */
export function geoBackupLocationOf(cfg: ResolvedAzureStackConfig, location: string): string | undefined {
    return cfg.encryption.geoBackupLocation ?? pairedRegion(location);
}

/** What the subscription and the deployer must have before the first `pulumi up` (the plan report lists it). */
export function azurePrerequisites(cfg: ResolvedAzureStackConfig): string[] {
    const providers = [
        "Microsoft.ContainerService",
        "Microsoft.Network",
        "Microsoft.ManagedIdentity",
        "Microsoft.KeyVault",
        ...(cfg.phase >= 2 ? ["Microsoft.DBforPostgreSQL", "Microsoft.Storage", "Microsoft.ContainerRegistry"] : []),
        ...(cfg.openai.enabled ? ["Microsoft.CognitiveServices"] : []),
    ];
    const out = [`resource providers registered: ${providers.join(", ")}`];
    if (cfg.cluster.encryptionAtHost) {
        out.push("host encryption: `az feature register --namespace Microsoft.Compute --name EncryptionAtHost` (it can only be set when a pool is created)");
    }
    out.push(`the deployer is a member of an Entra group in splitplane:cluster.admins and has kubelogin on its PATH (local accounts are disabled)`);
    if (cfg.encryption.keys === "customer") {
        out.push("the deployer may assign roles on the Key Vault (Owner or User Access Administrator): the stack grants it Key Vault Crypto Officer there, which ARM needs to create the customer-managed keys; a first apply can fail once with ForbiddenByRbac while that grant propagates (run it again)");
    }
    if (!cfg.cluster.publicEndpointCidrs) {
        const path = cfg.network.deployer.vnetId ? `from the peered VNet ${cfg.network.deployer.vnetId.split("/").pop()}` : "from a runner in snet-runner";
        out.push(`pulumi up runs ${path}: the API server is private`);
    }
    if (cfg.ingress.appGateway.enabled && cfg.ingress.appGateway.networkIsolation) {
        out.push("a private-only Application Gateway: `az feature register --namespace Microsoft.Network --name EnableApplicationGatewayNetworkIsolation`, then `az provider register -n Microsoft.Network` (or set splitplane:ingress.appGateway.networkIsolation: false, reported as a loosening)");
    }
    if (cfg.ingress.appGateway.tlsCertificateSecret) out.push(`the TLS certificate ${cfg.ingress.appGateway.tlsCertificateSecret} imported into the environment's Key Vault before the Application Gateway is created`);
    if (cfg.openai.enabled) out.push(`Azure OpenAI access and model quota in ${cfg.openai.location ?? "the stack's location"} (deployments are made outside this program)`);
    if (cfg.nodePools.gpu.enabled) out.push(`GPU quota for ${cfg.nodePools.gpu.vmSize} (spot and regular vCPUs) in the region`);
    return out;
}
