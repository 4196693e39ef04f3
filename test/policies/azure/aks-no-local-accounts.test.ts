import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/aks-no-local-accounts";
import { check, Judged, UNKNOWN } from "../harness";

const MC = "azure-native:containerservice:ManagedCluster";
const SECRET = "sp-Secret-Value-1234";

describe("azure-aks-no-local-accounts", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: MC, name: "absent", props: { resourceGroupName: "rg" } },
            { type: MC, name: "sp-secret", props: { resourceGroupName: "rg", disableLocalAccounts: true, servicePrincipalProfile: { clientId: "c", secret: SECRET } } },
            { type: MC, name: "entra", props: { resourceGroupName: "rg", disableLocalAccounts: true, aadProfile: { managed: true, enableAzureRBAC: true } } },
            { type: MC, name: "unknown", props: { resourceGroupName: "rg", disableLocalAccounts: UNKNOWN } },
            { type: "azure-native:containerservice:AgentPool", name: "pool", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("treats absent disableLocalAccounts as local accounts on", () => expect(j.messages("absent")).toEqual(["disableLocalAccounts is absent, so local accounts are on: the cluster admin credential is static"]));
    it("flags a service-principal secret without echoing it", () => {
        expect(j.messages("sp-secret")).toEqual(["servicePrincipalProfile.secret is set: use a managed identity"]);
        expect(j.messages("sp-secret").join()).not.toContain(SECRET);
    });
    it("passes Entra-only clusters", () => expect(j.outcome("entra")).toBe("pass"));
    it("reports an unknown flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to agent pools", () => expect(j.outcome("pool")).toBe("not-applicable"));
});
