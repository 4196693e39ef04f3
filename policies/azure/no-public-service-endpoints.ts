import { Case, tablePolicy } from "../lib/define";
import { isInternetSource } from "../lib/net";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";
import { openToInternet } from "./storage-no-public-access";

/**
 * Theme I for Azure PaaS and load balancer frontends. Azure services take `publicNetworkAccess`
 * (Enabled unless set to Disabled on every service below); some also take network rules whose
 * default action Deny closes the public endpoint except to named ranges. Storage accounts, key
 * vaults, PostgreSQL/MySQL flexible servers and AKS have their own policies
 * (`azure-storage-no-public-access`, `azure-keyvault-no-public-access`,
 * `azure-db-no-public-network`, `azure-aks-private-api`); NIC and VM public IPs are
 * `azure-no-public-ip-on-nic`'s. A public IP of a NAT gateway carries outbound traffic only and is
 * not flagged.
 */

const disabled = (v: unknown) => asString(v)?.toLowerCase() === "disabled";
const given = (v: unknown, absent: string) => (v === undefined ? absent : String(v));

/** `publicNetworkAccess` on `holder` not Disabled (absent means Enabled): flagged, with `where` as the path prefix. */
function publicAccess(scan: Scan, holder: unknown, where = ""): void {
    const v = scan.get(holder, "publicNetworkAccess");
    if (v === UNSEEN || disabled(v)) return;
    scan.flag(`${where}publicNetworkAccess is ${given(v, "absent (Enabled)")}: the service has a public endpoint; set Disabled and use a private endpoint`);
}

/** The public endpoint is open unless network rules deny by default (and admit no internet range). */
function publicUnlessDenied(rulesField: string, ipField: string, holderKey?: string) {
    return (props: Record<string, unknown>, scan: Scan) => {
        const holder = holderKey === undefined ? props : scan.get(props, holderKey);
        if (holder === UNSEEN) return;
        const net = openToInternet(scan, holder, rulesField, ipField);
        if (net?.open) scan.flag(`the service is reachable from the internet: ${holderKey ? `${holderKey}.` : ""}${net.why}`);
    };
}

/** The trailing name of a sub-resource id (`…/frontendIPConfigurations/<name>`), or UNSEEN. */
function referencedName(scan: Scan, ref: unknown): string | undefined | typeof UNSEEN {
    const id = scan.get(ref, "id");
    if (id === UNSEEN) return UNSEEN;
    return asString(id)?.split("/").pop();
}

const CASES: Case[] = [
    {
        id: "cognitive-services",
        resourceTypes: [AZURE.cognitive],
        flags: "An Azure AI services / Azure OpenAI account whose `properties.publicNetworkAccess` is not Disabled while `properties.networkAcls.defaultAction` is not Deny (or an IP rule admits the internet).",
        anchors: ["CKV_AZURE_134"],
        judge: publicUnlessDenied("networkAcls", "value", "properties"),
    },
    {
        id: "container-registry",
        resourceTypes: [AZURE.acr],
        flags: "A container registry whose `publicNetworkAccess` is not Disabled while `networkRuleSet.defaultAction` is not Deny (or an IP rule admits the internet).",
        anchors: ["CKV_AZURE_139"],
        judge: publicUnlessDenied("networkRuleSet", "iPAddressOrRange"),
    },
    {
        id: "cosmos-db",
        resourceTypes: [AZURE.cosmos],
        flags: "A Cosmos DB account whose `publicNetworkAccess` is not Disabled with neither a virtual-network filter (`isVirtualNetworkFilterEnabled`) nor `ipRules`, or with an IP rule that admits the internet.",
        anchors: ["CKV_AZURE_101"],
        judge: (props, scan) => {
            const v = scan.get(props, "publicNetworkAccess");
            if (v === UNSEEN || disabled(v)) return;
            const filter = scan.get(props, "isVirtualNetworkFilterEnabled");
            const rules = scan.get(props, "ipRules");
            if (filter === UNSEEN || rules === UNSEEN) return;
            const ranges = scan.list(props, "ipRules").map((r) => asString(scan.get(r, "ipAddressOrRange")));
            // In Cosmos DB's firewall 0.0.0.0 means "Azure datacenters", not the internet.
            const open = ranges.filter((r): r is string => r !== undefined && r !== "0.0.0.0" && isInternetSource(r));
            if (open.length > 0) scan.flag(`ipRules admit ${open.join(", ")} (the internet)`);
            else if (filter !== true && ranges.length === 0) scan.flag(`publicNetworkAccess is ${given(v, "absent (Enabled)")} with no virtual-network filter and no ipRules: the account accepts connections from anywhere`);
        },
    },
    {
        id: "sql-server",
        resourceTypes: ["azure-native:sql:Server"],
        flags: "An Azure SQL logical server whose `publicNetworkAccess` is not Disabled (its firewall rules are `azure-db-firewall-no-internet`'s).",
        anchors: ["CKV_AZURE_113"],
        judge: (props, scan) => publicAccess(scan, props),
    },
    {
        id: "redis",
        resourceTypes: ["azure-native:redis:Redis", "azure-native:cache:Redis"],
        flags: "An Azure Cache for Redis whose `publicNetworkAccess` is not Disabled.",
        anchors: ["CKV_AZURE_89"],
        judge: (props, scan) => publicAccess(scan, props),
    },
    {
        id: "web-app",
        resourceTypes: ["azure-native:web:WebApp", "azure-native:web:WebAppSlot"],
        flags: "A web app or slot whose `publicNetworkAccess` is not Disabled while `siteConfig.ipSecurityRestrictionsDefaultAction` is not Deny.",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: (props, scan) => {
            const v = scan.get(props, "publicNetworkAccess");
            if (v === UNSEEN || disabled(v)) return;
            const action = scan.at(props, "siteConfig", "ipSecurityRestrictionsDefaultAction");
            if (action === UNSEEN || asString(action)?.toLowerCase() === "deny") return;
            scan.flag(`publicNetworkAccess is ${given(v, "absent (Enabled)")} and siteConfig.ipSecurityRestrictionsDefaultAction is ${given(action, "absent (Allow)")}: the site is public`);
        },
    },
    {
        id: "data-and-ai-services",
        resourceTypes: [AZURE.serviceBus, AZURE.eventHub, "azure-native:search:Service", "azure-native:machinelearningservices:Workspace", "azure-native:appconfiguration:ConfigurationStore"],
        flags: "A Service Bus or Event Hubs namespace, AI Search service, Machine Learning workspace or App Configuration store whose `publicNetworkAccess` is not Disabled (absent means Enabled).",
        anchors: ["CKV_AZURE_124"],
        judge: (props, scan) => publicAccess(scan, props),
    },
    {
        id: "container-apps-environment",
        resourceTypes: ["azure-native:app:ManagedEnvironment"],
        flags: "A Container Apps environment that is not internal (`vnetConfiguration.internal` not true) and whose `publicNetworkAccess` is not Disabled: its apps with external ingress are on the internet.",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: (props, scan) => {
            const internal = scan.at(props, "vnetConfiguration", "internal");
            const access = scan.get(props, "publicNetworkAccess");
            if (internal === true || internal === UNSEEN || access === UNSEEN || disabled(access)) return;
            scan.flag("vnetConfiguration.internal is not true: the environment has a public static IP and apps with external ingress are on the internet");
        },
    },
    {
        id: "load-balancer-public-frontend",
        resourceTypes: ["azure-native:network:LoadBalancer"],
        flags: "A load balancer with a frontend IP configuration that has a `publicIPAddress` or `publicIPPrefix`.",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: (props, scan) => {
            for (const [i, fe] of scan.indexed(props, "frontendIPConfigurations")) {
                const pip = ["publicIPAddress", "publicIPPrefix"].filter((k) => scan.peek(fe, k) !== undefined && scan.peek(fe, k) !== null);
                if (pip.length > 0) scan.flag(`frontendIPConfigurations[${i}] has ${pip.join(" and ")}: the load balancer listens on the internet`);
            }
        },
    },
    {
        id: "application-gateway-public-listener",
        resourceTypes: ["azure-native:network:ApplicationGateway"],
        // A v2 gateway needs a public frontend for its control traffic; only a listener on it is exposure.
        flags: "An Application Gateway with an HTTP or TCP/TLS listener on a frontend IP configuration that has a `publicIPAddress` (a v2 SKU requires a public frontend, which is no exposure while no listener uses it).",
        anchors: ["splitplane rule (outbound-only planes)"],
        judge: (props, scan) => {
            const publicNames = new Set<string>();
            for (const fe of scan.list(props, "frontendIPConfigurations")) {
                if (scan.peek(fe, "publicIPAddress") === undefined) continue;
                const name = asString(scan.get(fe, "name"));
                if (name !== undefined) publicNames.add(name);
            }
            if (publicNames.size === 0) return;
            for (const field of ["httpListeners", "listeners"]) {
                for (const [i, l] of scan.indexed(props, field)) {
                    const name = referencedName(scan, scan.get(l, "frontendIPConfiguration"));
                    if (typeof name === "string" && publicNames.has(name)) scan.flag(`${field}[${i}] listens on the public frontend ${name}: the gateway serves the internet; put listeners on the private frontend`);
                }
            }
        },
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "azure-no-public-service-endpoints",
        title: "Azure PaaS and load balancer frontends are not public",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [],
        flags: "Azure services with a public endpoint: AI services / OpenAI, container registries, Cosmos DB, SQL servers, Redis, web apps, Service Bus, Event Hubs, AI Search, Machine Learning, App Configuration and Container Apps environments whose public network access is on without a deny-by-default rule, and load balancers or Application Gateway listeners on a public frontend. Each check is listed below.",
        remediation: "Set `publicNetworkAccess: \"Disabled\"` and reach the service through a private endpoint; keep load balancer and Application Gateway listeners on private frontends. A deliberate public endpoint needs a named exemption.",
    },
    CASES,
);
