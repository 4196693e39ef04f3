import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/storage-tls-disk-encryption";
import { check, Judged, UNKNOWN } from "../harness";

const SA = "azure-native:storage:StorageAccount";

describe("azure-storage-tls-disk-encryption", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: SA, name: "http", props: { resourceGroupName: "rg", enableHttpsTrafficOnly: false, minimumTlsVersion: "TLS1_0" } },
            { type: SA, name: "no-tls", props: { resourceGroupName: "rg" } },
            { type: SA, name: "good", props: { resourceGroupName: "rg", enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2" } },
            { type: "azure-native:containerservice:ManagedCluster", name: "aks", props: { resourceGroupName: "rg", agentPoolProfiles: [{ name: "system", enableEncryptionAtHost: true }, { name: "gpu" }] } },
            { type: "azure-native:containerservice:AgentPool", name: "pool", props: { resourceGroupName: "rg", enableEncryptionAtHost: true } },
            { type: SA, name: "unknown", props: { resourceGroupName: "rg", minimumTlsVersion: UNKNOWN } },
            { type: "azure-native:compute:Disk", name: "disk", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("is advisory and flags HTTP and old/absent TLS", () => {
        expect(j.messages("http")).toEqual(["enableHttpsTrafficOnly is false: clients may use plain HTTP", "minimumTlsVersion is TLS1_0; require TLS1_2"]);
        expect(j.messages("no-tls")).toEqual(["minimumTlsVersion is absent; require TLS1_2"]);
        expect(j.of("http")[0].enforcementLevel).toBe("advisory");
    });
    it("flags node pools without encryption at host", () => expect(j.messages("aks")).toEqual(["agentPoolProfiles[1] does not enable encryption at host (temp disks and caches unencrypted)"]));
    it("passes HTTPS-only TLS 1.2 storage and encrypted pools", () => {
        expect(j.outcome("good")).toBe("pass");
        expect(j.outcome("pool")).toBe("pass");
    });
    it("reports unknown TLS as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to managed disks (always encrypted at rest)", () => expect(j.outcome("disk")).toBe("not-applicable"));
});
