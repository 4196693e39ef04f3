import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AddressPlan, planAddresses, SUBNET_NAME, SubnetRole } from "./address-plan";
import { AppGatewayNsgOptions, nsgRulesFor } from "./nsg-rules";
import { Tags } from "./tags";

const VNET_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i;

export const networkArgsSchema = z.object({
    resourceGroupName: z.custom<pulumi.Input<string>>((v) => v !== undefined),
    location: z.string().min(1),
    /** VNet address space (the plan is checked before anything is registered). */
    cidr: z.string(),
    /** NAT gateway idle timeout. @default 4 */
    natIdleTimeoutMinutes: z.number().int().min(4).max(120).default(4),
    /** A subnet for a self-hosted deploy runner. @default false */
    runnerSubnet: z.boolean().default(false),
    /** The deployer's VNet, peered both ways. @default undefined */
    deployerVnetId: z.string().regex(VNET_ID).optional(),
    /** How the Application Gateway subnet is reached. @default network isolation, private frontend only */
    appGateway: z.custom<AppGatewayNsgOptions>((v) => typeof v === "object" && v !== null).default({ networkIsolation: true }),
    tags: z.record(z.string(), z.string()).default({}),
});
export type AzureNetworkArgs = z.input<typeof networkArgsSchema>;

/** Subnets whose outbound traffic leaves through the NAT gateway (the nodes and the runner). */
export const NAT_SUBNETS: readonly SubnetRole[] = ["system", "nodes", "runner"];

/** The resource group and name of a VNet, from its ARM id. */
export function parseVnetId(id: string): { subscriptionId: string; resourceGroupName: string; name: string } {
    const m = VNET_ID.exec(id);
    if (!m) throw new Error(`${JSON.stringify(id)} is not a virtual network resource id`);
    return { subscriptionId: m[1], resourceGroupName: m[2], name: m[3] };
}

/**
 * The VNet: one subnet per role of the address plan, each with its own NSG (deny from the
 * internet, narrow allows from service tags), the node and runner subnets behind one NAT gateway
 * with a static public IP (outbound only: nothing listens on it), no default outbound access, and
 * an optional two-way peering with the deployer's VNet.
 */
export class AzureNetwork extends pulumi.ComponentResource {
    readonly plan: AddressPlan;
    readonly vnet: network.VirtualNetwork;
    readonly vnetId: pulumi.Output<string>;
    readonly subnets: Partial<Record<SubnetRole, network.Subnet>>;
    readonly subnetIds: Partial<Record<SubnetRole, pulumi.Output<string>>>;
    readonly natGateway: network.NatGateway;
    readonly egressIp: pulumi.Output<string | undefined>;
    /** The peering halves with the deployer's VNet, when one is configured. */
    readonly peerings: network.VirtualNetworkPeering[];

    constructor(name: string, rawArgs: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:Network", name, {}, opts);
        const a = networkArgsSchema.parse(rawArgs);
        this.plan = planAddresses(a.cidr, { runnerSubnet: a.runnerSubnet });
        const base = { resourceGroupName: a.resourceGroupName, location: a.location, tags: a.tags };
        const parent = { parent: this };

        const egressIp = new network.PublicIPAddress(`${name}-nat-ip`, {
            ...base,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
        }, parent);
        this.natGateway = new network.NatGateway(`${name}-nat`, {
            ...base,
            sku: { name: "Standard" },
            idleTimeoutInMinutes: a.natIdleTimeoutMinutes,
            publicIpAddresses: [{ id: egressIp.id }],
        }, parent);
        this.egressIp = egressIp.ipAddress;

        // Subnets are separate resources (the VNet carries none, so azure-native leaves them alone).
        this.vnet = new network.VirtualNetwork(`${name}-vnet`, { ...base, addressSpace: { addressPrefixes: [a.cidr] } }, parent);
        this.vnetId = this.vnet.id;

        this.subnets = {};
        this.subnetIds = {};
        let previous: pulumi.Resource | undefined;
        for (const [role, cidr] of Object.entries(this.plan.subnets) as [SubnetRole, string][]) {
            const nsg = new network.NetworkSecurityGroup(`${name}-nsg-${role}`, { ...base, securityRules: nsgRulesFor(role, this.plan.subnets, a.appGateway) }, parent);
            // One subnet write at a time on one VNet: concurrent ones fail with AnotherOperationInProgress.
            const subnet: network.Subnet = new network.Subnet(`${name}-subnet-${role}`, {
                resourceGroupName: a.resourceGroupName,
                virtualNetworkName: this.vnet.name,
                subnetName: SUBNET_NAME[role],
                addressPrefix: cidr,
                networkSecurityGroup: { id: nsg.id },
                // Default outbound access is a public address nobody chose; egress is the NAT gateway's.
                defaultOutboundAccess: false,
                ...(NAT_SUBNETS.includes(role) ? { natGateway: { id: this.natGateway.id } } : {}),
                ...(role === "endpoints" ? { privateEndpointNetworkPolicies: "Enabled" } : {}),
                ...(role === "postgres" ? { delegations: [{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }] } : {}),
            }, { parent: this, dependsOn: previous ? [previous] : [] });
            this.subnets[role] = subnet;
            this.subnetIds[role] = subnet.id;
            previous = subnet;
        }

        this.peerings = [];
        if (a.deployerVnetId) {
            const remote = parseVnetId(a.deployerVnetId);
            // No forwarded traffic and no gateway transit: the deployer reaches this VNet, nothing more.
            const common = { allowVirtualNetworkAccess: true, allowForwardedTraffic: false, allowGatewayTransit: false, useRemoteGateways: false };
            this.peerings.push(
                new network.VirtualNetworkPeering(`${name}-peer-to-deployer`, {
                    ...common,
                    resourceGroupName: a.resourceGroupName,
                    virtualNetworkName: this.vnet.name,
                    remoteVirtualNetwork: { id: a.deployerVnetId },
                }, { parent: this, dependsOn: previous ? [previous] : [] }),
                new network.VirtualNetworkPeering(`${name}-peer-from-deployer`, {
                    ...common,
                    resourceGroupName: remote.resourceGroupName,
                    virtualNetworkName: remote.name,
                    remoteVirtualNetwork: { id: this.vnet.id },
                }, parent),
            );
        }

        this.registerOutputs({ vnetId: this.vnetId, egressIp: this.egressIp });
    }

    /** The id of a subnet of the plan; throws for the runner subnet when it was not asked for. */
    subnetId(role: SubnetRole): pulumi.Output<string> {
        const id = this.subnetIds[role];
        if (!id) throw new Error(`the network has no ${role} subnet`);
        return id;
    }
}
