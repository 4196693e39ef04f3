/**
 * The VPC address plan, as pure maths so that it can be property-tested.
 *
 * Layout for a VPC /p spread over n AZs:
 * - one **private** subnet per AZ (nodes and pods: the VPC CNI gives every pod a VPC address, so
 *   these are as large as the VPC allows), each /(p + ceil(log2(n + 1))), leaving one block of
 *   the same size free;
 * - that free block is cut into 2n equal **public** (NAT gateways, an optional public ALB) and
 *   **database** (no route to the internet) subnets, never smaller than /28 nor larger than /24.
 *
 * The VPC's size is bounded by `vpcPrefixRange` (the rule stated once).
 * Growing azCount changes the plan (the private size shrinks), so pick it before the first deploy.
 */

export type SubnetTier = "private" | "public" | "database";

export interface PlannedSubnet {
    tier: SubnetTier;
    /** Index of the availability zone (0-based). */
    az: number;
    cidr: string;
}

export interface CidrPlan {
    vpcCidr: string;
    private: string[];
    public: string[];
    database: string[];
}

/** The largest VPC AWS accepts. */
export const MIN_VPC_PREFIX = 16;
/** Private subnets smaller than this cannot host a useful number of Karpenter nodes and pods. */
export const MAX_PRIVATE_PREFIX = 24;
/** AWS's smallest subnet. */
export const MAX_SUBNET_PREFIX = 28;
/** Public and database subnets need no more than this. */
const MIN_SMALL_PREFIX = 24;

/**
 * The one rule for the VPC's size, shared by the stack-config schema, this plan and the docs: from
 * /16 (AWS's largest VPC) to the smallest VPC whose private subnets stay /24 or larger, which is
 * /22 for 2 or 3 AZs and /21 for 4 to 6 (the public and database subnets then always fit).
 */
export function vpcPrefixRange(azCount: number): { min: number; max: number } {
    return { min: MIN_VPC_PREFIX, max: MAX_PRIVATE_PREFIX - Math.ceil(Math.log2(azCount + 1)) };
}

/** `between /16 and /22 for 3 AZs`: the rule in words, for every error that enforces it. */
export function vpcPrefixRule(azCount: number): string {
    const { min, max } = vpcPrefixRange(azCount);
    return `between /${min} and /${max} for ${azCount} AZs (private subnets must stay /${MAX_PRIVATE_PREFIX} or larger)`;
}

export class CidrPlanError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CidrPlanError";
    }
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!m) throw new CidrPlanError(`${JSON.stringify(cidr)} is not an IPv4 CIDR such as 10.40.0.0/16`);
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) throw new CidrPlanError(`${JSON.stringify(cidr)} is not an IPv4 CIDR such as 10.40.0.0/16`);
    const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    return { base, prefix };
}

export function formatCidr(base: number, prefix: number): string {
    return `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${prefix}`;
}

export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** The [first, last] addresses of a CIDR, as numbers. */
export function cidrRange(cidr: string): [number, number] {
    const { base, prefix } = parseCidr(cidr);
    return [base, base + blockSize(prefix) - 1];
}

/**
 * Plans private, public and database subnets for `azCount` zones inside `vpcCidr`.
 * @throws CidrPlanError naming the CIDR, the AZ count and what does not fit
 */
export function planSubnets(vpcCidr: string, azCount: number): CidrPlan {
    const { base, prefix } = parseCidr(vpcCidr);
    if (!Number.isInteger(azCount) || azCount < 1) throw new CidrPlanError(`azCount must be a positive integer (got ${azCount})`);
    const range = vpcPrefixRange(azCount);
    if (prefix < range.min || prefix > range.max) {
        throw new CidrPlanError(`${vpcCidr}: the VPC must be ${vpcPrefixRule(azCount)} (got /${prefix})`);
    }
    if (base % blockSize(prefix) !== 0) {
        throw new CidrPlanError(`${vpcCidr} is not a network address; did you mean ${formatCidr(base - (base % blockSize(prefix)), prefix)}?`);
    }

    const privatePrefix = prefix + Math.ceil(Math.log2(azCount + 1));
    const privateSize = blockSize(privatePrefix);
    const privates = Array.from({ length: azCount }, (_, i) => formatCidr(base + i * privateSize, privatePrefix));

    // The free block after the private subnets holds the small tiers.
    const freeBase = base + azCount * privateSize;
    const smallPrefix = Math.max(privatePrefix + Math.ceil(Math.log2(2 * azCount)), MIN_SMALL_PREFIX);
    if (smallPrefix > MAX_SUBNET_PREFIX) {
        throw new CidrPlanError(`${vpcCidr} is too small for ${azCount} AZs: public and database subnets would be /${smallPrefix}, smaller than AWS's /${MAX_SUBNET_PREFIX}`);
    }
    const smallSize = blockSize(smallPrefix);
    const publics = Array.from({ length: azCount }, (_, i) => formatCidr(freeBase + i * smallSize, smallPrefix));
    const databases = Array.from({ length: azCount }, (_, i) => formatCidr(freeBase + (azCount + i) * smallSize, smallPrefix));
    return { vpcCidr, private: privates, public: publics, database: databases };
}

/** Every subnet of a plan, tagged with its tier and AZ index. */
export function planEntries(plan: CidrPlan): PlannedSubnet[] {
    const tiers: SubnetTier[] = ["private", "public", "database"];
    return tiers.flatMap((tier) => plan[tier].map((cidr, az) => ({ tier, az, cidr })));
}
