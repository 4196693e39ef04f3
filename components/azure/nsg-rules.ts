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

/** How the Application Gateway subnet is reached (ingress.appGateway). */
export interface AppGatewayNsgOptions {
    /**
     * Network isolation (`EnableApplicationGatewayNetworkIsolation`): no public IP, no GatewayManager
     * inbound rule. Without it, v2 gateways need GatewayManager on 65200-65535.
     */
    networkIsolation: boolean;
    /** Client ranges of a public frontend (a loosening); never the internet as a whole unless listed. */
    publicClientCidrs?: string[];
}

/** The production-safe default: a private-only gateway with network isolation. */
export const DEFAULT_APP_GATEWAY_NSG: AppGatewayNsgOptions = { networkIsolation: true };

/**
 * The rules of one subnet's NSG.
 * @param subnets this VNet's subnet CIDRs by role (sources for the narrow rules)
 */
export function nsgRulesFor(role: SubnetRole, subnets: Partial<Record<SubnetRole, string>>, appGateway: AppGatewayNsgOptions = DEFAULT_APP_GATEWAY_NSG): NsgRule[] {
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
            // Azure's health probes always; clients inside the VNet and peered networks on 80/443.
            // Without network isolation a v2 gateway also needs its infrastructure ports open to
            // GatewayManager; a public frontend admits exactly the listed client ranges on 443.
            // https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure#network-security-groups
            // https://learn.microsoft.com/azure/application-gateway/application-gateway-private-deployment
            return [
                ...(appGateway.networkIsolation ? [] : [allow("allow-gateway-manager", 100, "GatewayManager", "65200-65535", "Application Gateway v2 infrastructure (only without network isolation)")]),
                allow("allow-azure-load-balancer", 110, "AzureLoadBalancer", "*", "Azure health probes", "*"),
                allow("allow-vnet-web", 120, "VirtualNetwork", ["80", "443"], "Private frontend: clients inside the VNet and peered networks"),
                ...(appGateway.publicClientCidrs ? [allow("allow-public-clients-https", 130, appGateway.publicClientCidrs, "443", "Public frontend (loosening): the listed client ranges only")] : []),
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
