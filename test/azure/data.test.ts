import { beforeAll, describe, expect, it } from "vitest";
import { flexibleServerTier, serverNameFor } from "../../components/azure/postgres-specs";
import { ConfigError } from "../../config/errors";
import { loosenedDefaults } from "../../config/loosening";
import { parseStackConfig } from "../../config/parse";
import { byType, dependsOn, inputsOf, outputsOf } from "../../engine/testing";
import { ProgramRun } from "../../engine/resource";
import { AZ, azureConfig, DEPLOYER_VNET, runAzureStack, named } from "./scenario";

/**
 * The platform's Postgres on Azure (phase 2 on): VNet-integrated, no public access, Entra ID only
 * with the platform's managed identity as administrator, TLS required, pgvector allowed, server
 * parameters applied one at a time, HA and geo-redundant backups in prod from creation.
 */

const PG = {
    server: "azure-native:dbforpostgresql:Server",
    admin: "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra",
    config: "azure-native:dbforpostgresql:Configuration",
    firewall: "azure-native:dbforpostgresql:FirewallRule",
} as const;


let dev: ProgramRun;
let prod: ProgramRun;
beforeAll(async () => {
    ({ run: dev } = await runAzureStack("azure-data", azureConfig({ phase: 2, database: { adminServiceAccounts: [{ namespace: "platform-data", name: "migrations" }] } })));
    ({ run: prod } = await runAzureStack("azure-data-prod", azureConfig({ environment: "prod", phase: 3 })));
}, 60_000);

describe("Postgres Flexible Server (phase 2, dev defaults)", () => {
    it("does not exist before phase 2, and exists from it", async () => {
        const { run } = await runAzureStack("azure-p0", azureConfig());
        expect(byType(run, PG.server)).toEqual([]);
        expect(byType(dev, PG.server)).toHaveLength(1);
    }, 30_000);

    it("is VNet-integrated with public network access disabled, and no firewall rule exists", () => {
        const server = inputsOf(named(dev, PG.server, "postgres-server"));
        const subnet = named(dev, AZ.subnet, "network-subnet-postgres");
        const zone = named(dev, AZ.zone, "postgres-zone");
        expect(server.network).toEqual({ delegatedSubnetResourceId: subnet.id, privateDnsZoneArmResourceId: zone.id, publicNetworkAccess: "Disabled" });
        expect(byType(dev, PG.firewall)).toEqual([]);
    });

    it("its private DNS zone ends in .postgres.database.azure.com and is linked to the VNet and the deployer's", () => {
        const server = outputsOf(named(dev, PG.server, "postgres-server"));
        const zone = inputsOf(named(dev, AZ.zone, "postgres-zone"));
        expect(zone.privateZoneName).toBe(`${server.name}.private.postgres.database.azure.com`);
        const vnet = named(dev, "azure-native:network:VirtualNetwork", "network-vnet");
        const links = byType(dev, AZ.link).filter((l) => l.name.startsWith("postgres-zone-")).map(inputsOf);
        expect(links.map((l) => l.virtualNetwork.id).sort()).toEqual([vnet.id, DEPLOYER_VNET].sort());
        for (const l of links) expect(l).toMatchObject({ privateZoneName: zone.privateZoneName, registrationEnabled: false });
        // The zone resolves in the VNet before the server is created, and outlives it on destroy.
        for (const l of byType(dev, AZ.link).filter((x) => x.name.startsWith("postgres-zone-"))) expect(dependsOn(dev, named(dev, PG.server, "postgres-server"), l)).toBe(true);
    });

    it("accepts Entra ID tokens only: no administrator login or password input at all", () => {
        const server = inputsOf(named(dev, PG.server, "postgres-server"));
        expect(server.authConfig).toMatchObject({ activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" });
        expect(server.authConfig.tenantId).toMatch(/^[0-9a-f-]{36}$/);
        expect(Object.keys(server)).not.toContain("administratorLoginPassword");
        expect(Object.keys(server)).not.toContain("administratorLogin");
        // Nowhere in the plan: no input of any resource is named like a database password.
        for (const r of dev.resources) expect(JSON.stringify(inputsOf(r))).not.toMatch(/administratorLoginPassword|"password"/i);
        expect(byType(dev, "random:index/randomPassword:RandomPassword")).toEqual([]);
    });

    it("the platform's managed identity is the Entra administrator: service principal, its object id, its tenant", () => {
        const identity = named(dev, AZ.identity, "data-identity");
        const admin = inputsOf(named(dev, PG.admin, "postgres-entra-admin"));
        expect(admin.principalType.toLowerCase()).toBe("serviceprincipal");
        expect(admin.objectId).toBe(outputsOf(identity).principalId);
        expect(admin.principalName).toBe(outputsOf(identity).name);
        expect(admin.tenantId).toBe(inputsOf(named(dev, PG.server, "postgres-server")).authConfig.tenantId);
        expect(admin.serverName).toBe(outputsOf(named(dev, PG.server, "postgres-server")).name);
    });

    it("pods act as that identity only through a federated credential for the exact service account listed", () => {
        const fics = byType(dev, AZ.credential).filter((f) => f.name.startsWith("data-fic-")).map(inputsOf);
        expect(fics.map((f) => f.subject)).toEqual(["system:serviceaccount:platform-data:migrations"]);
        expect(fics[0].audiences).toEqual(["api://AzureADTokenExchange"]);
        expect(fics[0].issuer).toBe(outputsOf(named(dev, AZ.cluster, "cluster-aks")).oidcIssuerProfile.issuerURL);
    });

    it("requires TLS 1.2+ and allows pgvector", () => {
        const value = (name: string) => byType(dev, PG.config).map(inputsOf).find((c) => c.configurationName === name);
        expect(value("require_secure_transport")).toMatchObject({ value: "ON", source: "user-override" });
        expect(value("ssl_min_protocol_version")).toMatchObject({ value: "TLSv1.2" });
        expect(value("azure.extensions")?.value.split(",")).toContain("VECTOR");
    });

    it("writes to the server one at a time: the administrator, then each parameter after the previous one", () => {
        const server = named(dev, PG.server, "postgres-server");
        const admin = named(dev, PG.admin, "postgres-entra-admin");
        const configs = byType(dev, PG.config);
        expect(configs.map((c) => inputsOf(c).configurationName)).toEqual(["require_secure_transport", "ssl_min_protocol_version", "azure.extensions"]);
        expect(admin.dependencies).toContain(server.urn);
        expect(configs[0].dependencies).toContain(admin.urn);
        for (let i = 1; i < configs.length; i++) expect(configs[i].dependencies).toContain(configs[i - 1].urn);
        // No two server writes may run together: every pair is ordered one way.
        const writes = [admin, ...configs];
        for (let i = 0; i < writes.length; i++) for (let j = i + 1; j < writes.length; j++) expect(dependsOn(dev, writes[j], writes[i])).toBe(true);
    });

    it("dev: Burstable, no HA, locally redundant backups kept 14 days, not protected", () => {
        const server = named(dev, PG.server, "postgres-server");
        expect(inputsOf(server)).toMatchObject({ sku: { name: "Standard_B2s", tier: "Burstable" }, version: "17", highAvailability: { mode: "Disabled" }, backup: { backupRetentionDays: 14, geoRedundantBackup: "Disabled" } });
        expect(server.options.protect).toBeFalsy();
    });

    it("the server is removed before its subnet on destroy (it depends on the delegated subnet)", () => {
        expect(dependsOn(dev, named(dev, PG.server, "postgres-server"), named(dev, AZ.subnet, "network-subnet-postgres"))).toBe(true);
    });

    it("outputs the FQDN and the identity to connect as, never a password", () => {
        expect(dev.outputs.postgresFqdn).toMatch(/^psql-azure-data-[a-z0-9]{5}\.postgres\.database\.azure\.com$/);
        expect(dev.outputs.dataIdentityClientId).toMatch(/^[0-9a-f-]{36}$/);
        expect(Object.keys(dev.outputs).filter((k) => /password|secret/i.test(k))).toEqual([]);
    });
});

describe("Postgres in prod (phase 3): zone-redundant HA and geo-redundant backups from creation", () => {
    it("General Purpose, ZoneRedundant with the standby in the second zone, geo-redundant backups, protected", () => {
        const server = named(prod, PG.server, "postgres-server");
        expect(inputsOf(server)).toMatchObject({
            sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
            highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" },
            availabilityZone: "1",
            backup: { geoRedundantBackup: "Enabled" },
        });
        expect(server.options.protect).toBe(true);
        expect(loosenedDefaults(parseStackConfig(azureConfig({ environment: "prod", phase: 3 }), "f")).filter((l) => l.includes("database"))).toEqual([]);
    });

    it("turning either off in prod is reported as a loosened default", () => {
        const cfg = parseStackConfig(azureConfig({ environment: "prod", phase: 2, database: { highAvailability: false, geoRedundantBackup: false } }), "f");
        expect(loosenedDefaults(cfg).filter((l) => l.startsWith("splitplane:database."))).toEqual([
            "splitplane:database.highAvailability: the prod database has no zone-redundant standby",
            "splitplane:database.geoRedundantBackup: the prod database's backups stay in one region (this can only be changed by recreating the server)",
        ]);
    });
});

describe("bad database input: a ConfigError naming file, key, expected and got, nothing registered", () => {
    const FILE = "stacks/Pulumi.azure-bad.yaml";
    const parse = (database: unknown) => () => parseStackConfig(azureConfig({ phase: 2, database }), FILE);

    it("a SKU that is not a Flexible Server size (a VM size, a Single Server name)", () => {
        for (const sku of ["Standard_D4as_v5", "GP_Gen5_2", "B_Standard_B1ms"]) {
            expect(parse({ sku })).toThrow(ConfigError);
            expect(parse({ sku })).toThrow(`${FILE}: splitplane:database.sku must be a Flexible Server compute size such as Standard_B2s, Standard_D4ds_v5 or Standard_E4ds_v5`);
            expect(parse({ sku })).toThrow(`(got ${JSON.stringify(sku)})`);
        }
        expect(flexibleServerTier("Standard_E4ds_v5")).toBe("MemoryOptimized");
        expect(flexibleServerTier("Standard_D4ads_v5")).toBe("GeneralPurpose");
    });

    it("a backup retention outside 7-35 days", () => {
        expect(parse({ backupRetentionDays: 3 })).toThrow(`${FILE}: splitplane:database.backupRetentionDays must be between 7 and 35 (got 3)`);
        expect(parse({ backupRetentionDays: 36 })).toThrow(`${FILE}: splitplane:database.backupRetentionDays must be between 7 and 35 (got 36)`);
        expect(parse({ backupRetentionDays: 35 })).not.toThrow();
    });

    it("an allow-list without VECTOR, a storage size that is not a disk size", () => {
        expect(parse({ extensions: ["PG_TRGM"] })).toThrow(`${FILE}: splitplane:database.extensions must include VECTOR (pgvector, which the platform's data needs) (got ["PG_TRGM"])`);
        expect(parse({ storageGb: 100 })).toThrow(`${FILE}: splitplane:database.storageGb must be one of the Premium SSD sizes 32, 64`);
    });

    it("zone-redundant HA on a Burstable size is refused before anything is registered", async () => {
        const cfg = azureConfig({ phase: 2, database: { sku: "Standard_B2s", highAvailability: true } });
        await expect(runAzureStack("azure-bad", cfg)).rejects.toThrow(
            'stacks/Pulumi.azure-bad.yaml: splitplane:database.sku must be a General Purpose or Memory Optimized size (Standard_D…/Standard_E…) while database.highAvailability is on: Burstable servers have no zone-redundant standby (got "Standard_B2s")',
        );
    }, 30_000);

    it("an AWS database key in an Azure stack names the other cloud", () => {
        expect(parse({ instanceClass: "db.t4g.medium" })).toThrow(`${FILE}: splitplane:database.instanceClass does not apply to azure stacks (it is a key of aws stacks)`);
    });

    it("server names fit Azure's rule (3-63 lower-case letters, digits, hyphens)", () => {
        const long = serverNameFor("A_Very_Long_Stack_Name_".repeat(5), "abcde");
        expect(long).toMatch(/^psql-[a-z0-9-]+-abcde$/);
        expect(long.length).toBeLessThanOrEqual(63);
    });
});
