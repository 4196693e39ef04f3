import { resourcePolicy } from "../lib/define";
import { coreKindTypes, objectsOf } from "../lib/k8s";

/** Row 37: no NodePort Services; every node would listen on the port. */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-service-no-node-port",
        title: "No NodePort Services",
        theme: "I",
        level: "mandatory",
        severity: "medium",
        kind: "resource",
        checks: [37],
        resourceTypes: coreKindTypes("Service"),
        flags: "A Service (also Patch and List) of `type: NodePort`.",
        anchors: ["KICS 845acfbe", "Gatekeeper K8sBlockNodePort"],
        remediation: "Use ClusterIP behind the internal ingress.",
    },
    ({ type, props }, scan) => {
        for (const obj of objectsOf(scan, type, props)) {
            if (scan.at(obj.value, "spec", "type") === "NodePort") scan.flag(`${obj.where}spec.type is NodePort: every node listens on the port`);
        }
    },
);
