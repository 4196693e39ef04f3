import { resourcePolicy } from "../lib/define";
import { coreKindTypes, Located, objectsOf } from "../lib/k8s";
import { internalByAnnotations } from "../lib/load-balancer";
import { isInternetSource } from "../lib/net";
import { Scan, UNSEEN } from "../lib/scan";

/** Row 36: a LoadBalancer Service is internal, or admits only named source ranges. */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-service-no-public-load-balancer",
        title: "LoadBalancer Services are internal",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [36],
        resourceTypes: coreKindTypes("Service"),
        flags: "A `type: LoadBalancer` Service (also Patch and List) without an internal-LB annotation (AWS `aws-load-balancer-scheme: internal`, Azure `azure-load-balancer-internal: \"true\"`) and without `loadBalancerSourceRanges` that exclude the internet.",
        anchors: ["KICS 26763a1c", "Gatekeeper K8sBlockLoadBalancer"],
        remediation: "Annotate the Service as internal, or expose it through the internal ingress.",
    },
    ({ type, props }, scan) => {
        for (const obj of objectsOf(scan, type, props)) judge(scan, obj);
    },
);

function judge(scan: Scan, obj: Located): void {
    if (scan.at(obj.value, "spec", "type") !== "LoadBalancer") return;
    const internal = internalByAnnotations(scan, scan.at(obj.value, "metadata", "annotations"));
    if (internal !== false) return;
    const ranges = scan.at(obj.value, "spec", "loadBalancerSourceRanges");
    if (ranges === UNSEEN) return;
    const list = scan.list(obj.value, "spec", "loadBalancerSourceRanges").filter((r): r is string => typeof r === "string");
    if (Array.isArray(ranges) && ranges.length > 0 && !list.some(isInternetSource)) return;
    scan.flag(`${obj.where}spec.type is LoadBalancer with no internal-load-balancer annotation and no loadBalancerSourceRanges restricting it: the cloud creates an internet-facing load balancer`);
}
