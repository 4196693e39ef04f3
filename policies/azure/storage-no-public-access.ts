import { resourcePolicy } from "../lib/define";
import { isInternetSource } from "../lib/net";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/**
 * Whether a resource's public endpoint is reachable from anywhere: public network access not
 * Disabled and the network rules' default action not Deny (absent rules mean Allow), or a Deny
 * default undone by an IP rule that admits the internet. Shared by storage accounts
 * (`networkRuleSet.ipRules[].iPAddressOrRange`) and key vaults (`networkAcls.ipRules[].value`).
 */
export function openToInternet(scan: Scan, holder: unknown, rulesField: string, ipField: string): { open: boolean; why: string } | undefined {
    const access = scan.get(holder, "publicNetworkAccess");
    if (access === UNSEEN) return undefined;
    if (asString(access)?.toLowerCase() === "disabled") return { open: false, why: "" };
    const action = scan.at(holder, rulesField, "defaultAction");
    if (action === UNSEEN) return undefined;
    const accessText = access === undefined ? "absent (Enabled)" : String(access);
    if (asString(action)?.toLowerCase() === "deny") {
        const admitted = scan
            .list(holder, rulesField, "ipRules")
            .map((rule) => asString(scan.get(rule, ipField)))
            .filter((ip): ip is string => ip !== undefined && isInternetSource(ip));
        if (admitted.length === 0) return { open: false, why: "" };
        return { open: true, why: `publicNetworkAccess is ${accessText} and ${rulesField}.ipRules admit ${admitted.join(", ")} despite defaultAction Deny` };
    }
    const actionText = action === undefined ? "absent (Allow)" : String(action);
    return { open: true, why: `publicNetworkAccess is ${accessText} and ${rulesField}.defaultAction is ${actionText}` };
}

/** Row 26: storage accounts are neither anonymously readable nor reachable from the internet. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-storage-no-public-access",
        title: "Storage accounts are not public",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [26],
        resourceTypes: [AZURE.storage],
        flags: "`allowBlobPublicAccess` not false, or the account reachable from the internet: `publicNetworkAccess` not Disabled while `networkRuleSet.defaultAction` is not Deny (absent means Allow) or an `ipRules` entry admits the internet.",
        anchors: ["CKV_AZURE_59", "CKV_AZURE_35"],
        remediation: "Set `allowBlobPublicAccess: false` and `publicNetworkAccess: \"Disabled\"` (private endpoints), or `networkRuleSet.defaultAction: \"Deny\"`.",
    },
    ({ props }, scan) => {
        const blob = scan.get(props, "allowBlobPublicAccess");
        if (blob !== false && blob !== UNSEEN) scan.flag(`allowBlobPublicAccess is ${blob === undefined ? "absent (containers may allow anonymous reads)" : String(blob)}`);
        const net = openToInternet(scan, props, "networkRuleSet", "iPAddressOrRange");
        if (net?.open) scan.flag(`the account is reachable from the internet: ${net.why}`);
    },
);
