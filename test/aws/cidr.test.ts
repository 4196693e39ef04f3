import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CidrPlanError, cidrRange, formatCidr, parseCidr, planEntries, planSubnets, vpcPrefixRange } from "../../components/aws/cidr";

/** Any aligned VPC CIDR from /16 to /22 in 10.0.0.0/8. */
const vpcCidr = fc.tuple(fc.integer({ min: 16, max: 22 }), fc.integer({ min: 0, max: 2 ** 24 - 1 })).map(([prefix, offset]) => {
    const size = 2 ** (32 - prefix);
    const base = (10 * 2 ** 24 + (offset - (offset % size))) >>> 0;
    return formatCidr(base, prefix);
});
const azCount = fc.integer({ min: 2, max: 6 });
const fits = (cidr: string, az: number) => parseCidr(cidr).prefix + Math.ceil(Math.log2(az + 1)) <= 24;

describe("CIDR plan", () => {
    it("lays out a /16 over 3 AZs as /18 private and /24 public and database subnets", () => {
        expect(planSubnets("10.40.0.0/16", 3)).toEqual({
            vpcCidr: "10.40.0.0/16",
            private: ["10.40.0.0/18", "10.40.64.0/18", "10.40.128.0/18"],
            public: ["10.40.192.0/24", "10.40.193.0/24", "10.40.194.0/24"],
            database: ["10.40.195.0/24", "10.40.196.0/24", "10.40.197.0/24"],
        });
    });

    it("property: every subnet lies inside the VPC, none overlap, each is aligned to its size", () => {
        fc.assert(
            fc.property(vpcCidr, azCount, (cidr, az) => {
                fc.pre(fits(cidr, az));
                const entries = planEntries(planSubnets(cidr, az));
                expect(entries).toHaveLength(3 * az);
                const [vpcFirst, vpcLast] = cidrRange(cidr);
                const ranges = entries.map((e) => cidrRange(e.cidr)).sort((a, b) => a[0] - b[0]);
                for (const [first, last] of ranges) {
                    expect(first).toBeGreaterThanOrEqual(vpcFirst);
                    expect(last).toBeLessThanOrEqual(vpcLast);
                }
                for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
                for (const e of entries) {
                    const { base, prefix } = parseCidr(e.cidr);
                    expect(base % 2 ** (32 - prefix)).toBe(0);
                    expect(prefix).toBeLessThanOrEqual(28);
                }
            }),
            { numRuns: 300 },
        );
    });

    it("property: private subnets are the largest tier and at least /24 (room for Karpenter nodes and pods)", () => {
        fc.assert(
            fc.property(vpcCidr, azCount, (cidr, az) => {
                fc.pre(fits(cidr, az));
                const plan = planSubnets(cidr, az);
                const p = parseCidr(plan.private[0]).prefix;
                expect(p).toBeLessThanOrEqual(24);
                expect(p).toBeLessThanOrEqual(parseCidr(plan.public[0]).prefix);
                expect(p).toBeLessThanOrEqual(parseCidr(plan.database[0]).prefix);
            }),
            { numRuns: 200 },
        );
    });

    it("property: fails loudly, naming the CIDR and the AZ count, exactly when the plan does not fit", () => {
        fc.assert(
            fc.property(fc.integer({ min: 16, max: 28 }), azCount, (prefix, az) => {
                const cidr = formatCidr((10 * 2 ** 24) >>> 0, prefix);
                if (fits(cidr, az)) {
                    expect(() => planSubnets(cidr, az)).not.toThrow();
                } else {
                    expect(() => planSubnets(cidr, az)).toThrow(`${cidr}: the VPC must be between /16 and /${vpcPrefixRange(az).max} for ${az} AZs`);
                }
            }),
        );
    });

    it("the VPC size rule, stated once: /16 to /22 for 2 or 3 AZs, /16 to /21 for 4 to 6, and it is exactly what fits", () => {
        expect([2, 3, 4, 5, 6].map((n) => vpcPrefixRange(n))).toEqual([
            { min: 16, max: 22 }, { min: 16, max: 22 }, { min: 16, max: 21 }, { min: 16, max: 21 }, { min: 16, max: 21 },
        ]);
        for (const az of [2, 3, 4, 5, 6]) for (let p = 16; p <= 28; p++) expect(fits(formatCidr(10 * 2 ** 24, p), az), `/${p} ${az} AZs`).toBe(p <= vpcPrefixRange(az).max);
    });

    it("rejects VPCs outside the rule and CIDRs that are not network addresses", () => {
        expect(() => planSubnets("10.0.0.0/8", 3)).toThrow("10.0.0.0/8: the VPC must be between /16 and /22 for 3 AZs (private subnets must stay /24 or larger) (got /8)");
        expect(() => planSubnets("10.0.0.0/15", 3)).toThrow("between /16 and /22 for 3 AZs");
        expect(() => planSubnets("10.40.1.0/16", 3)).toThrow("10.40.1.0/16 is not a network address; did you mean 10.40.0.0/16?");
        expect(() => planSubnets("10.40.0.0/24", 2)).toThrow(CidrPlanError);
        expect(() => planSubnets("10.400.0.0/16", 2)).toThrow("is not an IPv4 CIDR");
    });
});
