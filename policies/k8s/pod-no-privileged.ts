import { resourcePolicy } from "../lib/define";
import { containersOf, isWorkloadType, podSpecs, WORKLOAD_KINDS } from "../lib/k8s";

/** Row 44: no privileged containers. */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-pod-no-privileged",
        title: "No privileged containers",
        theme: "H",
        level: "advisory",
        severity: "high",
        kind: "resource",
        checks: [44],
        resourceTypes: WORKLOAD_KINDS.map((k) => `kubernetes:*:${k}[Patch|List]`),
        flags: "A container, init container or ephemeral container with `securityContext.privileged: true`, in any workload kind.",
        anchors: ["CKV_K8S_16", "KSV-0017"],
        remediation: "Drop `privileged`; grant only the capabilities the container needs.",
    },
    ({ type, props }, scan) => {
        for (const spec of podSpecs(scan, type, props)) {
            for (const c of containersOf(scan, spec)) {
                if (scan.at(c.value, "securityContext", "privileged") === true) scan.flag(`${c.where}.securityContext.privileged is true`);
            }
        }
    },
    { appliesTo: isWorkloadType },
);
