import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/storage-no-shared-key";
import { check, Judged, UNKNOWN } from "../harness";

const SA = "azure-native:storage:StorageAccount";
const sa = (o: Record<string, unknown>) => ({ resourceGroupName: "rg", kind: "StorageV2", sku: { name: "Standard_ZRS" }, ...o });

describe("azure-storage-no-shared-key", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: SA, name: "absent", props: sa({}) },
            { type: SA, name: "enabled", props: sa({ allowSharedKeyAccess: true }) },
            { type: SA, name: "disabled", props: sa({ allowSharedKeyAccess: false }) },
            { type: SA, name: "unknown", props: sa({ allowSharedKeyAccess: UNKNOWN }) },
            { type: "azure-native:storage/v20230501:StorageAccount", name: "versioned", props: sa({}) },
            { type: "azure-native:storage:BlobContainer", name: "container", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("treats an absent allowSharedKeyAccess as enabled, at mandatory level", () => {
        expect(j.messages("absent")).toEqual(["allowSharedKeyAccess is absent, which means enabled: account keys are static credentials"]);
        expect(j.of("absent")[0].enforcementLevel).toBe("mandatory");
        expect(j.outcome("enabled")).toBe("violation");
    });
    it("passes shared keys disabled", () => expect(j.outcome("disabled")).toBe("pass"));
    it("judges API-versioned type tokens too", () => expect(j.outcome("versioned")).toBe("violation"));
    it("reports an unknown flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to containers", () => expect(j.outcome("container")).toBe("not-applicable"));
});
