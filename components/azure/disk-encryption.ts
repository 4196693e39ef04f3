import type * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CustomerKeys } from "./customer-keys";

/** The StorageClass of persistent volumes encrypted with the environment's disk key (the plane's `storageClassName`). */
export const CMK_STORAGE_CLASS = "managed-csi-cmk";

/** The Azure Disk CSI driver's provisioner (https://github.com/kubernetes-sigs/azuredisk-csi-driver). */
export const AZURE_DISK_CSI = "disk.csi.azure.com";

/**
 * The StorageClass object: AKS's `managed-csi` (StandardSSD, Azure Disk CSI) with the disk
 * encryption set, so every volume is encrypted with the customer-managed key; the driver's
 * `diskEncryptionSetID` parameter (docs/driver-parameters.md of azuredisk-csi-driver;
 * https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys#encrypt-your-aks-cluster-data-disk).
 */
export function cmkStorageClassSpec(diskEncryptionSetId: pulumi.Input<string>) {
    return {
        // Default too, so a chart's claim without a class is encrypted with the key as well: AKS's own
        // `default` class keeps its annotation, and with several defaults Kubernetes (1.26+) uses the
        // newest, which this one is (https://kubernetes.io/docs/concepts/storage/storage-classes/#default-storageclass).
        metadata: { name: CMK_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" }, labels: { "app.kubernetes.io/managed-by": "splitplane" } },
        provisioner: AZURE_DISK_CSI,
        parameters: { skuName: "StandardSSD_LRS", diskEncryptionSetID: diskEncryptionSetId },
        // Zonal disks: created in the zone of the node the pod lands on.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
    };
}

export interface DiskEncryptionArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    keys: CustomerKeys;
    tags: Record<string, string>;
}

/**
 * The disk encryption set of the AKS node OS disks and the persistent volumes, on the `disks` key.
 * Its system-assigned identity gets Key Vault Crypto Service Encryption User on that key only, as
 * AKS's BYOK guide does (create the set, grant its identity, then create the cluster:
 * https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys). `activeKey` is the
 * current version (a set takes a versioned key URL) and follows Key Vault's rotations itself.
 */
export class DiskEncryption extends pulumi.ComponentResource {
    readonly set: compute.DiskEncryptionSet;
    /** The set's identity on the key; the cluster waits for it. */
    readonly keyGrant: authorization.RoleAssignment;
    readonly diskEncryptionSetId: pulumi.Output<string>;

    constructor(name: string, a: DiskEncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:DiskEncryption", name, {}, opts);
        const key = a.keys.keyFor("disks");
        this.set = new compute.DiskEncryptionSet(
            `${name}-set`,
            {
                resourceGroupName: a.resourceGroupName,
                location: a.location,
                encryptionType: "EncryptionAtRestWithCustomerKey",
                identity: { type: "SystemAssigned" },
                activeKey: { keyUrl: key.keyUriWithVersion, sourceVault: { id: key.vaultId } },
                rotationToLatestKeyVersionEnabled: true,
                tags: a.tags,
            },
            { parent: this, dependsOn: [key.key] },
        );
        this.diskEncryptionSetId = this.set.id;
        // Read once the set exists (its id is known): a preview knows the identity's type, not its principal.
        const principalId = pulumi.all([this.set.id, this.set.identity]).apply(([, i]) => {
            if (!i?.principalId) throw new Error(`the disk encryption set ${name} reported no system-assigned principalId`);
            return i.principalId;
        });
        this.keyGrant = a.keys.grantEncryptionUser(`${name}-key-user`, "disks", principalId);
        this.registerOutputs({ diskEncryptionSetId: this.diskEncryptionSetId });
    }
}

/** The StorageClass, once the cluster answers (its provider). */
export function cmkStorageClass(name: string, diskEncryptionSetId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): k8s.storage.v1.StorageClass {
    return new k8s.storage.v1.StorageClass(name, cmkStorageClassSpec(diskEncryptionSetId), opts);
}
