import { SubnetRole } from "./address-plan";

/**
 * The inbound rules of each subnet's network security group, as data. Every NSG ends with an
 * explicit deny from the `Internet` service tag at the last custom priority, so no later change
 * to Azure's default rules or to a rule above can open a subnet to the internet by accident;
 * Azure's defaults (AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound at 65000+)
 * stay below it. Sources are service tags or this VNet's own subnets, never the internet.
 * https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules
 */
export interface NsgRule {
    name: string;
    priority: number;
    direction: "Inbound";
    access: "Allow" | "Deny";
    protocol: "Tcp" | "Udp" | "*";
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    sourcePortRange: "*";
    destinationAddressPrefix: string;
    destinationPortRange?: string;
    destinationPortRanges?: string[];
    description: string;
}

const DENY_INTERNET: NsgRule = {
    name: "deny-internet-inbound",
    priority: 4096,
    direction: "Inbound",
    access: "Deny",
    protocol: "*",
    sourceAddressPrefix: "Internet",
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    destinationPortRange: "*",
    description: "Nothing from the internet, whatever the rules above say",
};

function allow(name: string, priority: number, source: string | string[], ports: string | string[], description: string, protocol: NsgRule["protocol"] = "Tcp"): NsgRule {
    return {
        name,
        priority,
        direction: "Inbound",
        access: "Allow",
        protocol,
        ...(Array.isArray(source) ? { sourceAddressPrefixes: source } : { sourceAddressPrefix: source }),
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        ...(Array.isArray(ports) ? { destinationPortRanges: ports } : { destinationPortRange: ports }),
        description,
    };
}

function denyRest(priority: number, source: string, description: string): NsgRule {
    return { name: "deny-other-inbound", priority, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: source, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*", description };
}

/**
 * The rules of one subnet's NSG.
 * @param subnets this VNet's subnet CIDRs by role (sources for the narrow rules)
 */
export function nsgRulesFor(role: SubnetRole, subnets: Partial<Record<SubnetRole, string>>): NsgRule[] {
    const nodeSources = [subnets.system, subnets.nodes].filter((c): c is string => c !== undefined);
    switch (role) {
        case "system":
        case "nodes":
            // Node-to-node, pod overlay, API server private endpoint and internal load balancer
            // traffic all come from inside the VNet (or a peered one): Azure's AllowVnetInBound.
            return [DENY_INTERNET];
        case "runner":
            return [DENY_INTERNET];
        case "ingress":
            // Frontend IPs of internal load balancers only; the NSG that filters their traffic is the nodes'.
            return [DENY_INTERNET];
        case "endpoints":
            // Enforced on private endpoints because the subnet sets privateEndpointNetworkPolicies: Enabled.
            return [allow("allow-vnet-https", 100, "VirtualNetwork", "443", "Private endpoints answer HTTPS from the VNet and peered networks"), denyRest(4000, "*", "Nothing else reaches the private endpoints"), DENY_INTERNET];
        case "appGateway":
            // Application Gateway v2 needs its infrastructure ports open to GatewayManager (unless the
            // subscription has EnableApplicationGatewayNetworkIsolation) and Azure's health probes.
            // https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure#network-security-groups
            return [
                allow("allow-gateway-manager", 100, "GatewayManager", "65200-65535", "Application Gateway v2 infrastructure (not needed with network isolation)"),
                allow("allow-azure-load-balancer", 110, "AzureLoadBalancer", "*", "Azure health probes", "*"),
                allow("allow-vnet-web", 120, "VirtualNetwork", ["80", "443"], "Private frontend: clients inside the VNet and peered networks"),
                DENY_INTERNET,
            ];
        case "postgres":
            return [
                allow("allow-nodes-postgres", 100, nodeSources, "5432", "Workloads on the node subnets"),
                ...(subnets.postgres ? [allow("allow-postgres-replication", 110, subnets.postgres, "*", "High-availability replication inside the delegated subnet", "*")] : []),
                denyRest(4000, "VirtualNetwork", "No other subnet reaches the database"),
                DENY_INTERNET,
            ];
        default: {
            const unreachable: never = role;
            throw new Error(`unhandled subnet role ${String(unreachable)}`);
        }
    }
}
