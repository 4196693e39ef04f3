import { resourcePolicy } from "../lib/define";
import { isKind, objectsOf } from "../lib/k8s";
import { internalByAnnotations } from "../lib/load-balancer";
import { asString, Scan, UNSEEN } from "../lib/scan";

/** Istio's annotation for the type of the Service it deploys for a Gateway. */
const ISTIO_SERVICE_TYPE = "networking.istio.io/service-type";
/** GKE's gateway classes whose load balancers are internal. */
const INTERNAL_CLASSES = new Set(["gke-l7-rilb", "gke-l7-rilb-mc"]);

/**
 * Rows 10 and 36 for the Gateway API: an in-cluster implementation (Istio, Envoy Gateway,
 * Cilium, NGINX Gateway Fabric…) deploys a `LoadBalancer` Service for each Gateway, which the
 * cloud makes internet-facing unless the Service carries an internal-LB annotation. The Gateway
 * API passes annotations to that Service through `spec.infrastructure.annotations`
 * (GatewayInfrastructurePropagation, https://gateway-api.sigs.k8s.io/guides/infrastructure);
 * Istio also copies the Gateway's own annotations, and deploys a ClusterIP Service on
 * `networking.istio.io/service-type: ClusterIP`.
 *
 * Routes (HTTPRoute, GRPCRoute, TLSRoute…) open no listener: they are exposed exactly as far as
 * the Gateway they attach to, which is judged here.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-gateway-internal-only",
        title: "Gateway API Gateways make internal load balancers",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [10, 36],
        resourceTypes: ["kubernetes:gateway.networking.k8s.io/*:Gateway[Patch|List]"],
        flags: "A Gateway (gateway.networking.k8s.io) with no internal-LB annotation (AWS `aws-load-balancer-scheme: internal`, Azure `azure-load-balancer-internal: \"true\"`, GKE `load-balancer-type: Internal`) in `spec.infrastructure.annotations` or its own annotations, no `networking.istio.io/service-type: ClusterIP`, and a class that is not internal by itself. Routes are exposed through their Gateway and judged there.",
        anchors: ["splitplane rule (outbound-only planes)", "KICS 26763a1c"],
        remediation: "Add the cloud's internal-LB annotation under `spec.infrastructure.annotations` (or `networking.istio.io/service-type: ClusterIP` behind the internal ingress); a deliberate public Gateway needs a named exemption.",
    },
    ({ type, props }, scan) => {
        for (const obj of objectsOf(scan, type, props)) judge(scan, obj.where, obj.value);
    },
    { appliesTo: (t) => isKind(t, "gateway.networking.k8s.io", "Gateway") },
);

function judge(scan: Scan, where: string, gw: unknown): void {
    const cls = scan.at(gw, "spec", "gatewayClassName");
    if (cls === UNSEEN || INTERNAL_CLASSES.has(asString(cls) ?? "")) return;
    const own = scan.at(gw, "metadata", "annotations");
    const serviceType = scan.get(own, ISTIO_SERVICE_TYPE);
    if (serviceType === UNSEEN || asString(serviceType) === "ClusterIP") return;
    const infra = internalByAnnotations(scan, scan.at(gw, "spec", "infrastructure", "annotations"));
    const meta = internalByAnnotations(scan, own);
    if (infra !== false || meta !== false) return;
    scan.flag(`${where}spec.infrastructure.annotations has no internal-load-balancer annotation: the implementation deploys a LoadBalancer Service the cloud makes internet-facing`);
}
