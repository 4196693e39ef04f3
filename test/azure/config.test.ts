import { describe, expect, it } from "vitest";
import { resolveEnvironmentDefaults } from "../../config/defaults";
import { loosenedDefaults } from "../../config/loosening";
import { parseCloudStackConfig, parseStackConfig } from "../../config/parse";
import { configProblems } from "../config-problems";

const FILE = "stacks/Pulumi.azure-t.yaml";
const azure = { "splitplane:cloud": "azure", "splitplane:environment": "dev" };
const aws = { "splitplane:cloud": "aws", "splitplane:environment": "dev" };
const GROUP = "7f3c1a52-0b6e-4d1e-9c0a-2f4b8e6d1c3a";

const problems = (flat: Record<string, string>) => configProblems(flat, FILE);
const json = (v: unknown) => JSON.stringify(v);

describe("stack config: one schema per cloud", () => {
    it("an Azure stack gets the Azure fields and their defaults", () => {
        const cfg = parseCloudStackConfig("azure", azure, FILE);
        expect(cfg.network).toMatchObject({ cidr: "10.40.0.0/16", zones: ["1", "2", "3"], podCidr: "10.244.0.0/16", deployer: { runnerSubnet: false } });
        expect(cfg.cluster).toMatchObject({ encryptionAtHost: true, nodeOsUpgradeChannel: "NodeImage", systemNodes: { vmSize: "Standard_D4ds_v5", min: 2, max: 3 } });
        expect(cfg.cluster.publicEndpointCidrs).toBeUndefined();
        expect(cfg.nodePools.general.capacityTypes).toEqual(["spot", "on-demand"]);
        expect(cfg.charts).toEqual({ nvidiaDevicePlugin: "0.20.0", truefoundry: "0.168.2", tfyAgent: "0.2.100", tfyLlmGateway: "0.168.0", argoCd: "10.1.1", argoRollouts: "2.41.0", keda: "2.20.2", elasti: "0.1.21", kubePrometheusStack: "88.5.3", metricsServer: "3.13.1", opentelemetryCollector: "0.170.0", istio: "1.30.3", externalSecrets: "2.9.0" });
        // The same section name as AWS, with Azure's fields (Flexible Server, created from phase 2).
        expect(cfg.database).toEqual({ version: "17", storageGb: 64, backupRetentionDays: 14, extensions: ["VECTOR"], adminServiceAccounts: [] });
    });

    it("an AWS-only key in an Azure stack names the key and both clouds", () => {
        expect(problems({ ...azure, "splitplane:network": json({ vpcEndpoints: ["sts"] }) })).toEqual([
            `${FILE}: splitplane:network.vpcEndpoints does not apply to azure stacks (it is a key of aws stacks); known keys here: cidr, zones, podCidr, serviceCidr, dnsServiceIp, natIdleTimeoutMinutes, deployer`,
        ]);
        const lines = problems({ ...azure, "splitplane:database": json({ instanceClass: "db.t4g.medium" }), "splitplane:charts": json({ karpenter: "1.14.1" }) });
        expect(lines).toHaveLength(2);
        expect(lines.some((l) => l.startsWith(`${FILE}: splitplane:database.instanceClass does not apply to azure stacks (it is a key of aws stacks)`))).toBe(true);
        expect(lines.some((l) => l.startsWith(`${FILE}: splitplane:charts.karpenter does not apply to azure stacks (it is a key of aws stacks)`))).toBe(true);
    });

    it("an Azure-only key in an AWS stack is refused the same way, with the intended AWS key suggested", () => {
        expect(problems({ ...aws, "splitplane:cluster": json({ systemNodes: { vmSize: "Standard_D4ds_v5" } }) })).toEqual([
            `${FILE}: splitplane:cluster.systemNodes.vmSize does not apply to aws stacks (it is a key of azure stacks); known keys here: instanceType, min, max`,
        ]);
        expect(problems({ ...aws, "splitplane:network": json({ zones: ["1"] }) })[0]).toContain("splitplane:network.zones does not apply to aws stacks");
    });

    it("a key of neither cloud is still a plain unknown key with a suggestion", () => {
        expect(problems({ ...azure, "splitplane:network": json({ zone: ["1"] }) })[0]).toBe(
            `${FILE}: splitplane:network.zone is not a known key (did you mean splitplane:network.zones?); known keys here: cidr, zones, podCidr, serviceCidr, dnsServiceIp, natIdleTimeoutMinutes, deployer`,
        );
    });

    it("bad Azure values name the file, key, expectation and value", () => {
        expect(problems({ ...azure, "splitplane:cluster": json({ admins: ["platform-admins"] }) })).toEqual([
            `${FILE}: splitplane:cluster.admins[0] must be an Entra ID group object id (a GUID such as 7f3c1a52-0b6e-4d1e-9c0a-2f4b8e6d1c3a) (got "platform-admins")`,
        ]);
        expect(problems({ ...azure, "splitplane:cluster": json({ systemNodes: { vmSize: "m7i.large" } }) })).toEqual([
            `${FILE}: splitplane:cluster.systemNodes.vmSize must be an Azure VM size such as Standard_D4ds_v5 (got "m7i.large")`,
        ]);
        expect(problems({ ...azure, "splitplane:cluster": json({ publicEndpointCidrs: ["0.0.0.0/0"] }) })).toEqual([
            `${FILE}: splitplane:cluster.publicEndpointCidrs[0] must not be a /0 (the whole internet) (got "0.0.0.0/0")`,
        ]);
        expect(problems({ ...azure, "splitplane:network": json({ deployer: { vnetId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub" } }) })).toEqual([
            `${FILE}: splitplane:network.deployer.vnetCidr must be set when network.deployer.vnetId is set (the peered VNet's address space) (got nothing)`,
        ]);
    });

    it("the cloud is judged first: a missing or unknown cloud is the one problem reported", () => {
        expect(problems({ "splitplane:environment": "dev", "splitplane:phase": "9" })).toEqual([`${FILE}: splitplane:cloud must be one of "aws", "azure" (got nothing)`]);
    });

    it("parseCloudStackConfig refuses a stack of the other cloud", () => {
        expect(() => parseCloudStackConfig("aws", azure, FILE)).toThrow(`${FILE}: splitplane:cloud must be "aws" here (got "azure")`);
    });

    it("tier defaults: the uptime SLA tier outside dev; GPUs from phase 2", () => {
        const at = (environment: string, phase: number) => resolveEnvironmentDefaults(parseCloudStackConfig("azure", { ...azure, "splitplane:environment": environment, "splitplane:phase": String(phase) }, FILE));
        expect(at("dev", 0).cluster.skuTier).toBe("Free");
        expect(at("prod", 0).cluster.skuTier).toBe("Standard");
        expect(at("dev", 1).nodePools.gpu.enabled).toBe(false);
        expect(at("dev", 2).nodePools.gpu.enabled).toBe(true);
        expect(at("prod", 3)).toMatchObject({ hardened: true, protectStateful: true });
    });

    it("Azure loosenings show in the plan report", () => {
        const cfg = parseStackConfig(
            { ...azure, "splitplane:environment": "prod", "splitplane:cluster": json({ admins: [GROUP], publicEndpointCidrs: ["203.0.113.0/24"], encryptionAtHost: false, skuTier: "Free" }) },
            FILE,
        );
        expect(loosenedDefaults(cfg)).toEqual([
            "splitplane:cluster.publicEndpointCidrs: the AKS API server is public, reachable from 203.0.113.0/24",
            "splitplane:cluster.encryptionAtHost: node OS and temp disks are not encrypted at the host",
            "splitplane:cluster.skuTier: the prod API server runs without the uptime SLA (Free tier)",
        ]);
        expect(loosenedDefaults(parseStackConfig({ ...azure, "splitplane:cluster": json({ admins: [GROUP] }) }, FILE))).toEqual([]);
    });
});

describe("Azure example stacks", () => {
    const root = require("node:path").resolve(__dirname, "../..");
    it.each(["azure-phase0", "azure-phase1", "azure-phase2", "azure-phase3-prod"])("%s loads clean, loosens no secure default and passes the Azure checks", async (stack) => {
        const { loadStackFile } = await import("../../config/load");
        const { azureConfigProblems } = await import("../../stacks/azure/validate");
        const loaded = loadStackFile(require("node:path").join(root, "stacks", `Pulumi.${stack}.yaml`), root);
        expect(loaded.secretKeys).toEqual([]);
        expect(loosenedDefaults(loaded.splitplane)).toEqual([]);
        expect(loaded.splitplane.cloud).toBe("azure");
        if (loaded.splitplane.cloud !== "azure") return;
        expect(azureConfigProblems(resolveEnvironmentDefaults(loaded.splitplane), loaded.file, stack, loaded.values["azure-native:location"])).toEqual([]);
    });
});
