import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { AzureWorkloadIdentity } from "../../components/azure/workload-identity";
import { BUILTIN_ROLE } from "../../components/azure/roles";
import { byType, dependsOn, inputsOf, outputsOf } from "../../engine/testing";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { AZ, azureConfig, DEPLOYER_VNET, GROUP, named, runAzureStack } from "./scenario";

const ins = (run: ProgramRun, type: string, name: string) => inputsOf(named(run, type, name));
const outs = (run: ProgramRun, type: string, name: string) => outputsOf(named(run, type, name));

describe("the Azure plane, dev defaults (phase 0)", () => {
    let run: ProgramRun;
    let probe: Record<string, unknown>;
    beforeAll(async () => {
        ({ run, probe } = await runAzureStack("azure-t", azureConfig(), (d) => {
            const bound = d.plane.bindServiceAccount("agent", { namespace: "tfy-agent", serviceAccountName: "tfy-agent", permissions: d.plane.secretStore.readPermissionsFor([{ name: "tfy-api-key" }]) });
            return {
                cloud: d.plane.cloud,
                issuer: d.plane.oidcIssuerUrl,
                identity: bound.identity,
                annotations: bound.annotations,
                podLabels: bound.podLabels,
                eso: d.plane.secretStore.externalSecretsProvider({ name: "tfy-agent", namespace: "tfy-agent" }),
                internal: d.plane.ingress.internalServiceAnnotations,
                vaultId: d.parts.keyVault.vaultId,
                gatewayServiceType: d.plane.ingress.gatewayServiceType,
                gatewayServiceIp: d.plane.ingress.gatewayServiceIp,
                onDemand: d.plane.nodePools.onDemand,
                gpuDevicePlugin: d.plane.gpuDevicePlugin,
                remoteKey: d.plane.secretStore.remoteKey({ name: "tfy-api-key" }),
                blanketRead: (() => {
                    try {
                        return d.plane.secretStore.readPermissions.kind;
                    } catch (e) {
                        return (e as Error).message;
                    }
                })(),
            };
        }));
    }, 30_000);

    it("records every invoke against a mock", () => {
        expect(run.unmockedInvokes).toEqual([]);
    });

    it("the API server is private: its name in our privatelink zone, linked to this VNet and the deployer's", () => {
        const cluster = ins(run, AZ.cluster, "cluster-aks");
        const zone = named(run, AZ.zone, "cluster-api-zone");
        expect(inputsOf(zone).privateZoneName).toBe("privatelink.westeurope.azmk8s.io");
        expect(cluster.apiServerAccessProfile).toEqual({ enablePrivateCluster: true, privateDNSZone: zone.id, enablePrivateClusterPublicFQDN: false });
        expect(cluster.fqdnSubdomain).toBe("splitplane-azure-t");
        const links = byType(run, AZ.link).filter((l) => l.parent?.endsWith("cluster"));
        expect(links.map((l) => inputsOf(l).virtualNetwork.id).sort()).toEqual([DEPLOYER_VNET, named(run, "azure-native:network:VirtualNetwork", "network-vnet").id].sort());
        // The cluster is created once the zone resolves for both networks.
        for (const l of links) expect(dependsOn(run, named(run, AZ.cluster, "cluster-aks"), l)).toBe(true);
    });

    it("the deployer's route: two-way peering with its VNet, no forwarded traffic, no gateway transit", () => {
        const peerings = byType(run, AZ.peering).map(inputsOf);
        expect(peerings).toHaveLength(2);
        const vnet = named(run, "azure-native:network:VirtualNetwork", "network-vnet");
        expect(peerings.map((p) => p.virtualNetworkName).sort()).toEqual([outputsOf(vnet).name, "vnet-ci"].sort());
        expect(peerings.find((p) => p.virtualNetworkName === "vnet-ci")).toMatchObject({ resourceGroupName: "rg-ci", allowForwardedTraffic: false, allowGatewayTransit: false, useRemoteGateways: false });
        expect(peerings.find((p) => p.virtualNetworkName !== "vnet-ci")?.remoteVirtualNetwork.id).toBe(DEPLOYER_VNET);
        expect(peerings.find((p) => p.virtualNetworkName === "vnet-ci")?.remoteVirtualNetwork.id).toBe(vnet.id);
    });

    it("Entra ID only: local accounts disabled, managed Entra with Azure RBAC, admins from config", () => {
        const cluster = ins(run, AZ.cluster, "cluster-aks");
        expect(cluster.disableLocalAccounts).toBe(true);
        expect(cluster.aadProfile).toMatchObject({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [GROUP] });
        expect(cluster.servicePrincipalProfile).toBeUndefined();
        const admin = ins(run, AZ.role, `cluster-admin-${GROUP}`);
        expect(admin).toMatchObject({ principalId: GROUP, principalType: "Group", scope: named(run, AZ.cluster, "cluster-aks").id });
        expect(admin.roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${BUILTIN_ROLE.aksRbacClusterAdmin}$`));
    });

    it("the Kubernetes provider uses kubelogin with the caller's identity and the private API server name", () => {
        const kubeconfig = JSON.parse(ins(run, "pulumi:providers:kubernetes", "cluster-k8s").kubeconfig);
        expect(kubeconfig.users[0].user.exec.command).toBe("kubelogin");
        expect(kubeconfig.users[0].user.exec.args).toEqual(["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
        expect(kubeconfig.clusters[0].cluster.server).toBe(`https://${outs(run, AZ.cluster, "cluster-aks").privateFQDN}:443`);
    });

    it("overlay CNI with Cilium network policy, egress through the user-assigned NAT gateway, OIDC and workload identity on", () => {
        const cluster = ins(run, AZ.cluster, "cluster-aks");
        expect(cluster.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", outboundType: "userAssignedNATGateway", podCidr: "10.244.0.0/16" });
        expect(cluster.oidcIssuerProfile).toEqual({ enabled: true });
        expect(cluster.securityProfile.workloadIdentity).toEqual({ enabled: true });
        for (const role of ["system", "nodes"]) expect(ins(run, AZ.subnet, `network-subnet-${role}`).natGateway.id).toBe(named(run, AZ.nat, "network-nat").id);
    });

    it("no public IP on any node; the NAT gateway's is the only public address", () => {
        const cluster = ins(run, AZ.cluster, "cluster-aks");
        expect(cluster.agentPoolProfiles.map((p: any) => p.enableNodePublicIP)).toEqual([false]);
        for (const p of byType(run, AZ.pool)) expect(inputsOf(p).enableNodePublicIP).toBe(false);
        const pips = byType(run, AZ.pip);
        expect(pips.map((p) => p.name)).toEqual(["network-nat-ip"]);
        expect(ins(run, AZ.nat, "network-nat").publicIpAddresses).toEqual([{ id: pips[0].id }]);
    });

    it("every subnet has its own NSG and every NSG denies inbound from the internet", () => {
        const subnets = byType(run, AZ.subnet);
        expect(subnets.length).toBe(6);
        const nsgIds = new Set(subnets.map((s) => inputsOf(s).networkSecurityGroup.id));
        expect(nsgIds.size).toBe(6);
        for (const nsg of byType(run, AZ.nsg)) {
            expect(nsgIds.has(nsg.id!)).toBe(true);
            expect(inputsOf(nsg).securityRules).toContainEqual(expect.objectContaining({ direction: "Inbound", access: "Deny", sourceAddressPrefix: "Internet" }));
        }
        for (const s of subnets) expect(inputsOf(s).defaultOutboundAccess).toBe(false);
        expect(ins(run, AZ.subnet, "network-subnet-postgres").delegations).toEqual([{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }]);
    });

    it("subnets are written one after another", () => {
        const subnets = byType(run, AZ.subnet);
        for (let i = 1; i < subnets.length; i++) expect(subnets[i].dependencies).toContain(subnets[i - 1].urn);
    });

    it("the cluster identity's roles: exactly three subnets, the DNS zone, the kubelet identity, reading the disk encryption set; nothing wider", () => {
        const cp = outs(run, AZ.identity, "cluster-control-plane-identity").principalId;
        const grants = byType(run, AZ.role).map(inputsOf).filter((g) => g.principalId === cp);
        const subnetId = (role: string) => named(run, AZ.subnet, `network-subnet-${role}`).id;
        const byRole = (guid: string) => grants.filter((g) => g.roleDefinitionId.endsWith(guid)).map((g) => g.scope).sort();
        expect(byRole(BUILTIN_ROLE.networkContributor)).toEqual([subnetId("system"), subnetId("nodes"), subnetId("ingress")].sort());
        expect(byRole(BUILTIN_ROLE.privateDnsZoneContributor)).toEqual([named(run, AZ.zone, "cluster-api-zone").id]);
        expect(byRole(BUILTIN_ROLE.managedIdentityOperator)).toEqual([named(run, AZ.identity, "cluster-kubelet-identity").id]);
        expect(byRole(BUILTIN_ROLE.reader)).toEqual([named(run, "azure-native:compute:DiskEncryptionSet", "disk-encryption-set").id]);
        expect(grants).toHaveLength(6);
        for (const g of grants) expect(g.scope).toMatch(/\/providers\/Microsoft\.(Network|ManagedIdentity|Compute)\//);
    });

    it("spot first: the autoscaler's priority expander and its ConfigMap rank the spot pools above on-demand", () => {
        expect(ins(run, AZ.cluster, "cluster-aks").autoScalerProfile.expander).toBe("priority");
        const cm = ins(run, AZ.configMap, "pools-priority-expander");
        expect(cm.metadata).toEqual({ name: "cluster-autoscaler-priority-expander", namespace: "kube-system" });
        expect(cm.data.priorities).toBe("10:\n  - .*\n50:\n  - ^aks-(sp[a-z0-9]+|gpuspot)-.*\n");
        const pools = byType(run, AZ.pool).map(inputsOf);
        expect(pools.map((p) => [p.agentPoolName, p.scaleSetPriority])).toEqual([["ondemand", "Regular"], ["spd4dsv5", "Spot"], ["spd4asv5", "Spot"], ["general", "Regular"]]);
        // No GPU pool before phase 2.
        expect(pools.some((p) => p.agentPoolName.startsWith("gpu"))).toBe(false);
    });

    it("the system pool is never spot, tainted CriticalAddonsOnly, across the zones", () => {
        const system = ins(run, AZ.cluster, "cluster-aks").agentPoolProfiles[0];
        expect(system).toMatchObject({ name: "system", mode: "System", scaleSetPriority: "Regular", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"], availabilityZones: ["1", "2", "3"], enableEncryptionAtHost: true });
    });

    it("workload identity: the credential trusts exactly the AKS issuer (trailing slash), the service account and the exchange audience", () => {
        const issuer = outs(run, AZ.cluster, "cluster-aks").oidcIssuerProfile.issuerURL;
        expect(issuer).toMatch(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/$/);
        expect(probe.issuer).toBe(issuer);
        const fic = ins(run, AZ.credential, "agent-fic-tfy-agent-tfy-agent");
        expect(fic).toMatchObject({ issuer, subject: "system:serviceaccount:tfy-agent:tfy-agent", audiences: ["api://AzureADTokenExchange"] });
        const identity = outs(run, AZ.identity, "agent-identity");
        expect(probe.identity).toBe(identity.clientId);
        expect(probe.podLabels).toEqual({ "azure.workload.identity/use": "true" });
        const sa = ins(run, AZ.sa, "agent-sa");
        expect(sa.metadata).toMatchObject({ name: "tfy-agent", namespace: "tfy-agent", annotations: { "azure.workload.identity/client-id": identity.clientId } });
    });

    it("Key Vault: RBAC mode, purge protection and soft delete (customer-managed keys need both), no public access, trusted services only, a private endpoint in the endpoints subnet", () => {
        const vault = ins(run, AZ.vault, "secrets-vault").properties;
        // bypass AzureServices: Storage, disk encryption sets and Flexible Server reach their keys as trusted services.
        expect(vault).toMatchObject({ enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: true, softDeleteRetentionInDays: 90, publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } });
        expect(vault.accessPolicies).toBeUndefined();
        // Phase 0: the disks' key only; the data services' keys come with them at phase 2.
        expect(byType(run, "azure-native:keyvault:Key").map((k) => inputsOf(k).keyName)).toEqual(["cmk-disks"]);
        const pe = ins(run, AZ.endpoint, "secrets-private-endpoint");
        expect(pe.subnet.id).toBe(named(run, AZ.subnet, "network-subnet-endpoints").id);
        expect(pe.privateLinkServiceConnections[0]).toMatchObject({ privateLinkServiceId: named(run, AZ.vault, "secrets-vault").id, groupIds: ["vault"] });
        expect(ins(run, AZ.zone, "secrets-private-zone").privateZoneName).toBe("privatelink.vaultcore.azure.net");
    });

    it("Key Vault grants are per secret: Secrets User on <vault>/secrets/tfy-api-key only", () => {
        const principal = outs(run, AZ.identity, "agent-identity").principalId;
        const grants = byType(run, AZ.role).map(inputsOf).filter((g) => g.principalId === principal);
        expect(grants).toEqual([expect.objectContaining({ scope: `${probe.vaultId}/secrets/tfy-api-key`, roleDefinitionId: expect.stringMatching(new RegExp(`${BUILTIN_ROLE.keyVaultSecretsUser}$`)), principalType: "ServicePrincipal" })]);
        expect(probe.eso).toEqual({ azurekv: { authType: "WorkloadIdentity", vaultUrl: expect.stringMatching(/^https:\/\/kv-azure-t-[a-z0-9]+\.vault\.azure\.net\/$/), tenantId: expect.any(String), serviceAccountRef: { name: "tfy-agent", namespace: "tfy-agent" } } });
    });

    it("the contract's additions: the gateway Service is an internal load balancer on a static IP, an on-demand placement, a device plugin to install", () => {
        expect(probe.gatewayServiceType).toBe("LoadBalancer");
        expect(probe.gatewayServiceIp).toBe("10.40.18.132");
        expect(probe.onDemand).toEqual({ nodeSelector: { "splitplane.io/pool": "on-demand" }, tolerations: [{ key: "splitplane.io/on-demand", operator: "Exists", effect: "NoSchedule" }] });
        expect(probe.gpuDevicePlugin).toBe("required");
        expect(probe.remoteKey).toBe("tfy-api-key");
        // Never the whole vault for everyone: the deprecated blanket grant is an error naming its replacement.
        expect(probe.blanketRead).toMatch(/use readPermissionsFor/);
    });

    it("an internal load balancer in the ingress subnet is what the platform's LoadBalancer Services get", () => {
        expect(probe.internal).toEqual({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true", "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "snet-ingress" });
        expect(run.outputs.ingressPrivateIp).toBe("10.40.18.132");
    });

    it("ARM ids have the resource providers' real types", () => {
        expect(named(run, AZ.identity, "agent-identity").id).toMatch(/\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/);
        expect(named(run, AZ.zone, "cluster-api-zone").id).toMatch(/\/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.westeurope\.azmk8s\.io$/);
        expect(named(run, AZ.subnet, "network-subnet-nodes").id).toMatch(/\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/snet-nodes$/);
        expect(named(run, AZ.credential, "agent-fic-tfy-agent-tfy-agent").id).toMatch(/\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+\/federatedIdentityCredentials\/[^/]+$/);
        expect(byType(run, AZ.role)[0].id).toMatch(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}$/);
    });
});

describe("federated credentials on one identity", () => {
    it("are created one after another, and a 21st is refused before anything is registered", async () => {
        const subjects = ["a", "b", "c"].map((n) => ({ namespace: "ns", serviceAccountName: n }));
        const run = await runProgram({
            stack: "wi",
            program: async () => {
                new AzureWorkloadIdentity("wi", { resourceGroupName: "rg", location: "westeurope", issuerUrl: "https://westeurope.oic.prod-aks.azure.com/t/c/", subjects, permissions: { kind: "azure-rbac", roleAssignments: [] }, tags: {} });
                return {};
            },
        });
        const fics = byType(run, AZ.credential);
        expect(fics.map((f) => inputsOf(f).subject)).toEqual(["system:serviceaccount:ns:a", "system:serviceaccount:ns:b", "system:serviceaccount:ns:c"]);
        expect(fics[1].dependencies).toContain(fics[0].urn);
        expect(fics[2].dependencies).toContain(fics[1].urn);
        const many = Array.from({ length: 21 }, (_, i) => ({ namespace: "ns", serviceAccountName: `sa-${i}` }));
        expect(() => new AzureWorkloadIdentity("too-many", { resourceGroupName: "rg", location: "westeurope", issuerUrl: "https://x/", subjects: many, permissions: { kind: "azure-rbac", roleAssignments: [] }, tags: {} })).toThrow(
            "too-many: a user-assigned identity holds at most 20 federated credentials (got 21: the 21st is ns/sa-20); split them over several identities",
        );
    });
});

describe("phases and tiers", () => {
    it("phase 2 adds GPU pools, spot first, tainted nvidia.com/gpu", async () => {
        const { run } = await runAzureStack("azure-gpu", azureConfig({ phase: 2 }));
        const gpu = byType(run, AZ.pool).map(inputsOf).filter((p) => p.agentPoolName.startsWith("gpu"));
        expect(gpu.map((p) => [p.agentPoolName, p.scaleSetPriority, p.nodeTaints])).toEqual([
            ["gpuspot", "Spot", ["nvidia.com/gpu=true:NoSchedule"]],
            ["gpu", "Regular", ["nvidia.com/gpu=true:NoSchedule"]],
        ]);
        expect(ins(run, AZ.configMap, "pools-priority-expander").data.priorities).toContain("gpuspot");
    }, 30_000);

    it("prod at phase 3: the uptime SLA tier, and the cluster and the vault protected", async () => {
        const { run } = await runAzureStack("azure-prod", azureConfig({ environment: "prod", phase: 3 }));
        expect(ins(run, AZ.cluster, "cluster-aks").sku).toEqual({ name: "Base", tier: "Standard" });
        expect(named(run, AZ.cluster, "cluster-aks").options.protect).toBe(true);
        expect(named(run, AZ.vault, "secrets-vault").options.protect).toBe(true);
    }, 30_000);

    it("plans as a new stack's first preview", async () => {
        const { run } = await runAzureStack("azure-new", azureConfig(), undefined, { newStack: true });
        expect(byType(run, AZ.cluster)).toHaveLength(1);
    }, 30_000);
});

describe("bad input: a config error naming file, key, expected and actual; nothing registered", () => {
    async function problems(config: Record<string, string>): Promise<string[]> {
        let err: unknown;
        const run = await runAzureStack("azure-bad", config).catch((e: unknown) => {
            err = e;
            return undefined;
        });
        expect(run).toBeUndefined();
        expect(ConfigError.is(err)).toBe(true);
        return [...(err as ConfigError).problems];
    }
    const F = "stacks/Pulumi.azure-bad.yaml";

    it("a location that is not an Azure region", async () => {
        expect(await problems({ ...azureConfig(), "azure-native:location": "eu-west-1" })).toEqual([`${F}: azure-native:location must be an Azure region name such as westeurope or eastus2 (got "eu-west-1")`]);
    });

    it("an address space that cannot hold the subnets, and overlapping pod range", async () => {
        expect(await problems(azureConfig({ network: { cidr: "10.244.0.0/20", deployer: { runnerSubnet: true } } }))).toEqual([
            `${F}: splitplane:network.cidr does not fit: 10.244.0.0/20 cannot hold the subnets: they need 4864 addresses (a /19 or larger), the VNet has 4096`,
            `${F}: splitplane:network.podCidr must not overlap splitplane:network.cidr 10.244.0.0/20 (got "10.244.0.0/16")`,
        ]);
    });

    it("no path for the deployer to the private API server", async () => {
        expect(await problems(azureConfig({ network: {} }))).toEqual([
            `${F}: splitplane:network.deployer must give pulumi up a path to the private API server: vnetId (with vnetCidr) of a network the deployer runs in, or runnerSubnet: true (got neither)`,
        ]);
    });

    it("no admin group, and an ingress IP outside the ingress subnet", async () => {
        expect(await problems(azureConfig({ cluster: { admins: [] }, ingress: { privateIp: "10.40.0.10" } }))).toEqual([
            `${F}: splitplane:cluster.admins must list at least one Entra ID group (local accounts are disabled, so only its members can reach the cluster; the deployer must be one) (got [])`,
            `${F}: splitplane:ingress.privateIp must be an assignable address of the ingress subnet 10.40.18.128/26 (Azure keeps its first four and its last) (got "10.40.0.10")`,
        ]);
    });
});
