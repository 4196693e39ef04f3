import { beforeAll, describe, expect, it } from "vitest";
import { openAiNameFor, registryNameFor, storageAccountNameFor } from "../../components/azure/service-names";
import { BUILTIN_ROLE } from "../../components/azure/roles";
import { parseStackConfig } from "../../config/parse";
import { byType, dependsOn, inputsOf, outputsOf } from "../../engine/testing";
import { ProgramRun } from "../../engine/resource";
import { AZ, azureConfig, DEPLOYER_VNET, runAzureStack, named } from "./scenario";

/**
 * Private endpoints for every service the platform reaches (Key Vault from phase 0; Blob and ACR
 * from phase 2; Azure OpenAI when enabled), each with its privatelink zone linked to the VNet and a
 * zone group; the services hardened (no shared keys, no local auth, no public network access).
 */

const T = {
    storage: "azure-native:storage:StorageAccount",
    container: "azure-native:storage:BlobContainer",
    registry: "azure-native:containerregistry:Registry",
    openai: "azure-native:cognitiveservices:Account",
    zoneGroup: "azure-native:network:PrivateDnsZoneGroup",
    vnet: "azure-native:network:VirtualNetwork",
} as const;

/** The privatelink zone of each private-link sub-resource (https://learn.microsoft.com/azure/private-link/private-endpoint-dns). */
const ZONE_OF_GROUP: Record<string, string> = {
    vault: "privatelink.vaultcore.azure.net",
    blob: "privatelink.blob.core.windows.net",
    registry: "privatelink.azurecr.io",
    account: "privatelink.openai.azure.com",
};


let run: ProgramRun;
let phase0: ProgramRun;
beforeAll(async () => {
    ({ run } = await runAzureStack("azure-svc", azureConfig({ phase: 2, openai: { enabled: true, location: "swedencentral" } })));
    ({ run: phase0 } = await runAzureStack("azure-svc0", azureConfig()));
}, 60_000);

describe("every private endpoint resolves privately inside the VNet", () => {
    it("one endpoint per service, in the endpoints subnet: vault, blob, registry, OpenAI", () => {
        const endpoints = byType(run, AZ.endpoint).map(inputsOf);
        expect(endpoints.map((e) => e.privateLinkServiceConnections[0].groupIds[0]).sort()).toEqual(["account", "blob", "registry", "vault"]);
        const subnet = named(run, AZ.subnet, "network-subnet-endpoints");
        for (const e of endpoints) expect(e.subnet.id).toBe(subnet.id);
    });

    it("each has a zone group pointing at its privatelink zone, and that zone is linked to this VNet (and the deployer's)", () => {
        const vnet = named(run, T.vnet, "network-vnet");
        const zones = byType(run, AZ.zone);
        const links = byType(run, AZ.link).map(inputsOf);
        for (const endpoint of byType(run, AZ.endpoint)) {
            const group = inputsOf(endpoint).privateLinkServiceConnections[0].groupIds[0];
            const zoneGroups = byType(run, T.zoneGroup).filter((g) => inputsOf(g).privateEndpointName === outputsOf(endpoint).name);
            expect(zoneGroups, `${endpoint.name} has one zone group`).toHaveLength(1);
            const configs = inputsOf(zoneGroups[0]).privateDnsZoneConfigs;
            expect(configs).toHaveLength(1);
            const zone = zones.find((z) => z.id === configs[0].privateDnsZoneId);
            expect(zone, `${endpoint.name}'s zone group names a zone of the plan`).toBeDefined();
            expect(inputsOf(zone!).privateZoneName).toBe(ZONE_OF_GROUP[group]);
            const linked = links.filter((l) => l.privateZoneName === outputsOf(zone!).name).map((l) => l.virtualNetwork.id);
            expect(linked).toContain(vnet.id);
            if (group !== "vault") expect(linked).toContain(DEPLOYER_VNET);
            // The records are written once the zone resolves in the VNet.
            for (const l of byType(run, AZ.link).filter((x) => inputsOf(x).privateZoneName === outputsOf(zone!).name)) expect(dependsOn(run, zoneGroups[0], l)).toBe(true);
        }
    });
});

describe("the services are hardened", () => {
    it("artifact storage: no shared key, no anonymous blobs, HTTPS with TLS 1.2+, public network access disabled, deny-all rules without bypass", () => {
        const account = inputsOf(named(run, T.storage, "artifacts-account"));
        expect(account).toMatchObject({
            kind: "StorageV2",
            allowSharedKeyAccess: false,
            defaultToOAuthAuthentication: true,
            allowBlobPublicAccess: false,
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            publicNetworkAccess: "Disabled",
            networkRuleSet: { defaultAction: "Deny", bypass: "None" },
            allowedCopyScope: "PrivateLink",
            sku: { name: "Standard_LRS" },
        });
        expect(inputsOf(named(run, T.container, "artifacts-container"))).toMatchObject({ containerName: "artifacts", publicAccess: "None" });
    });

    it("only the data identity writes blobs: Storage Blob Data Contributor on the account, nothing wider", () => {
        const principal = outputsOf(named(run, AZ.identity, "data-identity")).principalId;
        const grants = byType(run, AZ.role).map(inputsOf).filter((g) => g.roleDefinitionId.endsWith(BUILTIN_ROLE.storageBlobDataContributor));
        expect(grants).toEqual([expect.objectContaining({ principalId: principal, principalType: "ServicePrincipal", scope: named(run, T.storage, "artifacts-account").id })]);
    });

    it("registry: Premium, no admin user, no anonymous pull, no public access or trusted-services bypass, export off", () => {
        expect(inputsOf(named(run, T.registry, "registry-registry"))).toMatchObject({
            sku: { name: "Premium" },
            adminUserEnabled: false,
            anonymousPullEnabled: false,
            publicNetworkAccess: "Disabled",
            networkRuleBypassOptions: "None",
            zoneRedundancy: "Disabled",
            policies: { exportPolicy: { status: "disabled" } },
        });
    });

    it("nodes pull with the kubelet identity's AcrPull on this registry only", () => {
        const kubelet = outputsOf(named(run, AZ.identity, "cluster-kubelet-identity")).principalId;
        const grants = byType(run, AZ.role).map(inputsOf).filter((g) => g.roleDefinitionId.endsWith(BUILTIN_ROLE.acrPull));
        expect(grants).toEqual([expect.objectContaining({ principalId: kubelet, scope: named(run, T.registry, "registry-registry").id })]);
    });

    it("Azure OpenAI: local (key) auth disabled, public network access disabled, a custom subdomain, in its own region", () => {
        const account = inputsOf(named(run, T.openai, "openai-account"));
        expect(account).toMatchObject({ kind: "OpenAI", location: "swedencentral", properties: { disableLocalAuth: true, publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny" } } });
        expect(account.properties.customSubDomainName).toBe(account.accountName);
        expect(run.outputs.openaiEndpoint).toBe(`https://${account.accountName}.openai.azure.com/`);
        // The endpoint stays in the VNet's region.
        expect(inputsOf(named(run, AZ.endpoint, "openai-private-endpoint")).location).toBe("westeurope");
    });

    it("no key, SAS or connection string is an output", () => {
        expect(Object.keys(run.outputs).filter((k) => /key(?!Vault)|sas|connection|password/i.test(k))).toEqual([]);
        expect(JSON.stringify(run.outputs)).not.toMatch(/AccountKey=|SharedAccessSignature|sig=/);
    });
});

describe("placement and tiers", () => {
    it("phase 0 has only the vault's endpoint: no storage, no registry, no OpenAI unless enabled", () => {
        expect(byType(phase0, AZ.endpoint).map((e) => e.name)).toEqual(["secrets-private-endpoint"]);
        for (const t of [T.storage, T.registry, T.openai]) expect(byType(phase0, t)).toEqual([]);
    });

    it("prod: zone-redundant storage and registry (the registry's is fixed at creation), both protected", async () => {
        const { run: prod } = await runAzureStack("azure-svc-prod", azureConfig({ environment: "prod", phase: 3 }));
        const account = named(prod, T.storage, "artifacts-account");
        expect(inputsOf(account).sku).toEqual({ name: "Standard_ZRS" });
        expect(account.options.protect).toBe(true);
        const registry = named(prod, T.registry, "registry-registry");
        expect(inputsOf(registry).zoneRedundancy).toBe("Enabled");
        expect(registry.options.protect).toBe(true);
    }, 30_000);

    it("global names fit each service's rules", () => {
        const long = "Azure_Prod-Stack.With-A-Very-Long-Name-Indeed";
        expect(storageAccountNameFor(long, "ab12c")).toMatch(/^[a-z0-9]{3,24}$/);
        expect(registryNameFor(long, "ab12c")).toMatch(/^[a-z0-9]{5,50}$/);
        expect(openAiNameFor(long, "ab12c")).toMatch(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/);
    });

    it("bad input: an OpenAI region that is not a region, a container name Azure refuses", async () => {
        const file = "stacks/Pulumi.azure-bad.yaml";
        await expect(runAzureStack("azure-bad", azureConfig({ openai: { enabled: true, location: "mars" } }))).rejects.toThrow(`${file}: splitplane:openai.location must be an Azure region name such as swedencentral (got "mars")`);
        expect(() => parseStackConfig(azureConfig({ objectStorage: { container: "Artifacts" } }), file)).toThrow(`${file}: splitplane:objectStorage.container must be a blob container name: 3-63 lower-case letters, digits and single hyphens (got "Artifacts")`);
    }, 30_000);
});
