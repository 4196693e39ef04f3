import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/** Row 29: storage is reached with Entra ID only; account keys and SAS are static credentials. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-storage-no-shared-key",
        title: "Storage accounts disable shared keys",
        theme: "C",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [29],
        resourceTypes: [AZURE.storage],
        flags: "`allowSharedKeyAccess` not false: absent means enabled, so account keys and account SAS work.",
        anchors: ["CKV2_AZURE_40"],
        remediation: "Set `allowSharedKeyAccess: false` (and `defaultToOAuthAuthentication: true`); grant workloads data-plane roles.",
    },
    ({ props }, scan) => {
        const v = scan.get(props, "allowSharedKeyAccess");
        if (v !== false && v !== UNSEEN) scan.flag(`allowSharedKeyAccess is ${v === undefined ? "absent, which means enabled" : String(v)}: account keys are static credentials`);
    },
);
