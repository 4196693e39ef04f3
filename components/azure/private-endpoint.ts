import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateLinkArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** The resource reached privately (a vault, a storage account, ...). */
    targetId: pulumi.Input<string>;
    /** Its private-link sub-resource (`vault`, `blob`, `registry`, `account`). */
    groupId: string;
    /** Its `privatelink.*` DNS zone (https://learn.microsoft.com/azure/private-link/private-endpoint-dns). */
    zoneName: string;
    subnetId: pulumi.Input<string>;
    /** VNets whose resolvers must answer with the private address. */
    vnetIds: Record<string, pulumi.Input<string>>;
    tags: Record<string, string>;
}

/**
 * A private endpoint with its `privatelink.*` zone linked to the VNet(s) and a zone group, so the
 * service's public name resolves to the endpoint's private address inside the network.
 */
export class PrivateLink extends pulumi.ComponentResource {
    readonly endpoint: network.PrivateEndpoint;
    readonly zone: privatedns.PrivateZone;
    readonly links: privatedns.VirtualNetworkLink[];

    constructor(name: string, a: PrivateLinkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:PrivateLink", name, {}, opts);
        const parent = { parent: this };
        this.zone = new privatedns.PrivateZone(`${name}-zone`, { resourceGroupName: a.resourceGroupName, location: "global", privateZoneName: a.zoneName, tags: a.tags }, parent);
        this.links = Object.entries(a.vnetIds).map(
            ([role, id]) => new privatedns.VirtualNetworkLink(`${name}-zone-${role}`, { resourceGroupName: a.resourceGroupName, location: "global", privateZoneName: this.zone.name, virtualNetwork: { id }, registrationEnabled: false, tags: a.tags }, parent),
        );
        this.endpoint = new network.PrivateEndpoint(`${name}-endpoint`, {
            resourceGroupName: a.resourceGroupName,
            location: a.location,
            subnet: { id: a.subnetId },
            privateLinkServiceConnections: [{ name: `${name}-${a.groupId}`, privateLinkServiceId: a.targetId, groupIds: [a.groupId] }],
            tags: a.tags,
        }, parent);
        new network.PrivateDnsZoneGroup(`${name}-dns`, {
            resourceGroupName: a.resourceGroupName,
            privateEndpointName: this.endpoint.name,
            privateDnsZoneConfigs: [{ name: a.zoneName.replace(/\./g, "-"), privateDnsZoneId: this.zone.id }],
        }, { parent: this, dependsOn: this.links });
        this.registerOutputs({});
    }
}
