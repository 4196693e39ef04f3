import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { CustomerKeys } from "./customer-keys";
import { flexibleServerTier, parameterSlug, privateZoneNameFor, serverNameFor, serverParameters } from "./postgres-specs";

export interface AzurePostgresArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    tenantId: pulumi.Input<string>;
    /** `psql-<this>-<random>`. */
    namePrefix: string;
    /** The subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. */
    delegatedSubnetId: pulumi.Input<string>;
    /** VNets whose resolvers must answer for the server's name (this VNet; a peered deployer's). */
    vnetIds: Record<string, pulumi.Input<string>>;
    version: "15" | "16" | "17" | "18";
    /** A Flexible Server compute size (`flexibleServerTier` knows it). */
    sku: string;
    storageGb: number;
    backupRetentionDays: number;
    /** Zone-redundant HA: the primary in `zones[0]`, the standby in `zones[1]`. */
    highAvailability: boolean;
    /** Geo-redundant backups (ARM accepts this only when the server is created). */
    geoRedundantBackup: boolean;
    zones: string[];
    /** `azure.extensions`, VECTOR among them. */
    extensions: string[];
    /** The Entra principal that administers the server: the platform's managed identity. */
    admin: { objectId: pulumi.Input<string>; principalName: pulumi.Input<string> };
    /**
     * Data encryption with customer-managed keys, chosen at creation only: the `postgres` key of
     * `keys`, and with geo-redundant backups the `postgres` key of `geoBackup.keys` (a vault in
     * `geoBackup.location`, the region the backups are copied to). @default undefined (service-managed
     * keys, the `splitplane:encryption.keys: platform` loosening)
     */
    dataEncryption?: { keys: CustomerKeys; geoBackup?: { keys: CustomerKeys; location: string } };
    protect: boolean;
    tags: Record<string, string>;
}

/**
 * The platform's Postgres: a Flexible Server integrated into the VNet (its delegated subnet and a
 * private DNS zone of its own linked to the VNet), so it has no public endpoint at all; Entra ID
 * authentication only (no administrator login or password exists, in code, config or state), with
 * the platform's managed identity as its Entra administrator; TLS 1.2+ required; pgvector allowed.
 * Every write to the server after its creation (the administrator, each parameter) waits for the
 * previous one: the server runs one operation at a time and refuses others with ServerIsBusy
 * (https://github.com/Azure/ResourceModules/issues/3324).
 */
export class AzurePostgres extends pulumi.ComponentResource {
    readonly server: dbforpostgresql.Server;
    readonly zone: privatedns.PrivateZone;
    readonly links: privatedns.VirtualNetworkLink[];
    readonly administrator: dbforpostgresql.AdministratorsMicrosoftEntra;
    /** The server parameters in the order they are applied. */
    readonly parameters: dbforpostgresql.Configuration[];
    readonly fqdn: pulumi.Output<string>;
    readonly serverName: pulumi.Output<string>;
    /** The identities the server reads its data key, and its geo-backup key, as. */
    keyIdentity?: managedidentity.UserAssignedIdentity;
    geoKeyIdentity?: managedidentity.UserAssignedIdentity;

    constructor(name: string, a: AzurePostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:Postgres", name, {}, opts);
        const tier = flexibleServerTier(a.sku);
        if (!tier) throw new Error(`${name}: ${JSON.stringify(a.sku)} is not a Flexible Server compute size`);
        if (a.highAvailability && tier === "Burstable") throw new Error(`${name}: zone-redundant high availability needs a General Purpose or Memory Optimized size (got ${a.sku}, Burstable)`);
        if (a.highAvailability && a.zones.length < 2) throw new Error(`${name}: zone-redundant high availability needs two zones (got ${JSON.stringify(a.zones)})`);
        if (a.dataEncryption && a.geoRedundantBackup && !a.dataEncryption.geoBackup) {
            throw new Error(`${name}: geo-redundant backups with a customer-managed key need a key in the backup region (dataEncryption.geoBackup)`);
        }
        const parent = { parent: this };
        const cmk = a.dataEncryption ? this.customerKeys(name, a, a.dataEncryption) : undefined;

        // Server names are global (<name>.postgres.database.azure.com): a random suffix, kept in state.
        const suffix = new random.RandomString(`${name}-suffix`, { length: 5, special: false, upper: false, numeric: true }, parent);
        const serverName = suffix.result.apply((s) => serverNameFor(a.namePrefix, s));

        this.zone = new privatedns.PrivateZone(`${name}-zone`, { resourceGroupName: a.resourceGroupName, location: "global", privateZoneName: serverName.apply(privateZoneNameFor), tags: a.tags }, parent);
        this.links = Object.entries(a.vnetIds).map(
            ([role, id]) => new privatedns.VirtualNetworkLink(`${name}-zone-${role}`, { resourceGroupName: a.resourceGroupName, location: "global", privateZoneName: this.zone.name, virtualNetwork: { id }, registrationEnabled: false, tags: a.tags }, parent),
        );

        this.server = new dbforpostgresql.Server(
            `${name}-server`,
            {
                resourceGroupName: a.resourceGroupName,
                location: a.location,
                serverName,
                version: a.version,
                sku: { name: a.sku, tier },
                storage: { storageSizeGB: a.storageGb, autoGrow: "Enabled" },
                // No administratorLogin, no administratorLoginPassword: with password auth disabled
                // there is no password to generate, store or rotate.
                // https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-azure-ad-authentication
                authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled", tenantId: a.tenantId },
                // Private access: the networking mode is chosen at creation and cannot change.
                // https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private
                network: { delegatedSubnetResourceId: a.delegatedSubnetId, privateDnsZoneArmResourceId: this.zone.id, publicNetworkAccess: "Disabled" },
                // Geo-redundancy of backups can only be chosen here, at creation.
                // https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore#geo-redundant-backup-and-restore
                backup: { backupRetentionDays: a.backupRetentionDays, geoRedundantBackup: a.geoRedundantBackup ? "Enabled" : "Disabled" },
                highAvailability: a.highAvailability ? { mode: "ZoneRedundant", standbyAvailabilityZone: a.zones[1] } : { mode: "Disabled" },
                ...(a.zones.length > 0 ? { availabilityZone: a.zones[0] } : {}),
                ...(cmk ? { identity: cmk.identity, dataEncryption: cmk.dataEncryption } : {}),
                tags: a.tags,
            },
            // The zone must resolve in the VNet before the server registers its record there; on
            // destroy the server goes first (a zone in use by a server cannot be unlinked). The
            // key identities may use their keys before the server is created with them.
            { parent: this, dependsOn: [...this.links, ...(cmk?.grants ?? [])], protect: a.protect },
        );
        this.serverName = this.server.name;
        this.fqdn = pulumi.all([this.server.id, this.server.fullyQualifiedDomainName]).apply(([, fqdn]) => {
            if (!fqdn) throw new Error(`the Flexible Server ${name} reported no fullyQualifiedDomainName`);
            return fqdn;
        });

        // The API version's own spelling (2025-08-01: `servicePrincipal`); a managed identity is a service principal.
        this.administrator = new dbforpostgresql.AdministratorsMicrosoftEntra(
            `${name}-entra-admin`,
            {
                resourceGroupName: a.resourceGroupName,
                serverName: this.server.name,
                objectId: a.admin.objectId,
                principalName: a.admin.principalName,
                principalType: dbforpostgresql.PrincipalType.ServicePrincipal,
                tenantId: a.tenantId,
            },
            { parent: this, dependsOn: [this.server] },
        );

        this.parameters = [];
        let previous: pulumi.Resource = this.administrator;
        for (const p of serverParameters(a.extensions)) {
            const parameter: dbforpostgresql.Configuration = new dbforpostgresql.Configuration(
                `${name}-config-${parameterSlug(p.name)}`,
                { resourceGroupName: a.resourceGroupName, serverName: this.server.name, configurationName: p.name, value: p.value, source: "user-override" },
                { parent: this, dependsOn: [previous] },
            );
            this.parameters.push(parameter);
            previous = parameter;
        }
        this.registerOutputs({ fqdn: this.fqdn, serverName: this.serverName });
    }

    /**
     * A user-assigned identity per key, granted on its key alone; the geo-backup one in the backup
     * region, as Azure recommends for regional resilience. Keys without a version, so the server
     * follows Key Vault's rotations (automatic key version updates).
     * https://learn.microsoft.com/azure/postgresql/flexible-server/security-data-encryption
     */
    private customerKeys(name: string, a: AzurePostgresArgs, enc: NonNullable<AzurePostgresArgs["dataEncryption"]>) {
        const uai = (role: string, location: string) => new managedidentity.UserAssignedIdentity(`${name}-${role}`, { resourceGroupName: a.resourceGroupName, location, tags: a.tags }, { parent: this });
        this.keyIdentity = uai("key-identity", a.location);
        const primary = enc.keys.keyFor("postgres");
        const grants = [enc.keys.grantEncryptionUser(`${name}-key-user`, "postgres", this.keyIdentity.principalId, { dependsOn: [primary.key] })];
        const geo = a.geoRedundantBackup ? enc.geoBackup : undefined;
        let geoIdentity: managedidentity.UserAssignedIdentity | undefined;
        let geoKey: ReturnType<CustomerKeys["keyFor"]> | undefined;
        if (geo) {
            geoIdentity = this.geoKeyIdentity = uai("geo-key-identity", geo.location);
            geoKey = geo.keys.keyFor("postgres");
            grants.push(geo.keys.grantEncryptionUser(`${name}-geo-key-user`, "postgres", geoIdentity.principalId, { dependsOn: [geoKey.key] }));
        }
        const ids = [this.keyIdentity.id, ...(geoIdentity ? [geoIdentity.id] : [])];
        return {
            grants,
            // The SDK types the identities as a map keyed by ARM id.
            identity: pulumi.all(ids).apply((list) => ({ type: "UserAssigned", userAssignedIdentities: Object.fromEntries(list.map((id) => [id, {}])) })),
            dataEncryption: {
                type: "AzureKeyVault",
                primaryKeyURI: primary.keyUri,
                primaryUserAssignedIdentityId: this.keyIdentity.id,
                ...(geoKey && geoIdentity ? { geoBackupKeyURI: geoKey.keyUri, geoBackupUserAssignedIdentityId: geoIdentity.id } : {}),
            },
        };
    }
}
