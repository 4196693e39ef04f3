/**
 * Azure's region pairs, as Microsoft lists them ("Azure paired regions",
 * https://learn.microsoft.com/azure/reliability/cross-region-replication-azure). Geo-redundant
 * backups of a Flexible Server are copied to the pair, and a customer-managed key for them must be
 * in a vault in that region. Regions without a pair (Poland Central, Italy North, ...) are absent:
 * such a stack names the region itself (`splitplane:encryption.geoBackupLocation`) or goes without
 * geo-redundant backups.
 */
const PAIRS: readonly (readonly [string, string])[] = [
    ["eastus", "westus"],
    ["eastus2", "centralus"],
    ["northcentralus", "southcentralus"],
    ["westus2", "westcentralus"],
    ["westus3", "eastus"],
    ["canadacentral", "canadaeast"],
    ["brazilsouth", "southcentralus"],
    ["northeurope", "westeurope"],
    ["uksouth", "ukwest"],
    ["francecentral", "francesouth"],
    ["germanywestcentral", "germanynorth"],
    ["switzerlandnorth", "switzerlandwest"],
    ["norwayeast", "norwaywest"],
    ["swedencentral", "swedensouth"],
    ["eastasia", "southeastasia"],
    ["japaneast", "japanwest"],
    ["koreacentral", "koreasouth"],
    ["australiaeast", "australiasoutheast"],
    ["australiacentral", "australiacentral2"],
    ["centralindia", "southindia"],
    ["uaenorth", "uaecentral"],
    ["southafricanorth", "southafricawest"],
];

/**
 * A region's pair, or undefined where splitplane knows none. Some pairs are one-way (West US 3's
 * is East US, whose own is West US; Brazil South's is South Central US): the first region of a row
 * is paired with the second, and the second with the first only where no row starts with it.
 */
export function pairedRegion(location: string): string | undefined {
    const first = PAIRS.find(([a]) => a === location);
    if (first) return first[1];
    return PAIRS.find(([, b]) => b === location)?.[0];
}
