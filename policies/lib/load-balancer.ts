import { asString, Scan, UNSEEN, Unseen } from "./scan";

/**
 * Annotations that make the cloud's load balancer for a Kubernetes Service internal, with the
 * value each needs (AWS Load Balancer Controller and in-tree AWS, Azure cloud provider, GKE).
 * Shared by the Service, Gateway API and Helm values policies, which all end in such a Service.
 */
export const INTERNAL_ANNOTATIONS: ReadonlyArray<[string, (v: string) => boolean]> = [
    ["service.beta.kubernetes.io/aws-load-balancer-scheme", (v) => v === "internal"],
    ["service.beta.kubernetes.io/aws-load-balancer-internal", (v) => v === "true"],
    ["service.beta.kubernetes.io/azure-load-balancer-internal", (v) => v === "true"],
    ["networking.gke.io/load-balancer-type", (v) => v.toLowerCase() === "internal"],
];

/**
 * Whether an annotations object asks for an internal load balancer: true, false, or UNSEEN when
 * an annotation that could decide it is unknown during preview (remembered by the scan).
 */
export function internalByAnnotations(scan: Scan, annotations: unknown): boolean | Unseen {
    if (annotations === UNSEEN) return UNSEEN;
    for (const [key, isInternal] of INTERNAL_ANNOTATIONS) {
        const raw = scan.get(annotations, key);
        if (raw === UNSEEN) return UNSEEN;
        const v = asString(raw);
        if (v !== undefined && isInternal(v)) return true;
    }
    return false;
}
