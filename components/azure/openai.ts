import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { CloudPermissions } from "../compute-plane";
import { PrivateLink } from "./private-endpoint";
import { BUILTIN_ROLE, roleDefinitionId } from "./roles";
import { openAiNameFor } from "./service-names";

export interface PrivateOpenAiArgs {
    resourceGroupName: pulumi.Input<string>;
    /** The VNet's region (the private endpoint's). */
    location: string;
    /** The account's region (Azure OpenAI is not offered everywhere); a private endpoint reaches it across regions. */
    accountLocation: string;
    subscriptionId: pulumi.Input<string>;
    namePrefix: string;
    endpointsSubnetId: pulumi.Input<string>;
    vnetIds: Record<string, pulumi.Input<string>>;
    tags: Record<string, string>;
}

/**
 * An optional Azure OpenAI account for the gateway: local (key) authentication disabled, so only
 * Entra tokens work; public network access disabled with a deny-all ACL; reached through a private
 * endpoint (`privatelink.openai.azure.com`, linked to the VNet). The custom subdomain is required
 * for both Entra authentication and private endpoints.
 * https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity
 * https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks
 */
export class PrivateOpenAi extends pulumi.ComponentResource {
    readonly account: cognitiveservices.Account;
    readonly privateLink: PrivateLink;
    /** `https://<name>.openai.azure.com/`. */
    readonly endpoint: pulumi.Output<string>;
    private readonly subscriptionId: pulumi.Input<string>;

    constructor(name: string, a: PrivateOpenAiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:PrivateOpenAi", name, {}, opts);
        this.subscriptionId = a.subscriptionId;
        const parent = { parent: this };
        const suffix = new random.RandomString(`${name}-suffix`, { length: 5, special: false, upper: false, numeric: true }, parent);
        const accountName = suffix.result.apply((s) => openAiNameFor(a.namePrefix, s));
        this.account = new cognitiveservices.Account(
            `${name}-account`,
            {
                resourceGroupName: a.resourceGroupName,
                location: a.accountLocation,
                accountName,
                kind: "OpenAI",
                sku: { name: "S0" },
                properties: {
                    customSubDomainName: accountName,
                    disableLocalAuth: true,
                    publicNetworkAccess: "Disabled",
                    networkAcls: { defaultAction: "Deny" },
                    // Nothing the account calls out to on its own.
                    restrictOutboundNetworkAccess: true,
                },
                tags: a.tags,
            },
            parent,
        );
        this.endpoint = pulumi.interpolate`https://${accountName}.openai.azure.com/`;
        this.privateLink = new PrivateLink(`${name}-private`, {
            resourceGroupName: a.resourceGroupName,
            location: a.location,
            targetId: this.account.id,
            groupId: "account",
            zoneName: "privatelink.openai.azure.com",
            subnetId: a.endpointsSubnetId,
            vnetIds: a.vnetIds,
            tags: a.tags,
        }, parent);
        this.registerOutputs({ endpoint: this.endpoint });
    }

    /** Inference with an Entra token (`Cognitive Services OpenAI User` on this account), for `plane.bindServiceAccount`. */
    get userPermissions(): CloudPermissions {
        return { kind: "azure-rbac", roleAssignments: [{ roleDefinitionId: roleDefinitionId(this.subscriptionId, BUILTIN_ROLE.cognitiveServicesOpenAiUser), scope: this.account.id }] };
    }
}
