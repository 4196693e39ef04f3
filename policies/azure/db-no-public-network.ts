import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/**
 * Row 25: flexible servers are private. Public access is on unless the server is VNet-integrated
 * (a delegated subnet) or `network.publicNetworkAccess` is Disabled.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-db-no-public-network",
        title: "Flexible database servers have no public network access",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [25],
        resourceTypes: [AZURE.postgres, AZURE.mysql],
        flags: "A PostgreSQL or MySQL flexible server whose `network.publicNetworkAccess` is not Disabled (absent means Enabled unless a delegated subnet is set).",
        anchors: ["CKV_AZURE_113", "CKV2_AZURE_57"],
        remediation: "Set `network.delegatedSubnetResourceId` (VNet integration) or `network.publicNetworkAccess: \"Disabled\"` with a private endpoint.",
    },
    ({ props }, scan) => {
        const network = scan.get(props, "network");
        if (network === UNSEEN) return;
        const access = scan.get(network, "publicNetworkAccess");
        if (access === UNSEEN) return;
        const a = asString(access)?.toLowerCase();
        if (a === "disabled") return;
        // Only presence matters: a new subnet's id is unknown during preview and still a subnet.
        if (a === undefined && scan.peek(network, "delegatedSubnetResourceId") !== undefined) return;
        scan.flag(`network.publicNetworkAccess is ${a === undefined ? "absent (Enabled without a delegated subnet)" : String(access)}`);
    },
);
