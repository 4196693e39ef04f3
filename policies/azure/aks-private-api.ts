import { resourcePolicy } from "../lib/define";
import { isInternetSource } from "../lib/net";
import { UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/** Row 27: the AKS API server is private (or limited to named ranges) and nodes have no public IPs. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-aks-private-api",
        title: "AKS API is private and nodes have no public IPs",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [27],
        resourceTypes: [AZURE.aks, AZURE.aksPool],
        flags: "A managed cluster that is not private (`apiServerAccessProfile.enablePrivateCluster` not true) and has no `authorizedIPRanges` (or one that includes the internet); any node pool with `enableNodePublicIP: true`.",
        anchors: ["CKV_AZURE_115", "CKV_AZURE_6", "AZU-0041"],
        remediation: "Set `apiServerAccessProfile.enablePrivateCluster: true` (or authorized IP ranges for admins) and leave `enableNodePublicIP` unset.",
    },
    ({ type, props }, scan) => {
        if (type === AZURE.aksPool) {
            if (scan.get(props, "enableNodePublicIP") === true) scan.flag("enableNodePublicIP is true: every node gets a public IP");
            return;
        }
        for (const [i, pool] of scan.indexed(props, "agentPoolProfiles")) {
            if (scan.get(pool, "enableNodePublicIP") === true) scan.flag(`agentPoolProfiles[${i}].enableNodePublicIP is true: every node gets a public IP`);
        }
        const access = scan.get(props, "apiServerAccessProfile");
        if (access === UNSEEN) return;
        const isPrivate = scan.get(access, "enablePrivateCluster");
        if (isPrivate === true || isPrivate === UNSEEN) return;
        const ranges = scan.get(access, "authorizedIPRanges");
        if (ranges === UNSEEN) return;
        if (!Array.isArray(ranges) || ranges.length === 0) {
            scan.flag("the API server is public to everyone: apiServerAccessProfile.enablePrivateCluster is not true and authorizedIPRanges is empty");
            return;
        }
        const open = scan.list(access, "authorizedIPRanges").filter((r): r is string => typeof r === "string" && isInternetSource(r));
        if (open.length > 0) scan.flag(`the API server's authorizedIPRanges include ${open.join(", ")} (the internet)`);
    },
);
