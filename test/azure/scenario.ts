import type { AzureDeployment } from "../../stacks/azure";
import { ProgramRun, RecordedResource } from "../../engine/resource";
import { byType } from "../../engine/testing";
import { runStackProgram } from "../stack-run";

export const AZ = {
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    credential: "azure-native:managedidentity:FederatedIdentityCredential",
    role: "azure-native:authorization:RoleAssignment",
    subnet: "azure-native:network:Subnet",
    nsg: "azure-native:network:NetworkSecurityGroup",
    zone: "azure-native:privatedns:PrivateZone",
    link: "azure-native:privatedns:VirtualNetworkLink",
    vault: "azure-native:keyvault:Vault",
    endpoint: "azure-native:network:PrivateEndpoint",
    pip: "azure-native:network:PublicIPAddress",
    nat: "azure-native:network:NatGateway",
    peering: "azure-native:network:VirtualNetworkPeering",
    configMap: "kubernetes:core/v1:ConfigMap",
    sa: "kubernetes:core/v1:ServiceAccount",
} as const;

export const GROUP = "7f3c1a52-0b6e-4d1e-9c0a-2f4b8e6d1c3a";
export const DEPLOYER_VNET = "/subscriptions/00000000-0000-4000-8000-00000000c0de/resourceGroups/rg-ci/providers/Microsoft.Network/virtualNetworks/vnet-ci";

/** A minimal Azure stack config (flat, as Pulumi hands it to a program). */
export function azureConfig(extra: Record<string, unknown> = {}): Record<string, string> {
    const sections: Record<string, unknown> = {
        cloud: "azure",
        environment: "dev",
        cluster: { admins: [GROUP] },
        network: { deployer: { vnetId: DEPLOYER_VNET, vnetCidr: "10.250.0.0/24" } },
        ...extra,
    };
    const flat: Record<string, string> = { "azure-native:location": "westeurope" };
    for (const [k, v] of Object.entries(sections)) {
        if (k.includes(":")) flat[k] = String(v);
        else flat[`splitplane:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return flat;
}

/** Runs the Azure program for one stack config under the offline engine (see runStackProgram). */
export async function runAzureStack(
    stack: string,
    config: Record<string, string>,
    probe?: (d: AzureDeployment) => Record<string, unknown>,
    options: { newStack?: boolean } = {},
): Promise<{ run: ProgramRun; probe: Record<string, unknown> }> {
    const { provisionAzure } = await import("../../stacks/azure");
    return runStackProgram(stack, config, provisionAzure, probe, options);
}

/** The recorded resource of this type and name, or an error listing the names there are. */
export function named(run: ProgramRun, type: string, name: string): RecordedResource {
    const r = byType(run, type).find((x) => x.name === name);
    if (!r) throw new Error(`no ${type} named ${name}; have: ${byType(run, type).map((x) => x.name).join(", ")}`);
    return r;
}
