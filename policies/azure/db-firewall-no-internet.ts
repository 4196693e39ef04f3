import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { isInternetRange } from "../lib/net";
import { AZURE } from "../lib/types";

const IP_ADDRESS: readonly [string, string] = ["startIpAddress", "endIpAddress"];
const IP: readonly [string, string] = ["startIP", "endIP"];

/** Every firewall-rule resource of an Azure data service, with its start and end fields. */
const RANGE_FIELDS: Record<string, readonly [string, string]> = {
    [AZURE.postgresFirewall]: IP_ADDRESS,
    "azure-native:dbforpostgresql:SingleServerFirewallRule": IP_ADDRESS,
    "azure-native:dbforpostgresql:ServerGroupFirewallRule": IP_ADDRESS,
    [AZURE.mysqlFirewall]: IP_ADDRESS,
    "azure-native:dbformysql:SingleServerFirewallRule": IP_ADDRESS,
    "azure-native:dbformariadb:FirewallRule": IP_ADDRESS,
    [AZURE.sqlFirewall]: IP_ADDRESS,
    "azure-native:synapse:IpFirewallRule": IP_ADDRESS,
    "azure-native:redis:FirewallRule": IP,
    "azure-native:cache:FirewallRule": IP,
};

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
        resourceTypes: Object.keys(RANGE_FIELDS),
        flags: "A database firewall rule (PostgreSQL and MySQL flexible and single servers, MariaDB, Azure SQL, Cosmos DB for PostgreSQL, Synapse, Redis) whose range covers 0.0.0.0-255.255.255.255 (or at least half the IPv4 space).",
        anchors: ["CKV_AZURE_11"],
        remediation: "Use private access (VNet integration or a private endpoint) and drop public firewall rules.",
    },
    ({ type, props }, scan) => {
        const [startField, endField] = RANGE_FIELDS[type];
        const start = scan.get(props, startField);
        const end = scan.get(props, endField);
        if (start === UNSEEN || end === UNSEEN) return;
        const s = asString(start);
        const e = asString(end);
        if (s !== undefined && e !== undefined && isInternetRange(s, e)) scan.flag(`the rule admits ${s}-${e}, i.e. the internet`);
    },
);
