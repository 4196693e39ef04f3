import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/aks-private-api";
import { check, Judged, UNKNOWN } from "../harness";

const MC = "azure-native:containerservice:ManagedCluster";
const mc = (o: Record<string, unknown>) => ({ resourceGroupName: "rg", agentPoolProfiles: [{ name: "system", mode: "System" }], ...o });

describe("azure-aks-private-api", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: MC, name: "public", props: mc({}) },
            { type: MC, name: "open-ranges", props: mc({ apiServerAccessProfile: { authorizedIPRanges: ["0.0.0.0/0"] } }) },
            { type: MC, name: "node-ips", props: mc({ apiServerAccessProfile: { enablePrivateCluster: true }, agentPoolProfiles: [{ name: "system", enableNodePublicIP: true }] }) },
            { type: "azure-native:containerservice:AgentPool", name: "pool-ip", props: { resourceGroupName: "rg", resourceName: "c", enableNodePublicIP: true } },
            { type: MC, name: "private", props: mc({ apiServerAccessProfile: { enablePrivateCluster: true } }) },
            { type: MC, name: "ranges", props: mc({ apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24"] } }) },
            { type: MC, name: "unknown", props: mc({ apiServerAccessProfile: { enablePrivateCluster: UNKNOWN } }) },
            { type: "azure-native:containerservice:MaintenanceConfiguration", name: "mc", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags a public API server with no authorized ranges (absent means public)", () => {
        expect(j.messages("public")).toEqual(["the API server is public to everyone: apiServerAccessProfile.enablePrivateCluster is not true and authorizedIPRanges is empty"]);
        expect(j.messages("open-ranges")).toEqual(["the API server's authorizedIPRanges include 0.0.0.0/0 (the internet)"]);
    });
    it("flags node public IPs in cluster profiles and standalone pools", () => {
        expect(j.messages("node-ips")).toEqual(["agentPoolProfiles[0].enableNodePublicIP is true: every node gets a public IP"]);
        expect(j.messages("pool-ip")).toEqual(["enableNodePublicIP is true: every node gets a public IP"]);
    });
    it("passes private clusters and clusters limited to named ranges", () => {
        expect(j.outcome("private")).toBe("pass");
        expect(j.outcome("ranges")).toBe("pass");
    });
    it("reports an unknown private flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to other containerservice resources", () => expect(j.outcome("mc")).toBe("not-applicable"));
});
