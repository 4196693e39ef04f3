import * as pulumi from "@pulumi/pulumi";
import { isAssignableIn } from "./address-plan";

/**
 * Application Gateway WAF_v2 as data: the WAF policy's settings and the gateway's frontends,
 * listener, backend pool, probe and rule. Pure, so tests read the same objects the component sends.
 *
 * Routing: an explicit backend pool holding the static private IP of the mesh ingress gateway's
 * internal load balancer. Not AGIC: the AGIC add-on does not support Azure CNI overlay, which this
 * cluster uses (https://learn.microsoft.com/azure/application-gateway/ingress-controller-overview#container-networking);
 * and not Application Gateway for Containers: its ALB controller in the cluster would own the routes
 * (a second L7 controller beside the mesh). The mesh keeps L7 routing; the gateway filters (WAF)
 * and forwards everything to the one backend.
 */

/** The OWASP Core Rule Set the policy enforces (https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-crs-rulegroups-rules). */
export const OWASP_RULE_SET = { ruleSetType: "OWASP", ruleSetVersion: "3.2" } as const;

/** The predefined TLS policy: TLS 1.2 and later, strong ciphers only (https://learn.microsoft.com/azure/application-gateway/application-gateway-ssl-policy-overview). */
export const TLS_POLICY = { policyType: "Predefined", policyName: "AppGwSslPolicy20220101S" } as const;

export function wafPolicySettings(mode: "Prevention" | "Detection") {
    return { state: "Enabled", mode, requestBodyCheck: true, maxRequestBodySizeInKb: 128, fileUploadLimitInMb: 100 } as const;
}

/**
 * Ids may be unknown during a first preview; the structure (which frontends, which listener on
 * which frontend) never is, so policies can judge it then too.
 */
export interface AppGatewaySpecInput {
    /** The gateway's ARM id (sub-resources are referenced under it). */
    gatewayId: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    privateIp: string;
    /** A public IP resource id: the management address without network isolation, and the public listener's when `publicFrontend`. */
    publicIpId?: pulumi.Input<string>;
    /** Listen on the public IP (a loosening; needs `certificate`). */
    publicFrontend: boolean;
    /** The Key Vault secret id of the TLS certificate: HTTPS on 443 instead of HTTP on 80. */
    certificateSecretId?: pulumi.Input<string>;
    backend: { ip: string; port: number; healthCheckPath: string; healthCheckPort: number };
}

const ref = (gatewayId: pulumi.Input<string>, kind: string, name: string) => ({ id: pulumi.interpolate`${gatewayId}/${kind}/${name}` });

/** Frontends, listener, backend pool, probe, settings and the one routing rule. */
export function appGatewayTopology(i: AppGatewaySpecInput) {
    if (i.publicFrontend && !i.publicIpId) throw new Error("a public frontend needs a public IP");
    if (i.publicFrontend && !i.certificateSecretId) throw new Error("a public frontend needs a TLS certificate (no plain-HTTP public listener)");
    const https = i.certificateSecretId !== undefined;
    const listenOn = i.publicFrontend ? "public" : "private";
    return {
        gatewayIPConfigurations: [{ name: "gateway", subnet: { id: i.subnetId } }],
        frontendIPConfigurations: [
            { name: "private", privateIPAllocationMethod: "Static", privateIPAddress: i.privateIp, subnet: { id: i.subnetId } },
            ...(i.publicIpId ? [{ name: "public", publicIPAddress: { id: i.publicIpId } }] : []),
        ],
        frontendPorts: [https ? { name: "https", port: 443 } : { name: "http", port: 80 }],
        ...(https ? { sslCertificates: [{ name: "listener", keyVaultSecretId: i.certificateSecretId }], sslPolicy: { ...TLS_POLICY } } : {}),
        httpListeners: [
            {
                name: "mesh",
                frontendIPConfiguration: ref(i.gatewayId, "frontendIPConfigurations", listenOn),
                frontendPort: ref(i.gatewayId, "frontendPorts", https ? "https" : "http"),
                protocol: https ? "Https" : "Http",
                ...(https ? { sslCertificate: ref(i.gatewayId, "sslCertificates", "listener") } : {}),
            },
        ],
        backendAddressPools: [{ name: "mesh-ingress", backendAddresses: [{ ipAddress: i.backend.ip }] }],
        probes: [
            {
                name: "mesh-ready",
                protocol: "Http",
                host: i.backend.ip,
                port: i.backend.healthCheckPort,
                path: i.backend.healthCheckPath,
                interval: 15,
                timeout: 5,
                unhealthyThreshold: 3,
            },
        ],
        backendHttpSettingsCollection: [
            {
                name: "mesh",
                port: i.backend.port,
                protocol: "Http",
                cookieBasedAffinity: "Disabled",
                // The Host header passes through, so the mesh's Gateway matches the client's host.
                pickHostNameFromBackendAddress: false,
                requestTimeout: 60,
                probe: ref(i.gatewayId, "probes", "mesh-ready"),
            },
        ],
        requestRoutingRules: [
            {
                name: "mesh",
                ruleType: "Basic",
                priority: 100,
                httpListener: ref(i.gatewayId, "httpListeners", "mesh"),
                backendAddressPool: ref(i.gatewayId, "backendAddressPools", "mesh-ingress"),
                backendHttpSettings: ref(i.gatewayId, "backendHttpSettingsCollection", "mesh"),
            },
        ],
    };
}

/**
 * Problems with the edge's frontend address, in the config error format: the private frontend must
 * be an assignable address of the Application Gateway subnet. (The backend, `ingress.privateIp`,
 * is checked against the ingress subnet with the plane's other addresses.)
 */
export function appGatewayFrontendProblems(file: string, frontendIp: string | undefined, appGatewaySubnet: string): string[] {
    if (frontendIp === undefined || isAssignableIn(frontendIp, appGatewaySubnet)) return [];
    return [`${file}: splitplane:ingress.appGateway.privateIp must be an assignable address of the Application Gateway subnet ${appGatewaySubnet} (Azure keeps its first four and its last) (got ${JSON.stringify(frontendIp)})`];
}
