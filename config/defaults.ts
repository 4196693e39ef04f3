import { StackConfig } from "./schema";

export type NatStrategy = "Single" | "OnePerAz";

/** The stack config with every environment-dependent default decided. */
export type ResolvedStackConfig = Omit<StackConfig, "network" | "database" | "nodePools"> & {
    network: StackConfig["network"] & { natStrategy: NatStrategy };
    database: StackConfig["database"] & { multiAz: boolean; deletionProtection: boolean; skipFinalSnapshot: boolean };
    nodePools: Omit<StackConfig["nodePools"], "gpu"> & { gpu: StackConfig["nodePools"]["gpu"] & { enabled: boolean } };
    /** Phase 3 hardening: cluster deletion protection and database deletion protection forced on. */
    hardened: boolean;
    /** Pulumi `protect` on stateful resources (keys, database, log groups, cluster): prod, or any stack at phase 3. */
    protectStateful: boolean;
};

/**
 * The one place where defaults depend on the environment tier or the phase. A value set in the
 * stack file always wins, except that phase 3 forces deletion protection on (hardening never loosens).
 *
 * | key | dev | staging | prod |
 * |---|---|---|---|
 * | network.natStrategy | Single | OnePerAz | OnePerAz |
 * | database.multiAz | false | false | true |
 * | database.deletionProtection | false | false | true (always true at phase 3) |
 * | final snapshot on delete | no | yes | yes |
 * | nodePools.gpu.enabled | phase >= 2 | phase >= 2 | phase >= 2 |
 */
export function resolveEnvironmentDefaults(cfg: StackConfig): ResolvedStackConfig {
    const prod = cfg.environment === "prod";
    const hardened = cfg.phase >= 3;
    return {
        ...cfg,
        network: { ...cfg.network, natStrategy: cfg.network.natStrategy ?? (cfg.environment === "dev" ? "Single" : "OnePerAz") },
        database: {
            ...cfg.database,
            multiAz: cfg.database.multiAz ?? prod,
            deletionProtection: hardened || (cfg.database.deletionProtection ?? prod),
            skipFinalSnapshot: cfg.environment === "dev",
        },
        nodePools: { ...cfg.nodePools, gpu: { ...cfg.nodePools.gpu, enabled: cfg.nodePools.gpu.enabled ?? cfg.phase >= 2 } },
        hardened,
        protectStateful: prod || hardened,
    };
}
