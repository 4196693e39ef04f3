import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/customer-managed-keys";
import { check, Judged, UNKNOWN } from "../harness";

const rg = { resourceGroupName: "rg" };

describe("azure-customer-managed-keys", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "azure-native:storage:StorageAccount", name: "storage-default", props: { ...rg, kind: "StorageV2", sku: { name: "Standard_ZRS" } } },
            { type: "azure-native:storage:StorageAccount", name: "storage-cmk", props: { ...rg, encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: "k" } } } },
            { type: "azure-native:compute:Disk", name: "disk-default", props: { ...rg, creationData: { createOption: "Empty" } } },
            { type: "azure-native:compute:Disk", name: "disk-des", props: { ...rg, creationData: { createOption: "Empty" }, encryption: { type: "EncryptionAtRestWithCustomerKey", diskEncryptionSetId: UNKNOWN } } },
            { type: "azure-native:containerservice:ManagedCluster", name: "aks-default", props: { ...rg } },
            { type: "azure-native:dbforpostgresql:Server", name: "pg-default", props: { ...rg } },
            { type: "azure-native:dbforpostgresql:Server", name: "pg-cmk", props: { ...rg, dataEncryption: { type: "AzureKeyVault", primaryKeyURI: "https://kv/keys/k" } } },
            { type: "azure-native:dbforpostgresql:Server", name: "pg-unknown", props: { ...rg, dataEncryption: { type: UNKNOWN } } },
            { type: "azure-native:cosmosdb:DatabaseAccount", name: "cosmos-default", props: { ...rg, databaseAccountOfferType: "Standard", locations: [] } },
            { type: "azure-native:keyvault:Vault", name: "vault", props: { ...rg, properties: {} } },
        ]);
    });
    it("is advisory and flags stores on platform-managed keys", () => {
        expect(j.messages("storage-default")).toEqual(["encryption.keySource is absent (Microsoft.Storage): data is encrypted with Microsoft-managed keys"]);
        expect(j.of("storage-default")[0].enforcementLevel).toBe("advisory");
        expect(j.outcome("disk-default")).toBe("violation");
        expect(j.messages("aks-default")).toEqual(["diskEncryptionSetID is absent: node disks are encrypted with platform-managed keys"]);
        expect(j.outcome("pg-default")).toBe("violation");
        expect(j.outcome("cosmos-default")).toBe("violation");
    });
    it("passes customer-managed keys, a disk encryption set whose id is not known yet included", () => {
        expect(j.outcome("storage-cmk")).toBe("pass");
        expect(j.outcome("disk-des")).toBe("pass");
        expect(j.outcome("pg-cmk")).toBe("pass");
    });
    it("reports an unknown encryption type as unknown", () => expect(j.outcome("pg-unknown")).toBe("unknown"));
    it("is not applicable to key vaults", () => expect(j.outcome("vault")).toBe("not-applicable"));
});
