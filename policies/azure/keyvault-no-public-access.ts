import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";
import { openToInternet } from "./storage-no-public-access";

/** Row 28: key vaults are reached through private endpoints (the SDK defaults publicNetworkAccess to "enabled"). */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-keyvault-no-public-access",
        title: "Key vaults are not reachable from the internet",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [28],
        resourceTypes: [AZURE.vault],
        flags: "`properties.publicNetworkAccess` not Disabled (absent means enabled) while `properties.networkAcls.defaultAction` is not Deny (absent means Allow) or an `ipRules` entry admits the internet.",
        anchors: ["CKV_AZURE_189", "CKV_AZURE_109"],
        remediation: "Set `properties.publicNetworkAccess: \"Disabled\"` with a private endpoint, or `networkAcls.defaultAction: \"Deny\"`.",
    },
    ({ props }, scan) => {
        const properties = scan.get(props, "properties");
        if (properties === UNSEEN) return;
        const net = openToInternet(scan, properties, "networkAcls", "value");
        if (net?.open) scan.flag(`the vault is reachable from the internet: properties.${net.why.replace(" and ", " and properties.")}`);
    },
);
