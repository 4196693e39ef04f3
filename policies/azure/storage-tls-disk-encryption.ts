import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

const MODERN_TLS = new Set(["TLS1_2", "TLS1_3"]);

/**
 * Row 35: storage is HTTPS-only with TLS 1.2 or later, and AKS nodes encrypt their temp disks and
 * caches (encryption at host); managed disks themselves are always encrypted at rest by Azure.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-storage-tls-disk-encryption",
        title: "Storage is HTTPS/TLS 1.2+, node disks encrypted at host",
        theme: "H",
        level: "advisory",
        severity: "medium",
        kind: "resource",
        checks: [35],
        resourceTypes: [AZURE.storage, AZURE.aks, AZURE.aksPool],
        flags: "A storage account with `enableHttpsTrafficOnly: false` or `minimumTlsVersion` below TLS1_2 (absent is TLS1_0 on older API versions); an AKS node pool without `enableEncryptionAtHost: true`.",
        anchors: ["CKV_AZURE_3", "CKV_AZURE_44", "CKV_AZURE_2", "CKV_AZURE_227"],
        remediation: "Set `enableHttpsTrafficOnly: true`, `minimumTlsVersion: \"TLS1_2\"`, and `enableEncryptionAtHost: true` on node pools.",
    },
    ({ type, props }, scan) => {
        if (type === AZURE.storage) {
            if (scan.get(props, "enableHttpsTrafficOnly") === false) scan.flag("enableHttpsTrafficOnly is false: clients may use plain HTTP");
            const tls = scan.get(props, "minimumTlsVersion");
            if (tls !== UNSEEN && !MODERN_TLS.has(asString(tls) ?? "")) scan.flag(`minimumTlsVersion is ${tls === undefined ? "absent" : String(tls)}; require TLS1_2`);
            return;
        }
        const pools = type === AZURE.aksPool ? [["the pool", props] as const] : scan.indexed(props, "agentPoolProfiles").map(([i, p]) => [`agentPoolProfiles[${i}]`, p] as const);
        for (const [where, pool] of pools) {
            const v = scan.get(pool, "enableEncryptionAtHost");
            if (v !== true && v !== UNSEEN) scan.flag(`${where} does not enable encryption at host (temp disks and caches unencrypted)`);
        }
    },
);
