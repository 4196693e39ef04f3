import { resourcePolicy } from "../lib/define";
import { containersOf, isWorkloadType, podSpecs, WORKLOAD_KINDS } from "../lib/k8s";

/** Row 39: pods bind no host ports and do not share the node's network namespace. */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-pod-no-host-network",
        title: "Pods use no hostNetwork or hostPort",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [39],
        resourceTypes: WORKLOAD_KINDS.map((k) => `kubernetes:*:${k}[Patch|List]`),
        flags: "A pod spec in any workload kind (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate; any version, Patch or List) with `hostNetwork: true` or a container port with `hostPort`.",
        anchors: ["CKV_K8S_26", "CKV_K8S_19", "KSV-0024"],
        remediation: "Expose pods through a ClusterIP Service; remove hostNetwork and hostPort.",
    },
    ({ type, props }, scan) => {
        for (const spec of podSpecs(scan, type, props)) {
            if (scan.get(spec.value, "hostNetwork") === true) scan.flag(`${spec.where}.hostNetwork is true`);
            for (const c of containersOf(scan, spec)) {
                for (const [i, port] of scan.indexed(c.value, "ports")) {
                    const hostPort = scan.get(port, "hostPort");
                    if (typeof hostPort === "number" && hostPort > 0) scan.flag(`${c.where}.ports[${i}].hostPort is ${hostPort}`);
                }
            }
        }
    },
    { appliesTo: isWorkloadType },
);
