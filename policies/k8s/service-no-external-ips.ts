import { resourcePolicy } from "../lib/define";
import { coreKindTypes, objectsOf } from "../lib/k8s";
import { UNSEEN } from "../lib/scan";

/** Row 38: no `externalIPs` (also a known traffic-interception vector, CVE-2020-8554). */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-service-no-external-ips",
        title: "Services set no externalIPs",
        theme: "I",
        level: "mandatory",
        severity: "medium",
        kind: "resource",
        checks: [38],
        resourceTypes: coreKindTypes("Service"),
        flags: "A Service (also Patch and List) with `spec.externalIPs`.",
        anchors: ["Kyverno restrict-external-ips"],
        remediation: "Remove `externalIPs`; expose through the internal ingress.",
    },
    ({ type, props }, scan) => {
        for (const obj of objectsOf(scan, type, props)) {
            const ips = scan.at(obj.value, "spec", "externalIPs");
            if (ips !== UNSEEN && Array.isArray(ips) && ips.length > 0) scan.flag(`${obj.where}spec.externalIPs is set (${ips.length} address(es))`);
        }
    },
);
