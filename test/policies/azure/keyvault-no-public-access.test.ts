import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/keyvault-no-public-access";
import { check, Judged, UNKNOWN } from "../harness";

const KV = "azure-native:keyvault:Vault";
const kv = (properties: Record<string, unknown>) => ({ resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" }, ...properties } });

describe("azure-keyvault-no-public-access", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: KV, name: "sdk-default", props: kv({ publicNetworkAccess: "enabled" }) },
            { type: KV, name: "allow", props: kv({ networkAcls: { defaultAction: "Allow" } }) },
            { type: KV, name: "disabled", props: kv({ publicNetworkAccess: "disabled" }) },
            { type: KV, name: "deny", props: kv({ publicNetworkAccess: "enabled", networkAcls: { defaultAction: "Deny", bypass: "None" } }) },
            { type: KV, name: "unknown", props: kv({ publicNetworkAccess: UNKNOWN }) },
            { type: KV, name: "deny-but-open", props: kv({ tenantId: UNKNOWN, networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }, { value: "0.0.0.0/0" }] } }) },
            { type: KV, name: "deny-office", props: kv({ tenantId: UNKNOWN, networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }] } }) },
            { type: "azure-native:keyvault:Secret", name: "secret", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags the SDK default (publicNetworkAccess enabled, no ACL) and an Allow default action", () => {
        expect(j.messages("sdk-default")).toEqual(["the vault is reachable from the internet: properties.publicNetworkAccess is enabled and properties.networkAcls.defaultAction is absent (Allow)"]);
        expect(j.outcome("allow")).toBe("violation");
    });
    it("passes disabled public access (any case) and a Deny ACL", () => {
        expect(j.outcome("disabled")).toBe("pass");
        expect(j.outcome("deny")).toBe("pass");
    });
    it("flags a Deny default undone by an IP rule that admits the internet, and passes narrow rules", () => {
        expect(j.messages("deny-but-open")).toEqual(["the vault is reachable from the internet: properties.publicNetworkAccess is absent (Enabled) and properties.networkAcls.ipRules admit 0.0.0.0/0 despite defaultAction Deny"]);
        expect(j.outcome("deny-office")).toBe("pass");
    });
    it("reports unknown access as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to vault secrets", () => expect(j.outcome("secret")).toBe("not-applicable"));
});
