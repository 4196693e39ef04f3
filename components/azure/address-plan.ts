import { blockSize, cidrRange, formatCidr, parseCidr } from "../aws/cidr";

/**
 * The VNet address plan, as pure maths so that it can be property-tested.
 *
 * Pods use Azure CNI overlay (their addresses come from `podCidr`, outside the VNet), so the VNet
 * only holds node, endpoint and load-balancer addresses. Every subnet has a fixed size, placed
 * largest first at the next offset aligned to its size; the optional runner subnet is the
 * smallest and last, so turning it on or off never moves another subnet.
 *
 * Azure keeps the first four and the last address of every subnet
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets).
 */

export type SubnetRole = "system" | "nodes" | "endpoints" | "ingress" | "appGateway" | "postgres" | "runner";

/**
 * Prefix length of each subnet. Never change one for a deployed VNet: the subnet would have to be
 * replaced with everything in it.
 */
export const SUBNET_PREFIX: Readonly<Record<SubnetRole, number>> = {
    /** User pools (spot, on-demand, GPU): up to ~4,000 nodes. */
    nodes: 20,
    /** The system pool, and the private endpoint of the private API server. */
    system: 24,
    /** Application Gateway v2 (dedicated; /24 is Microsoft's recommendation for autoscaling). */
    appGateway: 24,
    /** Private endpoints (Key Vault, Blob, ACR, Azure OpenAI). */
    endpoints: 25,
    /** Frontend IPs of internal load balancers (the mesh ingress gateway's static IP). */
    ingress: 26,
    /** Postgres Flexible Server, delegated to Microsoft.DBforPostgreSQL/flexibleServers. */
    postgres: 27,
    /** A self-hosted deploy runner (optional). */
    runner: 27,
};

/** The subnet names in Azure; renaming one replaces the subnet. */
export const SUBNET_NAME: Readonly<Record<SubnetRole, string>> = {
    nodes: "snet-nodes",
    system: "snet-system",
    appGateway: "snet-appgw",
    endpoints: "snet-endpoints",
    ingress: "snet-ingress",
    postgres: "snet-postgres",
    runner: "snet-runner",
};

/** Placement order: largest first, ties in this fixed order (runner last). */
const ORDER: readonly SubnetRole[] = ["nodes", "system", "appGateway", "endpoints", "ingress", "postgres", "runner"];

export interface AddressPlan {
    vnetCidr: string;
    subnets: Partial<Record<SubnetRole, string>> & Record<Exclude<SubnetRole, "runner">, string>;
}

export class AddressPlanError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AddressPlanError";
    }
}

/** Azure reserves this many addresses at the start of every subnet. */
const RESERVED_AT_START = 4;

/**
 * Plans the subnets inside `vnetCidr`.
 * @throws AddressPlanError naming the CIDR and how many addresses the subnets need
 */
export function planAddresses(vnetCidr: string, opts: { runnerSubnet: boolean }): AddressPlan {
    const { base, prefix } = parseCidr(vnetCidr);
    if (base % blockSize(prefix) !== 0) {
        throw new AddressPlanError(`${vnetCidr} is not aligned to its prefix (did you mean ${formatCidr(base - (base % blockSize(prefix)), prefix)}?)`);
    }
    const roles = ORDER.filter((r) => r !== "runner" || opts.runnerSubnet);
    const needed = roles.reduce((sum, r) => sum + blockSize(SUBNET_PREFIX[r]), 0);
    const end = base + blockSize(prefix);
    let next = base;
    const subnets: Partial<Record<SubnetRole, string>> = {};
    for (const role of roles) {
        const size = blockSize(SUBNET_PREFIX[role]);
        const start = Math.ceil(next / size) * size;
        if (start + size > end) {
            throw new AddressPlanError(`${vnetCidr} cannot hold the subnets: they need ${needed} addresses (a /${32 - Math.ceil(Math.log2(needed))} or larger), the VNet has ${blockSize(prefix)}`);
        }
        subnets[role] = formatCidr(start, SUBNET_PREFIX[role]);
        next = start + size;
    }
    return { vnetCidr, subnets: subnets as AddressPlan["subnets"] };
}

/** The first address Azure lets you assign in a subnet (the default static IP of the ingress). */
export function firstAssignable(subnetCidr: string): string {
    const { base } = parseCidr(subnetCidr);
    return formatCidr(base + RESERVED_AT_START, 32).replace(/\/32$/, "");
}

/** Whether `ip` is an address Azure lets you assign inside `subnetCidr`. */
export function isAssignableIn(ip: string, subnetCidr: string): boolean {
    const [first, last] = cidrRange(subnetCidr);
    const [addr] = cidrRange(`${ip}/32`);
    return addr >= first + RESERVED_AT_START && addr < last;
}

/** Whether two CIDRs share any address. */
export function overlaps(a: string, b: string): boolean {
    const [a0, a1] = cidrRange(a);
    const [b0, b1] = cidrRange(b);
    return a0 <= b1 && b0 <= a1;
}
