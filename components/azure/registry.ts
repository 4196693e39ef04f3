import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { PrivateLink } from "./private-endpoint";
import { assignRole, BUILTIN_ROLE, roleDefinitionId } from "./roles";
import { registryNameFor } from "./service-names";

export interface PrivateRegistryArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subscriptionId: pulumi.Input<string>;
    namePrefix: string;
    /** Zone redundancy can only be chosen when the registry is created. */
    zoneRedundant: boolean;
    endpointsSubnetId: pulumi.Input<string>;
    vnetIds: Record<string, pulumi.Input<string>>;
    /** Principals that pull images (the kubelet identity). */
    pullers: Record<string, pulumi.Input<string>>;
    protect: boolean;
    tags: Record<string, string>;
}

/**
 * The plane's image registry: Premium (the only tier with private endpoints), reached only through
 * a private endpoint (`privatelink.azurecr.io`, which also carries the regional data endpoint's
 * records), no admin user (no registry password), no anonymous pull, public network access
 * disabled without the trusted-services bypass, and export disabled. Nodes pull with the kubelet
 * identity's AcrPull on this registry only.
 * https://learn.microsoft.com/azure/container-registry/container-registry-private-link
 */
export class PrivateRegistry extends pulumi.ComponentResource {
    readonly registry: containerregistry.Registry;
    readonly privateLink: PrivateLink;
    readonly loginServer: pulumi.Output<string>;

    constructor(name: string, a: PrivateRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:PrivateRegistry", name, {}, opts);
        const parent = { parent: this };
        const suffix = new random.RandomString(`${name}-suffix`, { length: 5, special: false, upper: false, numeric: true }, parent);
        this.registry = new containerregistry.Registry(
            `${name}-registry`,
            {
                resourceGroupName: a.resourceGroupName,
                location: a.location,
                registryName: suffix.result.apply((s) => registryNameFor(a.namePrefix, s)),
                sku: { name: "Premium" },
                adminUserEnabled: false,
                anonymousPullEnabled: false,
                publicNetworkAccess: "Disabled",
                networkRuleBypassOptions: "None",
                zoneRedundancy: a.zoneRedundant ? "Enabled" : "Disabled",
                // Export needs public access disabled, and stays disabled: images leave only by pull.
                policies: { exportPolicy: { status: "disabled" } },
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );
        this.loginServer = this.registry.loginServer;
        this.privateLink = new PrivateLink(`${name}-private`, {
            resourceGroupName: a.resourceGroupName,
            location: a.location,
            targetId: this.registry.id,
            groupId: "registry",
            zoneName: "privatelink.azurecr.io",
            subnetId: a.endpointsSubnetId,
            vnetIds: a.vnetIds,
            tags: a.tags,
        }, parent);
        for (const [role, principalId] of Object.entries(a.pullers)) {
            assignRole(`${name}-pull-${role}`, principalId, { roleDefinitionId: roleDefinitionId(a.subscriptionId, BUILTIN_ROLE.acrPull), scope: this.registry.id }, parent);
        }
        this.registerOutputs({ loginServer: this.loginServer });
    }
}
