import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCidr } from "../../components/aws/cidr";
import { AddressPlanError, firstAssignable, isAssignableIn, overlaps, planAddresses, SUBNET_PREFIX } from "../../components/azure/address-plan";
import { cidrRange } from "../../components/aws/cidr";

/** Any aligned VNet from /8 to /22 inside 10.0.0.0/8. */
const vnet = fc.tuple(fc.integer({ min: 8, max: 22 }), fc.integer({ min: 0, max: 2 ** 24 - 1 })).map(([prefix, offset]) => {
    const size = 2 ** (32 - prefix);
    return formatCidr((10 * 2 ** 24 + (offset - (offset % size))) >>> 0, prefix);
});

describe("VNet address plan", () => {
    it("lays out the default /16: nodes first, the runner subnet last", () => {
        expect(planAddresses("10.40.0.0/16", { runnerSubnet: true }).subnets).toEqual({
            nodes: "10.40.0.0/20",
            system: "10.40.16.0/24",
            appGateway: "10.40.17.0/24",
            endpoints: "10.40.18.0/25",
            ingress: "10.40.18.128/26",
            postgres: "10.40.18.192/27",
            runner: "10.40.18.224/27",
        });
    });

    it("turning the runner subnet on or off moves no other subnet", () => {
        const without = planAddresses("10.40.0.0/16", { runnerSubnet: false }).subnets;
        const withRunner = planAddresses("10.40.0.0/16", { runnerSubnet: true }).subnets;
        expect(without.runner).toBeUndefined();
        expect({ ...withRunner, runner: undefined }).toEqual({ ...without, runner: undefined });
    });

    it("has a Postgres subnet (delegated) and a dedicated Application Gateway subnet for the data and edge services", () => {
        const s = planAddresses("10.40.0.0/16", { runnerSubnet: false }).subnets;
        expect(s.postgres).toMatch(/\/27$/);
        expect(s.appGateway).toMatch(/\/24$/);
    });

    it("property: every subnet is inside the VNet, aligned to its size, and none overlap", () => {
        fc.assert(
            fc.property(vnet, fc.boolean(), (cidr, runnerSubnet) => {
                fc.pre(Number(cidr.split("/")[1]) <= 19);
                const subnets = Object.entries(planAddresses(cidr, { runnerSubnet }).subnets);
                expect(subnets).toHaveLength(runnerSubnet ? 7 : 6);
                const [first, last] = cidrRange(cidr);
                for (const [role, s] of subnets) {
                    const [a, b] = cidrRange(s);
                    expect(a).toBeGreaterThanOrEqual(first);
                    expect(b).toBeLessThanOrEqual(last);
                    expect(a % 2 ** (32 - SUBNET_PREFIX[role as keyof typeof SUBNET_PREFIX])).toBe(0);
                }
                for (let i = 0; i < subnets.length; i++) for (let j = i + 1; j < subnets.length; j++) expect(overlaps(subnets[i][1], subnets[j][1])).toBe(false);
            }),
        );
    });

    it("property: a VNet too small for the subnets fails loudly, naming the CIDR and what is needed", () => {
        fc.assert(
            fc.property(vnet, (cidr) => {
                fc.pre(Number(cidr.split("/")[1]) >= 20);
                expect(() => planAddresses(cidr, { runnerSubnet: false })).toThrow(new RegExp(`^${cidr.replace(/[./]/g, "\\$&")} cannot hold the subnets: they need 4832 addresses \\(a /19 or larger\\)`));
            }),
        );
    });

    it("refuses a CIDR not aligned to its prefix, suggesting the aligned one", () => {
        expect(() => planAddresses("10.40.5.0/16", { runnerSubnet: false })).toThrow(new AddressPlanError("10.40.5.0/16 is not aligned to its prefix (did you mean 10.40.0.0/16?)"));
    });

    it("static IPs: Azure's first four and last addresses are never assignable", () => {
        expect(firstAssignable("10.40.18.128/26")).toBe("10.40.18.132");
        expect(isAssignableIn("10.40.18.132", "10.40.18.128/26")).toBe(true);
        expect(isAssignableIn("10.40.18.131", "10.40.18.128/26")).toBe(false);
        expect(isAssignableIn("10.40.18.191", "10.40.18.128/26")).toBe(false);
        expect(isAssignableIn("10.40.19.4", "10.40.18.128/26")).toBe(false);
    });
});
