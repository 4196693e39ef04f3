import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { AppGatewayEdge } from "../../components/azure/app-gateway";
import { BUILTIN_ROLE } from "../../components/azure/roles";
import { ConfigError } from "../../config/errors";
import { loosenedDefaults } from "../../config/loosening";
import { parseStackConfig } from "../../config/parse";
import { byType, dependsOn, inputsOf, outputsOf } from "../../engine/testing";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { stackFileConfig } from "../aws/scenario";
import { runStack } from "../platform/operations/fixtures";
import { AZ, named } from "./scenario";

/**
 * The edge in front of the mesh's internal ingress: Application Gateway WAF_v2 (phase 0 on) with a
 * WAF policy in Prevention mode on the OWASP rule set, a private frontend by default, and one
 * backend pool holding the mesh ingress gateway's static internal load-balancer IP.
 */

const T = {
    gateway: "azure-native:network:ApplicationGateway",
    waf: "azure-native:network:WebApplicationFirewallPolicy",
    vnet: "azure-native:network:VirtualNetwork",
} as const;
const FILE = "stacks/Pulumi.azure-phase0.yaml";
const DEV = stackFileConfig("azure-phase0");
/** The azure-phase0 example with one section's keys replaced. */
const withIngress = (ingress: unknown) => ({ ...DEV, "splitplane:ingress": JSON.stringify(ingress) });

const rulesOf = (run: ProgramRun) => inputsOf(named(run, AZ.nsg, "network-nsg-appGateway")).securityRules as { name: string; sourceAddressPrefix?: string; sourceAddressPrefixes?: string[]; destinationPortRange?: string; access: string }[];

let dev: ProgramRun;
beforeAll(async () => {
    dev = await runStack("azure-phase0", DEV);
}, 60_000);

describe("Application Gateway WAF_v2, defaults (the azure-phase0 example, phase 0)", () => {
    it("a WAF_v2 gateway with a WAF policy in Prevention mode on the OWASP 3.2 managed rules", () => {
        const waf = named(dev, T.waf, "edge-waf");
        expect(inputsOf(waf).policySettings).toMatchObject({ state: "Enabled", mode: "Prevention", requestBodyCheck: true });
        expect(inputsOf(waf).managedRules.managedRuleSets).toEqual([{ ruleSetType: "OWASP", ruleSetVersion: "3.2" }]);
        const gw = inputsOf(named(dev, T.gateway, "edge-gateway"));
        expect(gw.sku).toEqual({ name: "WAF_v2", tier: "WAF_v2" });
        expect(gw.firewallPolicy).toEqual({ id: waf.id });
        expect(gw.zones).toEqual(["1", "2", "3"]);
    });

    it("no public frontend: one static private frontend IP in the Application Gateway subnet, and no public IP besides NAT's", () => {
        const gw = inputsOf(named(dev, T.gateway, "edge-gateway"));
        const subnet = named(dev, AZ.subnet, "network-subnet-appGateway");
        expect(gw.frontendIPConfigurations).toEqual([{ name: "private", privateIPAllocationMethod: "Static", privateIPAddress: "10.60.17.4", subnet: { id: subnet.id } }]);
        expect(gw.gatewayIPConfigurations).toEqual([{ name: "gateway", subnet: { id: subnet.id } }]);
        expect(gw.httpListeners.map((l: any) => l.frontendIPConfiguration.id)).toEqual([`${named(dev, T.gateway, "edge-gateway").id}/frontendIPConfigurations/private`]);
        expect(byType(dev, AZ.pip).map((p) => p.name)).toEqual(["network-nat-ip"]);
        expect(dev.outputs.appGatewayPrivateIp).toBe("10.60.17.4");
    });

    it("the backend pool is the mesh ingress gateway's internal load balancer IP (the contract's gatewayServiceIp), probed on Istio's readiness port", () => {
        const gw = inputsOf(named(dev, T.gateway, "edge-gateway"));
        expect(gw.backendAddressPools).toEqual([{ name: "mesh-ingress", backendAddresses: [{ ipAddress: dev.outputs.ingressPrivateIp }] }]);
        expect(dev.outputs.ingressPrivateIp).toBe("10.60.18.132");
        expect(gw.probes[0]).toMatchObject({ protocol: "Http", port: 15021, path: "/healthz/ready", host: "10.60.18.132" });
        expect(gw.backendHttpSettingsCollection[0]).toMatchObject({ port: 80, protocol: "Http", probe: { id: `${named(dev, T.gateway, "edge-gateway").id}/probes/mesh-ready` } });
        expect(gw.requestRoutingRules).toHaveLength(1);
    });

    it("network isolation: the Application Gateway subnet admits no GatewayManager traffic, only Azure's probes and the VNet", () => {
        const allows = rulesOf(dev).filter((r) => r.access === "Allow");
        expect(allows.map((r) => r.sourceAddressPrefix ?? r.sourceAddressPrefixes)).toEqual(["AzureLoadBalancer", "VirtualNetwork"]);
        const cfg = parseStackConfig(DEV, FILE);
        if (cfg.cloud !== "azure") throw new Error("azure-phase0 is an azure stack");
        expect(cfg.ingress.appGateway).toMatchObject({ enabled: true, networkIsolation: true, frontend: "private", wafMode: "Prevention" });
        expect(loosenedDefaults(parseStackConfig(DEV, FILE)).filter((l) => l.includes("appGateway"))).toEqual([]);
    });

    it("destroy-safe: the gateway depends on its subnet (removed before the network), and on nothing of the cluster (it builds in parallel: its backend is an IP by value)", () => {
        const gw = named(dev, T.gateway, "edge-gateway");
        expect(dependsOn(dev, gw, named(dev, AZ.subnet, "network-subnet-appGateway"))).toBe(true);
        expect(dependsOn(dev, gw, named(dev, AZ.cluster, "cluster-aks"))).toBe(false);
        // The mesh's gateway release, whose Service is the internal load balancer, holds the cluster and so the ingress subnet.
        const meshGateway = byType(dev, "kubernetes:helm.sh/v3:Release").filter((r) => inputsOf(r).chart === "gateway");
        expect(meshGateway).toHaveLength(1);
        expect(dependsOn(dev, meshGateway[0], named(dev, AZ.subnet, "network-subnet-ingress"))).toBe(true);
    });

    it("destroy-safe: whatever waits for the plane (the mesh's internal LoadBalancer Service among it) is removed before the ingress subnet", () => {
        const ingressSubnet = named(dev, AZ.subnet, "network-subnet-ingress");
        // The cluster, which every platform resource depends on through plane.ready, holds the ingress subnet.
        expect(dependsOn(dev, named(dev, AZ.cluster, "cluster-aks"), ingressSubnet)).toBe(true);
        const lbServices = byType(dev, "kubernetes:core/v1:Service").filter((s) => inputsOf(s).spec?.type === "LoadBalancer");
        for (const s of lbServices) expect(dependsOn(dev, s, ingressSubnet)).toBe(true);
        // Every Helm release (the mesh's gateway chart, when the mesh lands, is one) waits for the cluster too.
        for (const r of byType(dev, "kubernetes:helm.sh/v3:Release")) expect(dependsOn(dev, r, ingressSubnet)).toBe(true);
    });
});

describe("the edge waits for what it is handed", () => {
    it("created after, so removed before, the resources passed in after", async () => {
        const run = await runProgram({
            stack: "edge",
            program: async () => {
                const service = new k8s.core.v1.Service("ingress-gateway", { metadata: { name: "istio-ingressgateway", namespace: "istio-ingress" }, spec: { type: "LoadBalancer", loadBalancerIP: "10.40.18.132", ports: [{ port: 80 }] } });
                new AppGatewayEdge("edge", {
                    resourceGroupName: "rg",
                    location: "westeurope",
                    subscriptionId: "00000000-0000-4000-8000-000000000001",
                    gatewayName: "agw-t",
                    subnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-appgw",
                    zones: ["1", "2"],
                    privateIp: "10.40.17.4",
                    networkIsolation: true,
                    publicFrontend: false,
                    wafMode: "Prevention",
                    minCapacity: 1,
                    maxCapacity: 2,
                    backend: { ip: "10.40.18.132", port: 80, healthCheckPath: "/healthz/ready", healthCheckPort: 15021 },
                    after: [service],
                    tags: {},
                });
                return {};
            },
        });
        expect(dependsOn(run, named(run, T.gateway, "edge-gateway"), named(run, "kubernetes:core/v1:Service", "ingress-gateway"))).toBe(true);
    });
});

describe("loosening the edge takes a named option and is reported", () => {
    it("without network isolation: a management public IP with no listener on it, and GatewayManager on 65200-65535 only", async () => {
        const cfg = withIngress({ appGateway: { networkIsolation: false } });
        const run = await runStack("azure-phase0", cfg);
        const gw = inputsOf(named(run, T.gateway, "edge-gateway"));
        const ip = named(run, AZ.pip, "edge-ip");
        expect(gw.frontendIPConfigurations.map((f: any) => f.name)).toEqual(["private", "public"]);
        expect(gw.frontendIPConfigurations[1].publicIPAddress).toEqual({ id: ip.id });
        expect(gw.httpListeners.map((l: any) => l.frontendIPConfiguration.id.split("/").pop())).toEqual(["private"]);
        const gm = rulesOf(run).filter((r) => r.sourceAddressPrefix === "GatewayManager");
        expect(gm).toEqual([expect.objectContaining({ access: "Allow", destinationPortRange: "65200-65535" })]);
        expect(loosenedDefaults(parseStackConfig(cfg, FILE))).toContain("splitplane:ingress.appGateway.networkIsolation: the Application Gateway has a public IP for its management traffic (no listener on it) and its subnet admits GatewayManager on 65200-65535");
    }, 60_000);

    it("a public frontend: HTTPS only on the public IP for the listed clients, the certificate read from Key Vault with a grant on that secret alone", async () => {
        const cfg = withIngress({ appGateway: { frontend: "public", publicAllowedCidrs: ["203.0.113.0/24"], tlsCertificateSecret: "edge-tls" } });
        const run = await runStack("azure-phase0", cfg);
        const gwRes = named(run, T.gateway, "edge-gateway");
        const gw = inputsOf(gwRes);
        expect(gw.httpListeners).toEqual([expect.objectContaining({ protocol: "Https", frontendIPConfiguration: { id: `${gwRes.id}/frontendIPConfigurations/public` }, sslCertificate: { id: `${gwRes.id}/sslCertificates/listener` } })]);
        expect(gw.frontendPorts).toEqual([{ name: "https", port: 443 }]);
        expect(gw.sslPolicy).toEqual({ policyType: "Predefined", policyName: "AppGwSslPolicy20220101S" });
        expect(gw.sslCertificates).toEqual([{ name: "listener", keyVaultSecretId: expect.stringMatching(/^https:\/\/kv-azure-phase0-[a-z0-9]+\.vault\.azure\.net\/secrets\/edge-tls$/) }]);
        expect(JSON.stringify(gw.sslCertificates)).not.toMatch(/password|"data"/);
        const identity = named(run, AZ.identity, "edge-identity");
        expect(gw.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [identity.id] });
        const grant = inputsOf(named(run, AZ.role, "edge-certificate-reader"));
        expect(grant).toMatchObject({ principalId: outputsOf(identity).principalId, scope: `${named(run, AZ.vault, "secrets-vault").id}/secrets/edge-tls` });
        expect(grant.roleDefinitionId).toMatch(new RegExp(`${BUILTIN_ROLE.keyVaultSecretsUser}$`));
        expect(rulesOf(run).filter((r) => r.access === "Allow").map((r) => r.sourceAddressPrefix ?? r.sourceAddressPrefixes)).toContainEqual(["203.0.113.0/24"]);
        expect(loosenedDefaults(parseStackConfig(cfg, FILE))).toContain("splitplane:ingress.appGateway.frontend: the Application Gateway listens on a public IP (HTTPS), admitting 203.0.113.0/24");
    }, 60_000);

    it("no WAF at all, or a WAF that only logs, are reported", () => {
        expect(loosenedDefaults(parseStackConfig(withIngress({ appGateway: { enabled: false } }), FILE))).toContain("splitplane:ingress.appGateway.enabled: no web application firewall in front of the mesh's internal ingress");
        expect(loosenedDefaults(parseStackConfig(withIngress({ appGateway: { wafMode: "Detection" } }), FILE))).toContain("splitplane:ingress.appGateway.wafMode: the WAF only logs what it would block (Detection)");
    });
});

describe("bad edge input: a ConfigError naming file, key, expected and got, nothing registered", () => {
    const parse = (ingress: unknown) => () => parseStackConfig(withIngress(ingress), FILE);

    it("a public frontend without the explicit client ranges and certificate", () => {
        expect(parse({ appGateway: { frontend: "public" } })).toThrow(ConfigError);
        expect(parse({ appGateway: { frontend: "public" } })).toThrow(`${FILE}: splitplane:ingress.appGateway.publicAllowedCidrs must be set when ingress.appGateway.frontend is public (name the clients the public listener admits) (got nothing)`);
        expect(parse({ appGateway: { frontend: "public", publicAllowedCidrs: ["203.0.113.0/24"] } })).toThrow(`${FILE}: splitplane:ingress.appGateway.tlsCertificateSecret must be set when ingress.appGateway.frontend is public (no plain-HTTP public listener) (got nothing)`);
    });

    it("public client ranges without choosing the public frontend", () => {
        expect(parse({ appGateway: { publicAllowedCidrs: ["0.0.0.0/0"] } })).toThrow(`${FILE}: splitplane:ingress.appGateway.publicAllowedCidrs must be unset unless ingress.appGateway.frontend is "public" (the explicit option for a public listener) (got ["0.0.0.0/0"])`);
    });

    it("a backend IP outside the ingress subnet, a frontend IP outside the Application Gateway subnet", async () => {
        await expect(runStack("azure-phase0", withIngress({ privateIp: "10.60.17.10" }))).rejects.toThrow(`${FILE}: splitplane:ingress.privateIp must be an assignable address of the ingress subnet 10.60.18.128/26 (Azure keeps its first four and its last) (got "10.60.17.10")`);
        await expect(runStack("azure-phase0", withIngress({ appGateway: { privateIp: "10.60.18.140" } }))).rejects.toThrow(`${FILE}: splitplane:ingress.appGateway.privateIp must be an assignable address of the Application Gateway subnet 10.60.17.0/24 (Azure keeps its first four and its last) (got "10.60.18.140")`);
    }, 60_000);

    it("a WAF mode that is not Prevention or Detection", () => {
        expect(parse({ appGateway: { wafMode: "Off" } })).toThrow(`${FILE}: splitplane:ingress.appGateway.wafMode must be one of "Prevention", "Detection" (got "Off")`);
    });
});
