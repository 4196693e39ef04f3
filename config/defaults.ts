import { AwsStackConfig, AzureStackConfig, StackConfig } from "./schema";

export type NatStrategy = "Single" | "OnePerAz";

/** What every resolved config has, whatever the cloud. */
interface ResolvedCommon {
    /** Phase 3 hardening: cluster and database deletion protection forced on, a multi-AZ database by default. */
    hardened: boolean;
    /** Pulumi `protect` on stateful resources (keys, database, log groups, cluster): prod, or any stack at phase 3. */
    protectStateful: boolean;
}

/** An AWS stack config with every environment-dependent default decided. */
export type ResolvedAwsStackConfig = Omit<AwsStackConfig, "network" | "database" | "nodePools"> &
    ResolvedCommon & {
        network: AwsStackConfig["network"] & { natStrategy: NatStrategy };
        database: AwsStackConfig["database"] & { multiAz: boolean; deletionProtection: boolean; skipFinalSnapshot: boolean };
        nodePools: Omit<AwsStackConfig["nodePools"], "gpu"> & { gpu: AwsStackConfig["nodePools"]["gpu"] & { enabled: boolean } };
    };

/** An Azure stack config with every environment-dependent default decided. */
export type ResolvedAzureStackConfig = Omit<AzureStackConfig, "cluster" | "nodePools" | "database" | "objectStorage" | "registry"> &
    ResolvedCommon & {
        cluster: AzureStackConfig["cluster"] & { skuTier: "Free" | "Standard" | "Premium" };
        database: AzureStackConfig["database"] & { sku: string; highAvailability: boolean; geoRedundantBackup: boolean };
        objectStorage: AzureStackConfig["objectStorage"] & { redundancy: "Standard_LRS" | "Standard_ZRS" | "Standard_GZRS" };
        registry: AzureStackConfig["registry"] & { zoneRedundant: boolean };
        nodePools: Omit<AzureStackConfig["nodePools"], "gpu"> & { gpu: AzureStackConfig["nodePools"]["gpu"] & { enabled: boolean } };
    };

/** The stack config with every environment-dependent default decided; narrow on `cloud`. */
export type ResolvedStackConfig = ResolvedAwsStackConfig | ResolvedAzureStackConfig;

/**
 * The one place where defaults depend on the environment tier or the phase. A value set in the
 * stack file always wins, except that phase 3 forces deletion protection on (hardening never loosens).
 *
 * | key | dev | staging | prod |
 * |---|---|---|---|
 * | network.natStrategy (AWS) | Single | OnePerAz | OnePerAz |
 * | database.multiAz (AWS) | false (true at phase 3) | false (true at phase 3) | true |
 * | database.deletionProtection (AWS) | false | false | true (always true at phase 3) |
 * | final snapshot on delete (AWS) | no | yes | yes |
 * | cluster.skuTier (Azure) | Free | Standard | Standard |
 * | database.sku (Azure) | Standard_B2s | Standard_D2ds_v5 | Standard_D2ds_v5 |
 * | database.highAvailability (Azure, zone-redundant) | false | false | true |
 * | database.geoRedundantBackup (Azure) | false | false | true |
 * | objectStorage.redundancy (Azure) | Standard_LRS | Standard_ZRS | Standard_ZRS |
 * | registry.zoneRedundant (Azure) | false | false | true |
 * | nodePools.gpu.enabled | phase >= 2 | phase >= 2 | phase >= 2 |
 */
export function resolveEnvironmentDefaults(cfg: AwsStackConfig): ResolvedAwsStackConfig;
export function resolveEnvironmentDefaults(cfg: AzureStackConfig): ResolvedAzureStackConfig;
export function resolveEnvironmentDefaults(cfg: StackConfig): ResolvedStackConfig;
export function resolveEnvironmentDefaults(cfg: StackConfig): ResolvedStackConfig {
    const prod = cfg.environment === "prod";
    const hardened = cfg.phase >= 3;
    const common: ResolvedCommon = { hardened, protectStateful: prod || hardened };
    const gpuEnabled = cfg.nodePools.gpu.enabled ?? cfg.phase >= 2;
    switch (cfg.cloud) {
        case "aws":
            return {
                ...cfg,
                network: { ...cfg.network, natStrategy: cfg.network.natStrategy ?? (cfg.environment === "dev" ? "Single" : "OnePerAz") },
                database: {
                    ...cfg.database,
                    // A standby in another AZ is an in-place change (RDS converts the instance), so phase 3 may add it.
                    multiAz: cfg.database.multiAz ?? (prod || hardened),
                    deletionProtection: hardened || (cfg.database.deletionProtection ?? prod),
                    skipFinalSnapshot: cfg.environment === "dev",
                },
                nodePools: { ...cfg.nodePools, gpu: { ...cfg.nodePools.gpu, enabled: gpuEnabled } },
                ...common,
            };
        case "azure":
            return {
                ...cfg,
                cluster: { ...cfg.cluster, skuTier: cfg.cluster.skuTier ?? (cfg.environment === "dev" ? "Free" : "Standard") },
                database: {
                    ...cfg.database,
                    // Burstable cannot be zone-redundant, so the tiers that may turn HA on start General Purpose.
                    sku: cfg.database.sku ?? (cfg.environment === "dev" ? "Standard_B2s" : "Standard_D2ds_v5"),
                    highAvailability: cfg.database.highAvailability ?? prod,
                    geoRedundantBackup: cfg.database.geoRedundantBackup ?? prod,
                },
                objectStorage: { ...cfg.objectStorage, redundancy: cfg.objectStorage.redundancy ?? (cfg.environment === "dev" ? "Standard_LRS" : "Standard_ZRS") },
                registry: { ...cfg.registry, zoneRedundant: cfg.registry.zoneRedundant ?? prod },
                nodePools: { ...cfg.nodePools, gpu: { ...cfg.nodePools.gpu, enabled: gpuEnabled } },
                ...common,
            };
        default: {
            const unreachable: never = cfg;
            throw new Error(`unhandled cloud ${String((unreachable as StackConfig).cloud)}`);
        }
    }
}
