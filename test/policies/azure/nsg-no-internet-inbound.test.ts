import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/nsg-no-internet-inbound";
import { check, Judged, UNKNOWN } from "../harness";

const NSG = "azure-native:network:NetworkSecurityGroup";
const rule = (o: Record<string, unknown>) => ({ name: "r", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "*", destinationAddressPrefix: "*", destinationPortRange: "443", ...o });

describe("azure-nsg-no-internet-inbound", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: NSG, name: "star", props: { resourceGroupName: "rg", securityRules: [rule({ name: "https" })] } },
            { type: NSG, name: "internet-tag", props: { resourceGroupName: "rg", securityRules: [rule({ sourceAddressPrefix: "Internet", destinationPortRange: "20-30" })] } },
            { type: "azure-native:network:SecurityRule", name: "standalone", props: { resourceGroupName: "rg", networkSecurityGroupName: "n", ...rule({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ["10.0.0.0/8", "0.0.0.0/0"], destinationPortRange: undefined, destinationPortRanges: ["22", "3389"] }) } },
            { type: "azure-native:network/v20240301:SecurityRule", name: "versioned", props: { resourceGroupName: "rg", networkSecurityGroupName: "n", ...rule({ sourceAddressPrefix: "any", direction: "inbound", access: "allow" }) } },
            { type: NSG, name: "private", props: { resourceGroupName: "rg", securityRules: [rule({ sourceAddressPrefix: "VirtualNetwork" }), rule({ access: "Deny" }), rule({ direction: "Outbound" })] } },
            { type: NSG, name: "unknown", props: { resourceGroupName: "rg", securityRules: [rule({ sourceAddressPrefix: UNKNOWN })] } },
            { type: "azure-native:network:VirtualNetwork", name: "vnet", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags Inbound Allow from *, Internet, Any and 0.0.0.0/0, on any port, inline and standalone", () => {
        expect(j.messages("star")).toEqual(['securityRules[0] "https" allows inbound from * (the internet) to port 443']);
        expect(j.messages("internet-tag")).toEqual(['securityRules[0] "r" allows inbound from Internet (the internet) to ports 20-30']);
        expect(j.messages("standalone")).toEqual(['the rule "r" allows inbound from 0.0.0.0/0 (the internet) to port 22, port 3389']);
    });
    it("matches case-insensitively and under an explicit API-version type token", () => expect(j.outcome("versioned")).toBe("violation"));
    it("passes VirtualNetwork sources, Deny and Outbound rules", () => expect(j.outcome("private")).toBe("pass"));
    it("reports an unknown source as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to virtual networks", () => expect(j.outcome("vnet")).toBe("not-applicable"));
});
