import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/storage-no-public-access";
import { check, Judged, UNKNOWN } from "../harness";

const SA = "azure-native:storage:StorageAccount";
const sa = (o: Record<string, unknown>) => ({ resourceGroupName: "rg", kind: "StorageV2", sku: { name: "Standard_ZRS" }, ...o });

describe("azure-storage-no-public-access", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: SA, name: "defaults", props: sa({}) },
            { type: SA, name: "enabled-allow", props: sa({ allowBlobPublicAccess: false, publicNetworkAccess: "Enabled", networkRuleSet: { defaultAction: "Allow" } }) },
            { type: SA, name: "private", props: sa({ allowBlobPublicAccess: false, publicNetworkAccess: "Disabled" }) },
            { type: SA, name: "deny", props: sa({ allowBlobPublicAccess: false, networkRuleSet: { defaultAction: "Deny" } }) },
            { type: SA, name: "unknown", props: sa({ allowBlobPublicAccess: false, publicNetworkAccess: UNKNOWN }) },
            { type: SA, name: "deny-but-open", props: sa({ allowBlobPublicAccess: false, networkRuleSet: { defaultAction: "Deny", ipRules: [{ iPAddressOrRange: "0.0.0.0/1" }, { iPAddressOrRange: "128.0.0.0/1" }] } }) },
            { type: "azure-native:storage:BlobContainer", name: "container", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags absent settings: blob public access allowed and the account open to the internet", () => {
        expect(j.messages("defaults")).toEqual([
            "allowBlobPublicAccess is absent (containers may allow anonymous reads)",
            "the account is reachable from the internet: publicNetworkAccess is absent (Enabled) and networkRuleSet.defaultAction is absent (Allow)",
        ]);
        expect(j.messages("enabled-allow")).toEqual(["the account is reachable from the internet: publicNetworkAccess is Enabled and networkRuleSet.defaultAction is Allow"]);
    });
    it("passes disabled public access and a Deny default action", () => {
        expect(j.outcome("private")).toBe("pass");
        expect(j.outcome("deny")).toBe("pass");
    });
    it("flags a Deny default undone by IP rules that admit the internet", () => {
        expect(j.messages("deny-but-open")).toEqual(["the account is reachable from the internet: publicNetworkAccess is absent (Enabled) and networkRuleSet.ipRules admit 0.0.0.0/1, 128.0.0.0/1 despite defaultAction Deny"]);
    });
    it("reports unknown access as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to containers", () => expect(j.outcome("container")).toBe("not-applicable"));
});
