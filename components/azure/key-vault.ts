import * as keyvault from "@pulumi/azure-native/keyvault";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { CloudPermissions, SecretGrant } from "../compute-plane";
import { PrivateLink } from "./private-endpoint";
import { BUILTIN_ROLE, roleDefinitionId } from "./roles";

/** Key Vault secret names: letters, digits and hyphens, 1-127 characters. */
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** One secret a consumer may read: by name in this vault, or by the full id of a secret elsewhere (the contract's SecretGrant). */
export type KeyVaultSecretGrant = SecretGrant;

export interface KeyVaultArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    tenantId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    /** `kv-<this>-<random>`: letters, digits and hyphens (the vault name is global and at most 24 characters). */
    namePrefix: string;
    endpointsSubnetId: pulumi.Input<string>;
    vnetId: pulumi.Input<string>;
    /**
     * Let Azure's trusted services through the firewall (`bypass: AzureServices`), still only with
     * a role on the key: what Storage, disk encryption sets and Flexible Server need to reach
     * customer-managed keys, since they call the vault from Azure's network, not through the
     * private endpoint. @default false (no bypass)
     */
    trustedServices?: boolean;
    protect: boolean;
    tags: Record<string, string>;
}

/** A vault name within Key Vault's rules: 3-24 characters, a letter first, no double hyphen. */
export function vaultNameFor(prefix: string, suffix: string): string {
    const slug = prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 24 - "kv--".length - suffix.length).replace(/-+$/, "");
    return `kv-${slug}-${suffix}`;
}

/**
 * A vault in RBAC mode (no access policies) with purge protection and 90-day soft delete (which
 * customer-managed keys require: a deleted key stays recoverable, and no one can purge it early),
 * public network access disabled and a deny-all network ACL. Purge protection cannot be turned off
 * once on, and every vault splitplane creates has had it from creation, so no existing vault needs
 * it turned on. `trustedServices` admits Azure's trusted services (bypass AzureServices).
 */
export function privateVaultProperties(tenantId: pulumi.Input<string>, trustedServices: boolean): keyvault.VaultArgs["properties"] {
    return {
        tenantId,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        publicNetworkAccess: "Disabled",
        networkAcls: { defaultAction: "Deny", bypass: trustedServices ? "AzureServices" : "None" },
    };
}

/** The vault's URI, read once the vault exists (its id is known). */
function vaultUriOf(vault: keyvault.Vault): pulumi.Output<string> {
    return pulumi.all([vault.id, vault.properties]).apply(([, p]) => {
        if (!p.vaultUri) throw new Error("the Key Vault reported no vaultUri");
        return p.vaultUri;
    });
}

/**
 * Read access to exactly these secrets: `Key Vault Secrets User` assigned at each secret's own
 * scope (`<vault id>/secrets/<name>`), never on the vault, so one consumer cannot read another's.
 * https://learn.microsoft.com/azure/key-vault/general/rbac-guide#secret-scope-role-assignment
 */
export function secretReadPermissions(vaultId: pulumi.Input<string>, subscriptionId: pulumi.Input<string>, secrets: readonly KeyVaultSecretGrant[]): CloudPermissions {
    if (secrets.length === 0) throw new Error("readPermissionsFor: name at least one secret (an empty grant would be a binding that reads nothing)");
    return {
        kind: "azure-rbac",
        roleAssignments: secrets.map((s) => {
            if ("name" in s && !SECRET_NAME.test(s.name)) throw new Error(`readPermissionsFor: ${JSON.stringify(s.name)} is not a Key Vault secret name (letters, digits and hyphens; no wildcard, no path)`);
            return { roleDefinitionId: roleDefinitionId(subscriptionId, BUILTIN_ROLE.keyVaultSecretsUser), scope: "name" in s ? pulumi.interpolate`${vaultId}/secrets/${s.name}` : s.id };
        }),
    };
}

/**
 * The environment's secret store: a Key Vault in RBAC mode (no access policies), purge protection
 * and 90-day soft delete, public network access disabled with a deny-all network ACL, reached only
 * through a private endpoint in the endpoints subnet (`privatelink.vaultcore.azure.net`).
 */
export class KeyVaultStore extends pulumi.ComponentResource {
    readonly vault: keyvault.Vault;
    readonly vaultId: pulumi.Output<string>;
    readonly vaultUri: pulumi.Output<string>;
    readonly vaultName: pulumi.Output<string>;
    readonly privateLink: PrivateLink;
    private readonly subscriptionId: pulumi.Input<string>;
    private readonly tenantId: pulumi.Input<string>;

    constructor(name: string, a: KeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:KeyVault", name, {}, opts);
        this.subscriptionId = a.subscriptionId;
        this.tenantId = a.tenantId;
        // Vault names are global: a random suffix, kept in state, avoids another tenant's vault.
        const suffix = new random.RandomString(`${name}-suffix`, { length: 5, special: false, upper: false, numeric: true }, { parent: this });
        this.vault = new keyvault.Vault(`${name}-vault`, {
            resourceGroupName: a.resourceGroupName,
            location: a.location,
            vaultName: suffix.result.apply((s) => vaultNameFor(a.namePrefix, s)),
            properties: privateVaultProperties(a.tenantId, a.trustedServices ?? false),
            tags: a.tags,
        }, { parent: this, protect: a.protect });
        this.vaultName = this.vault.name;
        this.vaultId = this.vault.id;
        this.vaultUri = vaultUriOf(this.vault);
        this.privateLink = new PrivateLink(`${name}-private`, {
            resourceGroupName: a.resourceGroupName,
            location: a.location,
            targetId: this.vault.id,
            groupId: "vault",
            zoneName: "privatelink.vaultcore.azure.net",
            subnetId: a.endpointsSubnetId,
            vnetIds: { vnet: a.vnetId },
            tags: a.tags,
        }, { parent: this });
        this.registerOutputs({ vaultId: this.vaultId, vaultUri: this.vaultUri });
    }

    /** The vault as customer-managed keys name it. */
    get ref(): { vaultId: pulumi.Output<string>; vaultName: pulumi.Output<string>; vaultUri: pulumi.Output<string> } {
        return { vaultId: this.vaultId, vaultName: this.vaultName, vaultUri: this.vaultUri };
    }

    /** Read access to exactly these secrets (role assignments at secret scope). */
    readPermissionsFor(secrets: readonly KeyVaultSecretGrant[]): CloudPermissions {
        return secretReadPermissions(this.vault.id, this.subscriptionId, secrets);
    }

    /** `remoteRef.key` of an ExternalSecret for this grant: the secret's name in this vault. */
    remoteKey(secret: KeyVaultSecretGrant): pulumi.Input<string> {
        return "name" in secret ? secret.name : secret.id;
    }

    /**
     * The External Secrets Operator provider block authenticating as the given service account
     * through workload identity (`authType: WorkloadIdentity`).
     * https://external-secrets.io/latest/provider/azure-key-vault/#workload-identity
     */
    externalSecretsProvider(serviceAccount: { name: string; namespace: string }): pulumi.Output<Record<string, unknown>> {
        return pulumi.all([this.vaultUri, this.tenantId]).apply(([vaultUrl, tenantId]): Record<string, unknown> => ({
            azurekv: { authType: "WorkloadIdentity", vaultUrl, tenantId, serviceAccountRef: { name: serviceAccount.name, namespace: serviceAccount.namespace } },
        }));
    }
}

export interface KeyOnlyVaultArgs {
    resourceGroupName: pulumi.Input<string>;
    /** The vault's region (it may differ from the resource group's). */
    location: string;
    tenantId: pulumi.Input<string>;
    namePrefix: string;
    protect: boolean;
    tags: Record<string, string>;
}

/**
 * A vault that holds only keys Azure services use (the key of Postgres's geo-redundant backups, in
 * the paired region): the settings of the environment's vault, trusted services admitted, and no
 * private endpoint, since nothing in the VNet reads it (ARM creates its keys; the database service
 * reaches it as a trusted service).
 */
export class KeyOnlyVault extends pulumi.ComponentResource {
    readonly vault: keyvault.Vault;
    readonly ref: { vaultId: pulumi.Output<string>; vaultName: pulumi.Output<string>; vaultUri: pulumi.Output<string> };

    constructor(name: string, a: KeyOnlyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:KeyOnlyVault", name, {}, opts);
        const suffix = new random.RandomString(`${name}-suffix`, { length: 5, special: false, upper: false, numeric: true }, { parent: this });
        this.vault = new keyvault.Vault(
            `${name}-vault`,
            { resourceGroupName: a.resourceGroupName, location: a.location, vaultName: suffix.result.apply((s) => vaultNameFor(a.namePrefix, s)), properties: privateVaultProperties(a.tenantId, true), tags: a.tags },
            { parent: this, protect: a.protect },
        );
        const vaultUri = vaultUriOf(this.vault);
        this.ref = { vaultId: this.vault.id, vaultName: this.vault.name, vaultUri };
        this.registerOutputs({ vaultId: this.vault.id });
    }
}
