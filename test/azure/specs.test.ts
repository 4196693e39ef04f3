import { describe, expect, it } from "vitest";
import { clusterEntryOf, kubeloginKubeconfig } from "../../components/azure/kubeconfig";
import { nsgRulesFor } from "../../components/azure/nsg-rules";
import { planAddresses, SubnetRole } from "../../components/azure/address-plan";
import { placements, priorityExpanderPriorities, SPOT_POOL_PATTERN, spotPoolName, userPoolSpecs } from "../../components/azure/pool-specs";
import { agentPoolArgs } from "../../components/azure/node-pools";
import { federatedCredentialSpec, serviceAccountSubject } from "../../components/azure/workload-identity";
import { secretReadPermissions, vaultNameFor } from "../../components/azure/key-vault";
import { isInternetSource } from "../../policies/lib/net";

const POOLS = {
    general: { capacityTypes: ["spot", "on-demand"] as ("spot" | "on-demand")[], spotVmSizes: ["Standard_D4ds_v5", "Standard_D4as_v5"], spotMax: 20, onDemandVmSize: "Standard_D4ds_v5", onDemandMin: 1, onDemandMax: 10 },
    gpu: { enabled: true, vmSize: "Standard_NC4as_T4_v3", max: 4, capacityTypes: ["spot", "on-demand"] as ("spot" | "on-demand")[] },
};

/** Which pool the autoscaler's priority expander picks among the node groups that fit a pod. */
function expanderPick(priorities: string, candidates: string[]): string {
    let best = -1;
    let pick = "";
    let current = 0;
    const patterns: [number, RegExp][] = [];
    for (const line of priorities.split("\n")) {
        const head = /^(\d+):$/.exec(line);
        if (head) current = Number(head[1]);
        const item = /^ {2}- (.+)$/.exec(line);
        if (item) patterns.push([current, new RegExp(item[1])]);
    }
    for (const c of candidates) {
        for (const [p, re] of patterns) if (re.test(c) && p > best) [best, pick] = [p, c];
    }
    return pick;
}

describe("node pools", () => {
    const specs = userPoolSpecs(POOLS);

    it("an on-demand pool for controllers, a spot pool per VM size, an on-demand fallback, GPU spot then on-demand", () => {
        expect(specs.map((p) => [p.name, p.spot, p.poolClass])).toEqual([
            ["ondemand", false, "on-demand"],
            ["spd4dsv5", true, "general"],
            ["spd4asv5", true, "general"],
            ["general", false, "general"],
            ["gpuspot", true, "gpu"],
            ["gpu", false, "gpu"],
        ]);
    });

    it("spot pools: Spot priority, Delete eviction, spotMaxPrice -1, and no spot taint of ours (AKS adds it)", () => {
        const args = agentPoolArgs(specs[1], { zones: ["1", "2", "3"], osSku: "AzureLinux", encryptionAtHost: true });
        expect(args).toMatchObject({ scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1, enableAutoScaling: true, minCount: 0, enableNodePublicIP: false, mode: "User" });
        expect(args.nodeTaints.some((t) => t.startsWith("kubernetes.azure.com/scalesetpriority"))).toBe(false);
        expect(agentPoolArgs(specs[0], { zones: ["1"], osSku: "AzureLinux", encryptionAtHost: true })).toMatchObject({ scaleSetPriority: "Regular", nodeTaints: ["splitplane.io/on-demand=true:NoSchedule"], minCount: 1 });
    });

    it("the priority expander tries spot first, falls back to on-demand, for general and GPU pods alike", () => {
        const priorities = priorityExpanderPriorities(specs);
        // AKS node groups are scale sets named aks-<pool>-<id>-vmss.
        expect(expanderPick(priorities, ["aks-general-12345678-vmss", "aks-spd4dsv5-12345678-vmss", "aks-spd4asv5-12345678-vmss"])).toMatch(/^aks-spd4/);
        expect(expanderPick(priorities, ["aks-general-12345678-vmss"])).toBe("aks-general-12345678-vmss");
        expect(expanderPick(priorities, ["aks-gpu-12345678-vmss", "aks-gpuspot-12345678-vmss"])).toBe("aks-gpuspot-12345678-vmss");
        // Every spot pool's node group matches the one spot pattern, and no regular pool's does.
        const group = (pool: string) => `aks-${pool}-12345678-vmss`;
        for (const p of specs) expect(new RegExp(SPOT_POOL_PATTERN).test(group(p.name))).toBe(p.spot);
        for (const vm of ["Standard_D4ds_v5", "Standard_E8as_v6", "Standard_NC24ads_A100_v4"]) expect(new RegExp(SPOT_POOL_PATTERN).test(group(spotPoolName(vm)))).toBe(true);
    });

    it("the expander's data does not change when a promotion adds the GPU pools (a changed ConfigMap is replaced)", () => {
        const withoutGpu = userPoolSpecs({ ...POOLS, gpu: { ...POOLS.gpu, enabled: false } });
        expect(priorityExpanderPriorities(withoutGpu)).toBe(priorityExpanderPriorities(specs));
    });

    it("without spot, no spot pool and nothing in the expander above the on-demand priority", () => {
        const onDemandOnly = userPoolSpecs({ ...POOLS, general: { ...POOLS.general, capacityTypes: ["on-demand"] }, gpu: { ...POOLS.gpu, enabled: false } });
        expect(onDemandOnly.map((p) => p.name)).toEqual(["ondemand", "general"]);
        expect(priorityExpanderPriorities(onDemandOnly)).toBe("10:\n  - .*\n");
    });

    it("placements: general tolerates the spot taint; on-demand and GPU pools are tainted and selected by label", () => {
        const p = placements(specs);
        expect(p.general).toEqual({ nodeSelector: { "splitplane.io/pool": "general" }, tolerations: [{ key: "kubernetes.azure.com/scalesetpriority", operator: "Exists", effect: "NoSchedule" }] });
        expect(p.onDemand.tolerations).toEqual([{ key: "splitplane.io/on-demand", operator: "Exists", effect: "NoSchedule" }]);
        expect(p.gpu?.tolerations.map((t) => t.key)).toEqual(["nvidia.com/gpu", "kubernetes.azure.com/scalesetpriority"]);
        expect(p.system).toEqual({ nodeSelector: { "kubernetes.azure.com/mode": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }] });
    });

    it("pool names come from the VM size and a collision is an error naming both sizes", () => {
        expect(spotPoolName("Standard_NC24ads_A100_v4")).toBe("spnc24adsa10");
        expect(() => userPoolSpecs({ ...POOLS, general: { ...POOLS.general, spotVmSizes: ["Standard_NC24ads_A100_v4", "Standard_NC24ads_A10_v4"] } })).toThrow(
            "nodePools.general.spotVmSizes: Standard_NC24ads_A100_v4 and Standard_NC24ads_A10_v4 would share the pool name spnc24adsa10; list one of them",
        );
    });
});

describe("network security groups", () => {
    const subnets = planAddresses("10.40.0.0/16", { runnerSubnet: true }).subnets;
    const roles = Object.keys(subnets) as SubnetRole[];

    it.each(roles)("%s: denies the internet explicitly and allows nothing from it", (role) => {
        const rules = nsgRulesFor(role, subnets);
        expect(rules).toContainEqual(expect.objectContaining({ access: "Deny", direction: "Inbound", sourceAddressPrefix: "Internet", priority: 4096 }));
        for (const r of rules.filter((x) => x.access === "Allow")) {
            for (const src of [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].filter((x): x is string => x !== undefined)) expect(isInternetSource(src)).toBe(false);
        }
    });

    it("postgres admits 5432 from the node subnets only; endpoints admit 443 from the VNet only", () => {
        const pg = nsgRulesFor("postgres", subnets);
        expect(pg[0]).toMatchObject({ access: "Allow", destinationPortRange: "5432", sourceAddressPrefixes: [subnets.system, subnets.nodes] });
        expect(pg).toContainEqual(expect.objectContaining({ access: "Deny", sourceAddressPrefix: "VirtualNetwork", priority: 4000 }));
        const pe = nsgRulesFor("endpoints", subnets);
        expect(pe.filter((r) => r.access === "Allow")).toEqual([expect.objectContaining({ sourceAddressPrefix: "VirtualNetwork", destinationPortRange: "443" })]);
    });

    const allows = (rules: ReturnType<typeof nsgRulesFor>) => rules.filter((r) => r.access === "Allow").map((r) => [r.sourceAddressPrefix ?? r.sourceAddressPrefixes, r.destinationPortRange ?? r.destinationPortRanges]);

    it("Application Gateway with network isolation (the default): no GatewayManager rule; Azure's probes and the VNet on 80/443", () => {
        expect(allows(nsgRulesFor("appGateway", subnets))).toEqual([
            ["AzureLoadBalancer", "*"],
            ["VirtualNetwork", ["80", "443"]],
        ]);
    });

    it("Application Gateway without network isolation: GatewayManager on 65200-65535 only, from its service tag", () => {
        const rules = nsgRulesFor("appGateway", subnets, { networkIsolation: false });
        expect(allows(rules)).toEqual([
            ["GatewayManager", "65200-65535"],
            ["AzureLoadBalancer", "*"],
            ["VirtualNetwork", ["80", "443"]],
        ]);
        // Only the infrastructure range, never a wider one.
        expect(rules.filter((r) => r.sourceAddressPrefix === "GatewayManager")).toEqual([expect.objectContaining({ destinationPortRange: "65200-65535", protocol: "Tcp" })]);
    });

    it("a public frontend admits exactly its listed client ranges on 443, and the internet deny stays", () => {
        const rules = nsgRulesFor("appGateway", subnets, { networkIsolation: true, publicClientCidrs: ["203.0.113.0/24"] });
        expect(allows(rules)).toContainEqual([["203.0.113.0/24"], "443"]);
        expect(rules.at(-1)).toMatchObject({ access: "Deny", sourceAddressPrefix: "Internet", priority: 4096 });
    });
});

describe("workload identity", () => {
    const issuer = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-4000-8000-0000000a11ce/3f0b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/";

    it("trusts exactly one service account, with the issuer byte for byte and the one token-exchange audience", () => {
        expect(federatedCredentialSpec(issuer, { namespace: "truefoundry", serviceAccountName: "tfy-agent" })).toEqual({
            issuer,
            subject: "system:serviceaccount:truefoundry:tfy-agent",
            audiences: ["api://AzureADTokenExchange"],
        });
    });

    it("refuses a subject that is not one exact service account", () => {
        expect(() => serviceAccountSubject({ namespace: "*", serviceAccountName: "x" })).toThrow(/namespace must be a Kubernetes name/);
        expect(() => serviceAccountSubject({ namespace: "ns", serviceAccountName: "a:b" })).toThrow(/service account name must be a Kubernetes name/);
    });
});

describe("Key Vault", () => {
    it("grants read per secret, at the secret's own scope, never on the vault", () => {
        const perms = secretReadPermissions("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-x", "s", [{ name: "tfy-api-key" }]);
        expect(perms.kind).toBe("azure-rbac");
        expect(() => secretReadPermissions("v", "s", [{ name: "tfy-*" }])).toThrow(/is not a Key Vault secret name/);
        expect(() => secretReadPermissions("v", "s", [])).toThrow(/name at least one secret/);
    });

    it("vault names fit Key Vault's 3-24 characters", () => {
        const name = vaultNameFor("a-very-long-stack-name-for-production", "ab12c");
        expect(name).toMatch(/^kv-[a-z0-9-]+-ab12c$/);
        expect(name.length).toBeLessThanOrEqual(24);
        expect(name).not.toContain("--");
    });
});

describe("kubeconfig", () => {
    it("execs kubelogin with the caller's identity for the AKS server app; no token, no client certificate", () => {
        const kc = kubeloginKubeconfig({ clusterName: "c", server: "https://c.privatelink.westeurope.azmk8s.io:443", certificateAuthorityData: "Q0E=" }) as any;
        expect(kc.users[0].user).toEqual({
            exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"], interactiveMode: "Never" },
        });
        expect(JSON.stringify(kc)).not.toMatch(/"token"|client-key|client-certificate|password/);
    });

    it("takes only the server and CA from AKS's user kubeconfig", () => {
        const yaml = "clusters:\n- name: c\n  cluster:\n    server: https://x:443\n    certificate-authority-data: Q0E=\nusers:\n- name: u\n  user:\n    token: secret\n";
        expect(clusterEntryOf(Buffer.from(yaml).toString("base64"))).toEqual({ server: "https://x:443", certificateAuthorityData: "Q0E=" });
    });
});
