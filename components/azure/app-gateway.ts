import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { appGatewayTopology, OWASP_RULE_SET, wafPolicySettings } from "./app-gateway-specs";
import { assignRole } from "./roles";

export interface AppGatewayEdgeArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subscriptionId: pulumi.Input<string>;
    /** The gateway's name in Azure (its sub-resources are referenced under it). */
    gatewayName: string;
    subnetId: pulumi.Input<string>;
    zones: string[];
    privateIp: string;
    /** Without network isolation a v2 gateway needs a public IP for its management traffic. */
    networkIsolation: boolean;
    /** Listen on a public IP (a reported loosening; needs `certificate`). */
    publicFrontend: boolean;
    /** A TLS certificate in the environment's Key Vault: the listener's secret id, and the grant that lets the gateway read it. */
    certificate?: { secretId: pulumi.Input<string>; readGrant: { roleDefinitionId: pulumi.Input<string>; scope: pulumi.Input<string> } };
    wafMode: "Prevention" | "Detection";
    minCapacity: number;
    maxCapacity: number;
    backend: { ip: string; port: number; healthCheckPath: string; healthCheckPort: number };
    /**
     * Resources the gateway must be created after (and removed before). An argument, not the
     * component's `dependsOn`, which would not hold back the children. The stack passes none: the
     * backend is an IP by value, which ARM does not resolve. @default []
     */
    after?: pulumi.Input<pulumi.Resource>[];
    tags: Record<string, string>;
}

/**
 * Application Gateway WAF_v2 as the edge of the mesh's internal ingress: a WAF policy (OWASP CRS
 * 3.2 managed rules, Prevention mode) attached to the gateway, a static private frontend IP in the
 * Application Gateway subnet, and one backend pool holding the static private IP of the mesh
 * ingress gateway's internal load balancer. A public frontend exists only when asked for (and is
 * then HTTPS only); a public IP without a listener exists only without network isolation, where
 * Azure requires it for the gateway's management.
 *
 * The gateway is created after `after` (none by default) and removed before it.
 */
export class AppGatewayEdge extends pulumi.ComponentResource {
    readonly gateway: network.ApplicationGateway;
    readonly wafPolicy: network.WebApplicationFirewallPolicy;
    readonly publicIp?: network.PublicIPAddress;
    readonly identity?: managedidentity.UserAssignedIdentity;
    readonly privateIp: string;

    constructor(name: string, a: AppGatewayEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:azure:AppGatewayEdge", name, {}, opts);
        if (a.publicFrontend && !a.certificate) throw new Error(`${name}: a public frontend needs a TLS certificate (no plain-HTTP public listener)`);
        const parent = { parent: this };
        const base = { resourceGroupName: a.resourceGroupName, location: a.location, tags: a.tags };
        this.privateIp = a.privateIp;

        // https://learn.microsoft.com/azure/web-application-firewall/ag/policy-overview
        this.wafPolicy = new network.WebApplicationFirewallPolicy(`${name}-waf`, {
            ...base,
            policySettings: wafPolicySettings(a.wafMode),
            managedRules: { managedRuleSets: [{ ...OWASP_RULE_SET }] },
        }, parent);

        if (a.publicFrontend || !a.networkIsolation) {
            this.publicIp = new network.PublicIPAddress(`${name}-ip`, { ...base, sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4", zones: a.zones }, parent);
        }

        const grants: pulumi.Resource[] = [];
        if (a.certificate) {
            // The gateway reads its certificate from Key Vault as this identity, granted that one secret.
            // https://learn.microsoft.com/azure/application-gateway/key-vault-certs
            this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, base, parent);
            grants.push(assignRole(`${name}-certificate-reader`, this.identity.principalId, a.certificate.readGrant, parent));
        }

        const gatewayId = pulumi.interpolate`/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroupName}/providers/Microsoft.Network/applicationGateways/${a.gatewayName}`;
        const topology = appGatewayTopology({ gatewayId, subnetId: a.subnetId, privateIp: a.privateIp, publicIpId: this.publicIp?.id, publicFrontend: a.publicFrontend, certificateSecretId: a.certificate?.secretId, backend: a.backend });

        this.gateway = new network.ApplicationGateway(
            `${name}-gateway`,
            {
                ...base,
                applicationGatewayName: a.gatewayName,
                sku: { name: "WAF_v2", tier: "WAF_v2" },
                autoscaleConfiguration: { minCapacity: a.minCapacity, maxCapacity: a.maxCapacity },
                zones: a.zones,
                firewallPolicy: { id: this.wafPolicy.id },
                ...(this.identity ? { identity: { type: "UserAssigned" as const, userAssignedIdentities: [this.identity.id] } } : {}),
                ...topology,
            },
            { parent: this, dependsOn: [...grants, ...(a.after ?? [])] },
        );
        this.registerOutputs({ privateIp: this.privateIp });
    }
}
