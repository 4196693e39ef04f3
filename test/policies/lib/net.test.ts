import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsPortRange, azurePortRange, coversAllPorts, describePorts, isInternetRange, isInternetSource } from "../../../policies/lib/net";

describe("what counts as the internet", () => {
    it.each(["*", "0.0.0.0", "0.0.0.0/0", "::/0", "Internet", "INTERNET", "Any", "0.0.0.0/1", "128.0.0.0/1", " 0.0.0.0/0 ", "::0/0", "0::/0", "::", "::0", "0:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:0/0", "any", "internet"])("%s is the internet", (s) => expect(isInternetSource(s)).toBe(true));
    it.each(["10.0.0.0/8", "VirtualNetwork", "AzureLoadBalancer", "pl-12345678", "sg-0abc", "203.0.113.0/24", "10.0.0.1", "::1", "fd00::/8", "2001:db8::/32"])("%s is not", (s) => expect(isInternetSource(s)).toBe(false));

    it("any IPv4 CIDR with a /2 or longer prefix is not the internet", () => {
        fc.assert(
            fc.property(fc.ipV4(), fc.integer({ min: 2, max: 32 }), (ip, prefix) => {
                expect(isInternetSource(`${ip}/${prefix}`)).toBe(false);
            }),
        );
    });

    it("firewall ranges: the whole space or half of it is the internet, a /8 is not", () => {
        expect(isInternetRange("0.0.0.0", "255.255.255.255")).toBe(true);
        expect(isInternetRange("128.0.0.0", "255.255.255.255")).toBe(true);
        expect(isInternetRange("10.0.0.0", "10.255.255.255")).toBe(false);
        expect(isInternetRange("0.0.0.0", "0.0.0.0")).toBe(false);
        expect(isInternetRange("bad", "255.255.255.255")).toBe(false);
    });
});

describe("port ranges", () => {
    it("protocol -1/all and the 0-0 range mean every port", () => {
        expect(coversAllPorts(awsPortRange("-1", 0, 0))).toBe(true);
        expect(coversAllPorts(awsPortRange("tcp", 0, 0))).toBe(true);
        expect(coversAllPorts(awsPortRange("all", 22, 22))).toBe(true);
        expect(awsPortRange("tcp", 443, 443)).toEqual({ from: 443, to: 443 });
    });
    it("parses Azure specs", () => {
        expect(azurePortRange("*")).toEqual({ from: 0, to: 65535 });
        expect(azurePortRange("20-30")).toEqual({ from: 20, to: 30 });
        expect(azurePortRange("443")).toEqual({ from: 443, to: 443 });
        expect(azurePortRange("http")).toBeUndefined();
    });
    it("describes ranges for messages", () => {
        expect(describePorts({ from: 0, to: 65535 })).toBe("all ports");
        expect(describePorts({ from: 22, to: 22 })).toBe("port 22");
        expect(describePorts({ from: 20, to: 30 })).toBe("ports 20-30");
    });
    it("an AWS range always lies within itself, ordered", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (a, b) => {
                const r = awsPortRange("tcp", a, b);
                expect(r.from).toBe(Math.min(a, b));
                expect(r.to).toBe(Math.max(a, b));
            }),
        );
    });
});
