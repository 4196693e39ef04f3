import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { CustomerKeys } from "./customer-keys";
import { PrivateLink } from "./private-endpoint";
import { assignRole, BUILTIN_ROLE, roleDefinitionId } from "./roles";
import { storageAccountNameFor } from "./service-names";

export interface BlobStorageArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subscriptionId: pulumi.Input<string>;
    namePrefix: string;
    /** The container for the platform's artifacts (models, datasets). */
    containerName: string;
    /** `Standard_LRS`, `Standard_ZRS` or `Standard_GZRS`. */
    skuName: "Standard_LRS" | "Standard_ZRS" | "Standard_GZRS";
    endpointsSubnetId: pulumi.Input<string>;
    vnetIds: Record<string, pulumi.Input<string>>;
    /** Principals (managed identities) that read and write the blobs. */
    writers: Record<string, pulumi.Input<string>>;
    /**
     * Encrypt with the `storage` key of these customer-managed keys. @default undefined (Microsoft-managed
     * keys, the `splitplane:encryption.keys: platform` loosening)
     */
    keys?: CustomerKeys;
    protect: boolean;
    tags: Record<string, string>;
}

/**
 * The platform's private artifact storage: a StorageV2 account reached only through a Blob private
 * endpoint (`privatelink.blob.core.windows.net`, linked to the VNet), with no shared-key access
 * (account keys and account SAS do not work: Entra ID only), no anonymous blob access, HTTPS with
 * TLS 1.2+, public network access disabled with a deny-all network rule set and no bypass.
 * https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
 * https://learn.microsoft.com/azure/storage/common/storage-private-endpoints
 */
export class BlobStorage extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly container: storage.BlobContainer;
    readonly privateLink: PrivateLink;
    readonly accountName: pulumi.Output<string>;
    /** The identity the account reads its customer-managed key as. */
    keyIdentity?: managedidentity.UserAssignedIdentity;
    /** `https://<account>.blob.core.windows.net/`, which resolves to the private endpoint inside the VNet. */
    readonly blobEndpoint: pulumi.Output<string>;

    constructor(name: string, a: BlobStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:BlobStorage", name, {}, opts);
        const parent = { parent: this };
        const suffix = new random.RandomString(`${name}-suffix`, { length: 5, special: false, upper: false, numeric: true }, parent);
        const cmk = a.keys ? this.customerKey(name, a, a.keys) : undefined;
        this.account = new storage.StorageAccount(
            `${name}-account`,
            {
                resourceGroupName: a.resourceGroupName,
                location: a.location,
                accountName: suffix.result.apply((s) => storageAccountNameFor(a.namePrefix, s)),
                kind: "StorageV2",
                sku: { name: a.skuName },
                allowSharedKeyAccess: false,
                defaultToOAuthAuthentication: true,
                allowBlobPublicAccess: false,
                enableHttpsTrafficOnly: true,
                minimumTlsVersion: "TLS1_2",
                publicNetworkAccess: "Disabled",
                networkRuleSet: { defaultAction: "Deny", bypass: "None" },
                // Copies only between accounts reached through private links; no cross-tenant replication, no SFTP local users.
                allowedCopyScope: "PrivateLink",
                allowCrossTenantReplication: false,
                isLocalUserEnabled: false,
                ...(cmk ? { identity: cmk.identity, encryption: cmk.encryption } : {}),
                tags: a.tags,
            },
            { parent: this, protect: a.protect, dependsOn: cmk ? [cmk.grant] : [] },
        );
        this.accountName = this.account.name;
        // The public cloud's endpoint form; inside the VNet the private zone answers for it.
        this.blobEndpoint = pulumi.interpolate`https://${this.account.name}.blob.core.windows.net/`;
        // Created through ARM (the management plane), which needs no account key.
        this.container = new storage.BlobContainer(`${name}-container`, { resourceGroupName: a.resourceGroupName, accountName: this.account.name, containerName: a.containerName, publicAccess: "None" }, { parent: this, protect: a.protect });
        this.privateLink = new PrivateLink(`${name}-private`, {
            resourceGroupName: a.resourceGroupName,
            location: a.location,
            targetId: this.account.id,
            groupId: "blob",
            zoneName: "privatelink.blob.core.windows.net",
            subnetId: a.endpointsSubnetId,
            vnetIds: a.vnetIds,
            tags: a.tags,
        }, parent);
        for (const [role, principalId] of Object.entries(a.writers)) {
            assignRole(`${name}-writer-${role}`, principalId, { roleDefinitionId: roleDefinitionId(a.subscriptionId, BUILTIN_ROLE.storageBlobDataContributor), scope: this.account.id }, parent);
        }
        this.registerOutputs({ accountName: this.accountName });
    }

    /**
     * A new account takes a customer-managed key only with a user-assigned identity, granted on the
     * key before the account is created; the key without a version, so Storage follows Key Vault's
     * rotations (within a day). Infrastructure encryption (a second layer, with platform keys, at
     * the storage infrastructure) can only be chosen at creation, and costs nothing.
     * https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-new-account
     * https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable
     */
    private customerKey(name: string, a: BlobStorageArgs, keys: CustomerKeys) {
        const key = keys.keyFor("storage");
        const identity = new managedidentity.UserAssignedIdentity(`${name}-key-identity`, { resourceGroupName: a.resourceGroupName, location: a.location, tags: a.tags }, { parent: this });
        this.keyIdentity = identity;
        const grant = keys.grantEncryptionUser(`${name}-key-user`, "storage", identity.principalId, { dependsOn: [key.key] });
        return {
            grant,
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            encryption: {
                keySource: "Microsoft.Keyvault",
                keyVaultProperties: { keyName: key.keyName, keyVaultUri: keys.vaultUri },
                encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
                requireInfrastructureEncryption: true,
            },
        };
    }
}
