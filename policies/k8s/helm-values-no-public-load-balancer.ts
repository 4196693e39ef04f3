import { resourcePolicy } from "../lib/define";
import { internalByAnnotations } from "../lib/load-balancer";
import { isInternetSource } from "../lib/net";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { HELM } from "../lib/types";

/** Values keys that make a load balancer public, with the value that does it. */
const PUBLIC_SETTINGS: ReadonlyArray<[string, string]> = [
    // Annotations a chart copies onto its Service or Ingress.
    ["service.beta.kubernetes.io/aws-load-balancer-scheme", "internet-facing"],
    ["alb.ingress.kubernetes.io/scheme", "internet-facing"],
    ["service.beta.kubernetes.io/azure-load-balancer-internal", "false"],
    // The AWS Load Balancer Controller chart's default for every Ingress and Service, and its IngressClassParams.
    ["defaultLoadBalancerScheme", "internet-facing"],
    ["scheme", "internet-facing"],
];
const PUBLIC = new Map(PUBLIC_SETTINGS);
/** Where charts take a Service's annotations, beside its `type` (`service.annotations`, istio's older `serviceAnnotations`). */
const ANNOTATION_KEYS = ["annotations", "serviceAnnotations"];

/** Nesting beyond this is not configuration a person wrote. */
const MAX_DEPTH = 32;

/**
 * Rows 10 and 36, for Helm v3 releases: a Release renders its chart inside the cluster, so the
 * Services and Ingresses it makes never reach the Service and Ingress policies. What the program
 * can see is the values it passes; one that asks for an internet-facing load balancer is flagged
 * here. (A chart whose own defaults are public stays invisible: prefer `helm.v4.Chart`, whose
 * rendered resources every policy judges.)
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-helm-values-no-public-load-balancer",
        title: "Helm release values ask for no public load balancer",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [10, 36, 37],
        resourceTypes: [HELM.release],
        flags: "A Helm v3 Release whose `values`, at any depth, ask for a Service of `type: LoadBalancer` with no internal-LB annotation beside it (in `annotations` or `serviceAnnotations`) and no `loadBalancerSourceRanges` excluding the internet, or of `type: NodePort`; or set `service.beta.kubernetes.io/aws-load-balancer-scheme` or `alb.ingress.kubernetes.io/scheme` to internet-facing, `service.beta.kubernetes.io/azure-load-balancer-internal` to \"false\", or the AWS Load Balancer Controller's `defaultLoadBalancerScheme` / IngressClassParams `scheme` to internet-facing.",
        anchors: ["splitplane rule (outbound-only planes)", "KICS 26763a1c"],
        remediation: "Drop the setting (the controllers' defaults are internal) or set it to internal; expose a deliberate public endpoint with a named exemption.",
    },
    ({ props }, scan) => {
        const values = scan.get(props, "values");
        if (values === UNSEEN) return;
        walk(scan, "values", values, 0);
    },
);

function walk(scan: Scan, where: string, node: unknown, depth: number): void {
    if (depth > MAX_DEPTH || node === null || typeof node !== "object") return;
    if (!Array.isArray(node)) judgeServiceType(scan, where, node);
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
        const path = typeof key === "number" ? `${where}[${key}]` : `${where}.${key}`;
        const publicValue = typeof key === "string" ? PUBLIC.get(key) : undefined;
        // Only the keys that matter are read strictly: an unknown role ARN elsewhere is no reason to stop.
        const value = publicValue !== undefined ? scan.get(node, key) : scan.peek(node, key);
        if (value === UNSEEN) continue;
        if (value !== null && typeof value === "object") walk(scan, path, value, depth + 1);
        else if (publicValue !== undefined && asString(value)?.toLowerCase() === publicValue) {
            scan.flag(`${path} is ${publicValue === "false" ? '"false"' : publicValue}: the chart creates a public load balancer, which no Service or Ingress policy can see inside a Helm release`);
        }
    }
}

/**
 * A values object that describes a Service (`service: { type: LoadBalancer, annotations }`, the
 * convention of the Istio gateway, ingress-nginx, Traefik, Argo CD and Bitnami charts): the chart
 * renders a LoadBalancer Service from it, public unless the annotations beside `type` say internal.
 */
function judgeServiceType(scan: Scan, where: string, node: object): void {
    if (!Object.prototype.hasOwnProperty.call(node, "type")) return;
    const type = scan.peek(node, "type");
    if (type === "NodePort") {
        scan.flag(`${where}.type is NodePort: the chart opens a port on every node, which no Service policy can see inside a Helm release`);
        return;
    }
    if (type !== "LoadBalancer") return;
    for (const key of ANNOTATION_KEYS) {
        const annotations = scan.get(node, key);
        // An explicit public scheme is reported by the walk; an unknown map is remembered as unknown.
        if (annotations === UNSEEN) return;
        if (annotations !== null && typeof annotations === "object" && Object.keys(annotations).some((k) => PUBLIC.has(k))) return;
        if (internalByAnnotations(scan, annotations) !== false) return;
    }
    const ranges = scan.get(node, "loadBalancerSourceRanges");
    if (ranges === UNSEEN) return;
    const list = scan.list(node, "loadBalancerSourceRanges").filter((r): r is string => typeof r === "string");
    if (Array.isArray(ranges) && ranges.length > 0 && !list.some(isInternetSource)) return;
    scan.flag(`${where}.type is LoadBalancer with no internal-load-balancer annotation beside it: the chart creates an internet-facing load balancer, which no Service policy can see inside a Helm release`);
}
