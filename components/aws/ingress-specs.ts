import type { Input } from "@pulumi/pulumi";
import { Toleration } from "../compute-plane";

/**
 * AWS Load Balancer Controller values and the ALB Ingress, as plain data. Annotation names follow
 * the controller's documentation (kubernetes-sigs/aws-load-balancer-controller, `docs/guide/ingress/annotations.md`).
 */

export const ALB_INGRESS_CLASS = "alb";
/** TLS 1.3 with TLS 1.2 fallback, AWS's recommended ALB policy. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Generic over the leaves that come from other resources: strings in tests, Outputs in the component. */
export interface LbControllerValuesArgs<S extends Input<string> = string> {
    clusterName: S;
    region: S;
    vpcId: S;
    serviceAccountName: string;
    tags: Record<string, string>;
    placement: { nodeSelector: Record<string, string>; tolerations: Toleration[] };
}

/**
 * Values for the `aws-load-balancer-controller` chart. Region and VPC are given because the system
 * nodes' IMDS hop limit of 1 hides instance metadata from pods. The service account is created
 * by the IRSA binding, so the chart must not create one. New load balancers default to internal.
 */
export function lbControllerValues<S extends Input<string>>(a: LbControllerValuesArgs<S>): Record<string, unknown> {
    return {
        clusterName: a.clusterName,
        region: a.region,
        vpcId: a.vpcId,
        replicaCount: 2,
        serviceAccount: { create: false, name: a.serviceAccountName },
        nodeSelector: a.placement.nodeSelector,
        tolerations: a.placement.tolerations,
        podDisruptionBudget: { maxUnavailable: 1 },
        defaultTargetType: "ip",
        defaultLoadBalancerScheme: "internal",
        defaultSSLPolicy: ALB_SSL_POLICY,
        defaultTags: a.tags,
        createIngressClassResource: true,
        ingressClass: ALB_INGRESS_CLASS,
    };
}

export interface AlbIngressArgs {
    internetFacing: boolean;
    certificateArn: string;
    /** Client CIDRs the load balancer's security group admits. */
    allowedCidrs: string[];
    wafAclArn?: string;
    backend: { name: string; port: number; healthCheckPath: string; healthCheckPort: number };
    tags: Record<string, string>;
}

/** ALB tags annotation: `k1=v1,k2=v2` (commas and equals signs are not allowed inside values). */
export function tagAnnotation(tags: Record<string, string>): string {
    return Object.entries(tags)
        .filter(([k, v]) => !/[,=]/.test(k) && !/[,=]/.test(v))
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

/**
 * The Ingress annotations: internal unless explicitly internet-facing, IP targets (straight to
 * the gateway pods), HTTPS only with HTTP redirected, TLS from ACM, optional WAF.
 */
export function albIngressAnnotations(a: AlbIngressArgs): Record<string, string> {
    return {
        "alb.ingress.kubernetes.io/scheme": a.internetFacing ? "internet-facing" : "internal",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn": a.certificateArn,
        "alb.ingress.kubernetes.io/ssl-policy": ALB_SSL_POLICY,
        "alb.ingress.kubernetes.io/inbound-cidrs": a.allowedCidrs.join(","),
        "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
        "alb.ingress.kubernetes.io/healthcheck-path": a.backend.healthCheckPath,
        "alb.ingress.kubernetes.io/healthcheck-port": String(a.backend.healthCheckPort),
        "alb.ingress.kubernetes.io/load-balancer-attributes": "routing.http.drop_invalid_header_fields.enabled=true",
        "alb.ingress.kubernetes.io/tags": tagAnnotation(a.tags),
        ...(a.wafAclArn ? { "alb.ingress.kubernetes.io/wafv2-acl-arn": a.wafAclArn } : {}),
    };
}

/**
 * When Pulumi counts the Ingress as ready: once the controller has published the ALB's host name.
 * Pulumi's default Ingress await also wants Endpoints for every backend Service, and the gateway
 * Service only arrives with the mesh (a later phase), so without this `pulumi up` would wait ten
 * minutes and fail. The controller still builds the ALB for a missing Service (its
 * `tolerateNonExistentBackendService` default), answering 503 until the Service exists.
 * The annotation changes readiness only: on delete Pulumi still waits for the controller's
 * finalizer, i.e. for the ALB to be gone.
 */
export const INGRESS_READY_ANNOTATIONS: Record<string, string> = { "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].hostname}" };

export function albIngressSpec(a: Pick<AlbIngressArgs, "backend">): Record<string, unknown> {
    return {
        ingressClassName: ALB_INGRESS_CLASS,
        rules: [
            {
                http: {
                    paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: a.backend.name, port: { number: a.backend.port } } } }],
                },
            },
        ],
    };
}

/** Annotations that keep a `LoadBalancer` Service on an internal NLB. */
export const INTERNAL_SERVICE_ANNOTATIONS: Record<string, string> = {
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
};
