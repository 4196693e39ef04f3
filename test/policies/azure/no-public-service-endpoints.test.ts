import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/no-public-service-endpoints";
import { check, Judged, UNKNOWN } from "../harness";

const rg = { resourceGroupName: "rg" };
const AI = "azure-native:cognitiveservices:Account";
const ACR = "azure-native:containerregistry:Registry";
const COSMOS = "azure-native:cosmosdb:DatabaseAccount";
const APPGW = "azure-native:network:ApplicationGateway";
const FE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/gw/frontendIPConfigurations";
const appgw = (listenOn: unknown) => ({
    ...rg,
    sku: { name: "Standard_v2", tier: "Standard_v2" },
    frontendIPConfigurations: [
        { name: "public", publicIPAddress: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/gw" } },
        { name: "private", privateIPAddress: "10.0.4.10", privateIPAllocationMethod: "Static", subnet: { id: "snet" } },
    ],
    httpListeners: [{ name: "https", protocol: "Https", frontendIPConfiguration: { id: listenOn } }],
});

describe("azure-no-public-service-endpoints", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: AI, name: "openai-default", props: { ...rg, kind: "OpenAI", properties: { disableLocalAuth: true } } },
            { type: AI, name: "openai-private", props: { ...rg, kind: "OpenAI", properties: { publicNetworkAccess: "Disabled" } } },
            { type: AI, name: "openai-deny", props: { ...rg, kind: "OpenAI", properties: { networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }] } } } },
            { type: "azure-native:cognitiveservices/v20241001:Account", name: "openai-versioned", props: { ...rg, kind: "OpenAI", properties: { publicNetworkAccess: "Enabled" } } },
            { type: ACR, name: "acr-default", props: { ...rg, sku: { name: "Premium" } } },
            { type: ACR, name: "acr-private", props: { ...rg, sku: { name: "Premium" }, publicNetworkAccess: "Disabled" } },
            { type: COSMOS, name: "cosmos-open", props: { ...rg, databaseAccountOfferType: "Standard", locations: [] } },
            { type: COSMOS, name: "cosmos-filtered", props: { ...rg, databaseAccountOfferType: "Standard", locations: [], isVirtualNetworkFilterEnabled: true } },
            { type: COSMOS, name: "cosmos-everyone", props: { ...rg, databaseAccountOfferType: "Standard", locations: [], ipRules: [{ ipAddressOrRange: "0.0.0.0/0" }] } },
            { type: "azure-native:sql:Server", name: "sql-default", props: { ...rg } },
            { type: "azure-native:sql:Server", name: "sql-private", props: { ...rg, publicNetworkAccess: "Disabled" } },
            { type: "azure-native:sql:Server", name: "sql-unknown", props: { ...rg, publicNetworkAccess: UNKNOWN } },
            { type: "azure-native:redis:Redis", name: "redis-default", props: { ...rg, sku: { name: "Premium", family: "P", capacity: 1 } } },
            { type: "azure-native:web:WebApp", name: "web-default", props: { ...rg } },
            { type: "azure-native:web:WebApp", name: "web-restricted", props: { ...rg, siteConfig: { ipSecurityRestrictionsDefaultAction: "Deny" } } },
            { type: "azure-native:servicebus:Namespace", name: "bus-default", props: { ...rg } },
            { type: "azure-native:app:ManagedEnvironment", name: "aca-external", props: { ...rg } },
            { type: "azure-native:app:ManagedEnvironment", name: "aca-internal", props: { ...rg, vnetConfiguration: { internal: true, infrastructureSubnetId: "snet" } } },
            { type: "azure-native:network:LoadBalancer", name: "lb-public", props: { ...rg, frontendIPConfigurations: [{ name: "fe", publicIPAddress: { id: "pip" } }] } },
            { type: "azure-native:network:LoadBalancer", name: "lb-internal", props: { ...rg, frontendIPConfigurations: [{ name: "fe", subnet: { id: "snet" } }] } },
            { type: APPGW, name: "appgw-public-listener", props: appgw(`${FE}/public`) },
            { type: APPGW, name: "appgw-private-listener", props: appgw(`${FE}/private`) },
            { type: APPGW, name: "appgw-unknown-listener", props: appgw(UNKNOWN) },
            { type: "azure-native:network:PublicIPAddress", name: "nat-ip", props: { ...rg, sku: { name: "Standard" } } },
        ]);
    });

    it("flags AI services / OpenAI with public access and no deny-by-default rule, in any API version", () => {
        expect(j.messages("openai-default")).toEqual(["the service is reachable from the internet: properties.publicNetworkAccess is absent (Enabled) and networkAcls.defaultAction is absent (Allow)"]);
        expect(j.of("openai-default")[0].enforcementLevel).toBe("mandatory");
        expect(j.outcome("openai-versioned")).toBe("violation");
        expect(j.outcome("openai-private")).toBe("pass");
        expect(j.outcome("openai-deny")).toBe("pass");
    });
    it("flags registries, SQL servers, Redis, Service Bus by their publicNetworkAccess (absent is Enabled)", () => {
        expect(j.outcome("acr-default")).toBe("violation");
        expect(j.outcome("acr-private")).toBe("pass");
        expect(j.messages("sql-default")).toEqual(["publicNetworkAccess is absent (Enabled): the service has a public endpoint; set Disabled and use a private endpoint"]);
        expect(j.outcome("sql-private")).toBe("pass");
        expect(j.outcome("redis-default")).toBe("violation");
        expect(j.outcome("bus-default")).toBe("violation");
    });
    it("flags Cosmos DB open to anyone, passes a virtual-network filter", () => {
        expect(j.outcome("cosmos-open")).toBe("violation");
        expect(j.messages("cosmos-everyone")).toEqual(["ipRules admit 0.0.0.0/0 (the internet)"]);
        expect(j.outcome("cosmos-filtered")).toBe("pass");
    });
    it("flags public web apps unless access restrictions deny by default", () => {
        expect(j.outcome("web-default")).toBe("violation");
        expect(j.outcome("web-restricted")).toBe("pass");
    });
    it("flags external Container Apps environments", () => {
        expect(j.outcome("aca-external")).toBe("violation");
        expect(j.outcome("aca-internal")).toBe("pass");
    });
    it("flags public load balancer frontends and Application Gateway listeners on the public frontend only", () => {
        expect(j.messages("lb-public")).toEqual(["frontendIPConfigurations[0] has publicIPAddress: the load balancer listens on the internet"]);
        expect(j.outcome("lb-internal")).toBe("pass");
        expect(j.messages("appgw-public-listener")).toEqual(["httpListeners[0] listens on the public frontend public: the gateway serves the internet; put listeners on the private frontend"]);
        // A v2 SKU needs its public frontend; a listener only on the private one is no exposure.
        expect(j.outcome("appgw-private-listener")).toBe("pass");
    });
    it("reports unknown values as unknown", () => {
        expect(j.outcome("sql-unknown")).toBe("unknown");
        expect(j.outcome("appgw-unknown-listener")).toBe("unknown");
    });
    it("is not applicable to a public IP on its own (a NAT gateway's is outbound only)", () => expect(j.outcome("nat-ip")).toBe("not-applicable"));
});
