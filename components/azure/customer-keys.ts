import type * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import { assignRole, BUILTIN_ROLE, roleDefinitionId } from "./roles";

/** The stores that encrypt with a key of their own (one key each, so revoking one stops one). */
export const KEY_CONSUMERS = ["disks", "postgres", "storage"] as const;
export type KeyConsumer = (typeof KEY_CONSUMERS)[number];

/** The key's name in the vault: stable, since a renamed key is a new key (and the old one's data unreadable once purged). */
export function keyNameFor(consumer: string): string {
    return `cmk-${consumer}`;
}

/**
 * A key-encryption key as every consumer here accepts it: RSA (software-protected, Key Vault
 * standard) of 3072 or 4096 bits, wrap and unwrap only; Storage, Managed Disks and Flexible Server
 * accept RSA 2048/3072/4096 (https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview,
 * https://learn.microsoft.com/azure/virtual-machines/disk-encryption#customer-managed-keys,
 * https://learn.microsoft.com/azure/postgresql/flexible-server/security-data-encryption).
 * Key Vault writes a new version `rotationDays` after each one is created; every consumer is
 * pointed at the key without a version (Storage, Postgres) or follows the latest version (the disk
 * encryption set's `rotationToLatestKeyVersionEnabled`), so a rotation needs no apply. No expiry:
 * an expired key makes the disks and the database unreadable, and rotation already limits a
 * version's life. https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation
 * ARM applies these only when it creates the key (Keys - Create If Not Exist never updates one).
 */
export function customerKeyProperties(keySize: 3072 | 4096, rotationDays: number): keyvault.KeyArgs["properties"] {
    return {
        kty: "RSA",
        keySize,
        keyOps: ["wrapKey", "unwrapKey"],
        attributes: { enabled: true, exportable: false },
        rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: `P${rotationDays}D` }, action: { type: "rotate" } }] },
    };
}

export interface VaultRef {
    vaultId: pulumi.Input<string>;
    vaultName: pulumi.Input<string>;
    /** `https://<vault>.vault.azure.net/` */
    vaultUri: pulumi.Input<string>;
}

export interface CustomerKeysArgs {
    resourceGroupName: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    vault: VaultRef;
    /** The identity that runs `pulumi up` (`getClientConfig().objectId`): ARM creates and updates keys as it. */
    deployerObjectId: pulumi.Input<string>;
    /** What kind of principal the deployer is (a role assignment states it; a CI identity is a service principal). */
    deployerPrincipalType: "ServicePrincipal" | "User";
    consumers: readonly string[];
    keySize: 3072 | 4096;
    rotationDays: number;
    tags: Record<string, string>;
}

export interface CustomerKey {
    key: keyvault.Key;
    keyName: string;
    /** The key without a version (`https://<vault>.vault.azure.net/keys/<name>`): the consumer follows rotations. */
    keyUri: pulumi.Output<string>;
    /** The current version's URI (what a disk encryption set's `activeKey.keyUrl` takes). */
    keyUriWithVersion: pulumi.Output<string>;
    /** The key's ARM id, the scope of a role assignment on this key alone. */
    keyId: pulumi.Output<string>;
    vaultId: pulumi.Input<string>;
}

/**
 * Key Vault keys for encryption at rest, one per consumer. They are created through ARM (the
 * `Microsoft.KeyVault/vaults/keys` resource), which the vault's firewall does not govern ("control
 * plane operations ... deployment of secrets or keys through ARM templates are not affected",
 * https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints), so a vault
 * with public access disabled works from a deployer outside its VNet. The vault's RBAC does govern
 * it: ARM acts as the caller, and Owner alone is refused (ForbiddenByRbac,
 * https://github.com/Azure/bicep/issues/7864), so the deployer is granted Key Vault Crypto Officer
 * on this vault before any key is written.
 */
export class CustomerKeys extends pulumi.ComponentResource {
    readonly keys: Record<string, CustomerKey>;
    /** The deployer's Crypto Officer grant on the vault; every key waits for it. */
    readonly deployerGrant: pulumi.Resource;
    /** The vault's URI (`https://<vault>.vault.azure.net/`), as Storage's `keyVaultUri` takes it. */
    readonly vaultUri: pulumi.Input<string>;
    private readonly subscriptionId: pulumi.Input<string>;

    constructor(name: string, a: CustomerKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:CustomerKeys", name, {}, opts);
        this.subscriptionId = a.subscriptionId;
        this.vaultUri = a.vault.vaultUri;
        if (new Set(a.consumers).size !== a.consumers.length) throw new Error(`${name}: a consumer is listed twice (${a.consumers.join(", ")})`);
        this.deployerGrant = assignRole(
            `${name}-deployer-crypto-officer`,
            a.deployerObjectId,
            { roleDefinitionId: roleDefinitionId(a.subscriptionId, BUILTIN_ROLE.keyVaultCryptoOfficer), scope: a.vault.vaultId },
            { parent: this },
            a.deployerPrincipalType,
        );
        this.keys = {};
        for (const consumer of a.consumers) {
            const keyName = keyNameFor(consumer);
            // Child name `${name}-<consumer>`: never renamed (a new name is a new key).
            const key = new keyvault.Key(
                `${name}-${consumer}`,
                { resourceGroupName: a.resourceGroupName, vaultName: a.vault.vaultName, keyName, properties: customerKeyProperties(a.keySize, a.rotationDays), tags: a.tags },
                { parent: this, dependsOn: [this.deployerGrant] },
            );
            this.keys[consumer] = {
                key,
                keyName,
                keyUri: key.keyUri,
                keyUriWithVersion: key.keyUriWithVersion,
                keyId: key.id,
                vaultId: a.vault.vaultId,
            };
        }
        this.registerOutputs({ keyUris: Object.fromEntries(Object.entries(this.keys).map(([c, k]) => [c, k.keyUri])) });
    }

    /** The key of one consumer, or an error naming the consumers there are. */
    keyFor(consumer: string): CustomerKey {
        const k = this.keys[consumer];
        if (!k) throw new Error(`no customer-managed key for ${consumer}; have: ${Object.keys(this.keys).join(", ")}`);
        return k;
    }

    /**
     * Key Vault Crypto Service Encryption User (get, wrapKey, unwrapKey) for one identity on one key,
     * at the key's own scope: the identity can use no other key in the vault.
     * https://learn.microsoft.com/azure/key-vault/general/rbac-guide#azure-built-in-roles-for-key-vault-data-plane-operations
     */
    grantEncryptionUser(name: string, consumer: string, principalId: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): authorization.RoleAssignment {
        return assignRole(name, principalId, { roleDefinitionId: roleDefinitionId(this.subscriptionId, BUILTIN_ROLE.keyVaultCryptoServiceEncryptionUser), scope: this.keyFor(consumer).keyId }, { parent: this, ...opts });
    }
}
