import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/no-local-auth";
import { check, Judged, UNKNOWN } from "../harness";

describe("azure-no-local-auth", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "azure-native:containerregistry:Registry", name: "acr-admin", props: { resourceGroupName: "rg", sku: { name: "Premium" }, adminUserEnabled: true } },
            { type: "azure-native:containerregistry:Registry", name: "acr", props: { resourceGroupName: "rg", sku: { name: "Premium" } } },
            { type: "azure-native:cosmosdb:DatabaseAccount", name: "cosmos", props: { resourceGroupName: "rg", databaseAccountOfferType: "Standard", locations: [] } },
            { type: "azure-native:servicebus:Namespace", name: "sb", props: { resourceGroupName: "rg", disableLocalAuth: false } },
            { type: "azure-native:cognitiveservices:Account", name: "openai", props: { resourceGroupName: "rg", kind: "OpenAI", properties: {} } },
            { type: "azure-native:cognitiveservices:Account", name: "openai-entra", props: { resourceGroupName: "rg", kind: "OpenAI", properties: { disableLocalAuth: true } } },
            { type: "azure-native:eventhub:Namespace", name: "eh", props: { resourceGroupName: "rg", disableLocalAuth: true } },
            { type: "azure-native:servicebus:Namespace", name: "unknown", props: { resourceGroupName: "rg", disableLocalAuth: UNKNOWN } },
            { type: "azure-native:servicebus:Queue", name: "queue", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags a registry admin user", () => expect(j.messages("acr-admin")).toEqual(["adminUserEnabled is true: the registry has a static admin password"]));
    it("treats absent disableLocalAuth as keys enabled (Cosmos DB, Azure OpenAI) and flags explicit false", () => {
        expect(j.messages("cosmos")).toEqual(["disableLocalAuth is absent, so access keys work"]);
        expect(j.messages("openai")).toEqual(["properties.disableLocalAuth is absent, so access keys work"]);
        expect(j.messages("sb")).toEqual(["disableLocalAuth is false"]);
    });
    it("passes registries without admin users and Entra-only services", () => {
        expect(j.outcome("acr")).toBe("pass");
        expect(j.outcome("openai-entra")).toBe("pass");
        expect(j.outcome("eh")).toBe("pass");
    });
    it("reports an unknown flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to queues", () => expect(j.outcome("queue")).toBe("not-applicable"));
});
