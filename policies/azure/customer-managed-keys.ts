import { Case, tablePolicy } from "../lib/define";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/**
 * Azure encrypts every store below at rest with platform-managed keys; a customer-managed key in
 * Key Vault adds an access control, an audit trail and a kill switch. Advisory, because the data
 * is encrypted either way (a stack makes it mandatory with `splitplane:policy.enforce`); TLS and
 * encryption at host are `azure-storage-tls-disk-encryption`'s.
 */

const present = (scan: Scan, holder: unknown, key: string) => {
    const v = scan.peek(holder, key);
    return v !== undefined && v !== null && v !== "";
};

const CASES: Case[] = [
    {
        id: "storage-account",
        resourceTypes: [AZURE.storage],
        flags: "A storage account whose `encryption.keySource` is not Microsoft.Keyvault (absent means Microsoft-managed keys).",
        anchors: ["CKV2_AZURE_1"],
        judge: (props, scan) => {
            const v = scan.at(props, "encryption", "keySource");
            if (v === UNSEEN || asString(v)?.toLowerCase() === "microsoft.keyvault") return;
            scan.flag(`encryption.keySource is ${v === undefined ? "absent (Microsoft.Storage)" : String(v)}: data is encrypted with Microsoft-managed keys`);
        },
    },
    {
        id: "managed-disk",
        resourceTypes: [AZURE.disk],
        flags: "A managed disk without `encryption.diskEncryptionSetId` (platform-managed keys).",
        anchors: ["CKV_AZURE_93"],
        judge: (props, scan) => {
            const enc = scan.get(props, "encryption");
            if (enc !== UNSEEN && !present(scan, enc, "diskEncryptionSetId")) scan.flag("encryption.diskEncryptionSetId is absent: the disk is encrypted with platform-managed keys");
        },
    },
    {
        id: "aks-disks",
        resourceTypes: [AZURE.aks],
        flags: "A managed cluster without `diskEncryptionSetID` (node OS and data disks use platform-managed keys).",
        anchors: ["CKV_AZURE_117"],
        judge: (props, scan) => {
            if (!present(scan, props, "diskEncryptionSetID")) scan.flag("diskEncryptionSetID is absent: node disks are encrypted with platform-managed keys");
        },
    },
    {
        id: "flexible-server",
        resourceTypes: [AZURE.postgres, AZURE.mysql],
        flags: "A PostgreSQL or MySQL flexible server whose `dataEncryption.type` is not AzureKeyVault.",
        anchors: ["splitplane rule (customer-managed keys)"],
        judge: (props, scan) => {
            const v = scan.at(props, "dataEncryption", "type");
            if (v === UNSEEN || asString(v) === "AzureKeyVault") return;
            scan.flag(`dataEncryption.type is ${v === undefined ? "absent (SystemManaged)" : String(v)}: data is encrypted with service-managed keys`);
        },
    },
    {
        id: "cosmos-db",
        resourceTypes: [AZURE.cosmos],
        flags: "A Cosmos DB account without `keyVaultKeyUri`.",
        anchors: ["CKV_AZURE_100"],
        judge: (props, scan) => {
            if (!present(scan, props, "keyVaultKeyUri")) scan.flag("keyVaultKeyUri is absent: data is encrypted with service-managed keys");
        },
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "azure-customer-managed-keys",
        title: "Azure stores use customer-managed keys",
        theme: "H",
        level: "advisory",
        severity: "low",
        kind: "resource",
        checks: [],
        flags: "Stores Azure always encrypts with platform keys, judged on the key: storage accounts, managed disks, AKS node disks (disk encryption set), PostgreSQL/MySQL flexible servers and Cosmos DB without a customer-managed key. Advisory: the data is encrypted either way. Each check is listed below.",
        remediation: "Encrypt with a Key Vault key: `encryption.keySource: Microsoft.Keyvault`, a disk encryption set (`diskEncryptionSetId`, `diskEncryptionSetID`), `dataEncryption.type: AzureKeyVault`, `keyVaultKeyUri`.",
    },
    CASES,
);
