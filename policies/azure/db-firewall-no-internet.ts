import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { isInternetRange } from "../lib/net";
import { AZURE } from "../lib/types";

/** Row 24: no database firewall rule opens the server to the whole internet. */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-db-firewall-no-internet",
        title: "Database firewall rules do not admit the internet",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [24],
        resourceTypes: [AZURE.postgresFirewall, AZURE.mysqlFirewall, AZURE.sqlFirewall],
        flags: "A PostgreSQL, MySQL or SQL firewall rule whose range covers 0.0.0.0-255.255.255.255 (or at least half the IPv4 space).",
        anchors: ["CKV_AZURE_11"],
        remediation: "Use private access (VNet integration or a private endpoint) and drop public firewall rules.",
    },
    ({ props }, scan) => {
        const start = scan.get(props, "startIpAddress");
        const end = scan.get(props, "endIpAddress");
        if (start === UNSEEN || end === UNSEEN) return;
        const s = asString(start);
        const e = asString(end);
        if (s !== undefined && e !== undefined && isInternetRange(s, e)) scan.flag(`the rule admits ${s}-${e}, i.e. the internet`);
    },
);
