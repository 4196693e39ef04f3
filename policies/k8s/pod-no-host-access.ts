import { resourcePolicy } from "../lib/define";
import { containersOf, isWorkloadType, Located, podSpecs, WORKLOAD_KINDS } from "../lib/k8s";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { HELM } from "../lib/types";

/**
 * Pods that reach into their node, beyond host networking (`k8s-pod-no-host-network`) and
 * privileged containers (`k8s-pod-no-privileged`): the host's PID and IPC namespaces, hostPath
 * volumes, privilege escalation asked for explicitly, and capabilities beyond the Pod Security
 * Standards' baseline set. Advisory like privileged containers: node agents need some of this,
 * and each such workload is exempted by name with its reason (the `splitplane.dev/exemption`
 * annotation or `splitplane:policy.exemptions`).
 *
 * Helm v3 releases render their pods in the cluster: only what the values ask for is visible
 * here, and a chart's own defaults (the NVIDIA device plugin's hostPath to the kubelet, the
 * Karpenter, External Secrets or Istio pods) are not; a `helm.v4.Chart` is rendered in the
 * program, so its pods are judged like any other.
 */

/** Capabilities a container may add under the Pod Security Standards' baseline profile. */
const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);

/**
 * Host paths a workload may mount: the kubelet's device-plugin socket directory, which a device
 * plugin (the NVIDIA one, for GPU pools) must register through, and nothing else.
 */
const ALLOWED_HOST_PATHS = new Set(["/var/lib/kubelet/device-plugins", "/var/lib/kubelet/device-plugins/"]);

const capability = (c: string) => c.toUpperCase().replace(/^CAP_/, "");

export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-pod-no-host-access",
        title: "Pods do not reach into their node",
        theme: "H",
        level: "advisory",
        severity: "high",
        kind: "resource",
        checks: [44],
        resourceTypes: [...WORKLOAD_KINDS.map((k) => `kubernetes:*:${k}[Patch|List]`), HELM.release],
        flags: "A pod spec in any workload kind (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate, Argo Rollout; any version, Patch or List) with `hostPID` or `hostIPC`, a `hostPath` volume (except the kubelet's device-plugin directory), a container with `allowPrivilegeEscalation: true` or adding a capability beyond the Pod Security Standards' baseline (SYS_ADMIN, NET_ADMIN, ALL…); and Helm v3 release values that ask for any of these or for `privileged: true`.",
        anchors: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_20", "CKV_K8S_39", "KSV-0001", "KSV-0008", "KSV-0010", "KSV-0022", "KSV-0023", "Pod Security Standards baseline"],
        remediation: "Drop the host namespaces, host paths and added capabilities; for a node agent that needs them, add the `splitplane.dev/exemption` annotation naming this policy and why.",
    },
    ({ type, props }, scan) => {
        if (type === HELM.release) {
            const values = scan.get(props, "values");
            if (values !== UNSEEN) walkValues(scan, "values", values, 0);
            return;
        }
        for (const spec of podSpecs(scan, type, props)) judgePod(scan, spec);
    },
    { appliesTo: (t) => t === HELM.release || isWorkloadType(t) },
);

function judgePod(scan: Scan, spec: Located): void {
    for (const ns of ["hostPID", "hostIPC"]) if (scan.get(spec.value, ns) === true) scan.flag(`${spec.where}.${ns} is true: the pod shares the node's ${ns === "hostPID" ? "process" : "IPC"} namespace`);
    for (const [i, v] of scan.indexed(spec.value, "volumes")) {
        const hostPath = scan.get(v, "hostPath");
        if (hostPath === undefined || hostPath === UNSEEN) continue;
        const path = scan.get(hostPath, "path");
        if (path === UNSEEN || ALLOWED_HOST_PATHS.has(asString(path) ?? "")) continue;
        scan.flag(`${spec.where}.volumes[${i}] mounts the node's ${asString(path) ?? "filesystem"} (hostPath)`);
    }
    for (const c of containersOf(scan, spec)) judgeSecurityContext(scan, `${c.where}.securityContext`, scan.get(c.value, "securityContext"), false);
}

/** A security context at `where`; `privileged` too when no other policy judges it (Helm values). */
function judgeSecurityContext(scan: Scan, where: string, sc: unknown, privileged: boolean): void {
    if (sc === undefined || sc === UNSEEN || sc === null) return;
    if (privileged && scan.get(sc, "privileged") === true) scan.flag(`${where}.privileged is true`);
    if (scan.get(sc, "allowPrivilegeEscalation") === true) scan.flag(`${where}.allowPrivilegeEscalation is true`);
    const added = scan.list(sc, "capabilities", "add").filter((c): c is string => typeof c === "string").map(capability).filter((c) => !BASELINE_CAPABILITIES.has(c));
    if (added.length > 0) scan.flag(`${where}.capabilities.add includes ${added.join(", ")}: beyond the baseline set, these give the container power over the node`);
}

/** Nesting beyond this is not configuration a person wrote. */
const MAX_DEPTH = 32;

/**
 * Helm values: a `securityContext` object anywhere (the convention of every chart for a pod's or
 * container's context), `hostPID` / `hostIPC` set true anywhere, and `hostPath` volumes in any
 * list of volumes (`volumes`, `extraVolumes`…). Values are only peeked at except these keys, so an
 * unknown role ARN elsewhere does not make the release unjudgeable.
 */
function walkValues(scan: Scan, where: string, node: unknown, depth: number): void {
    if (depth > MAX_DEPTH || node === null || typeof node !== "object") return;
    const keys: Array<string | number> = Array.isArray(node) ? Array.from({ length: node.length }, (_, i) => i) : Object.keys(node);
    for (const key of keys) {
        const path = typeof key === "number" ? `${where}[${key}]` : `${where}.${key}`;
        if (key === "hostPID" || key === "hostIPC") {
            if (scan.get(node, key) === true) scan.flag(`${path} is true: the chart's pods share the node's ${key === "hostPID" ? "process" : "IPC"} namespace`);
            continue;
        }
        if (key === "securityContext" || key === "containerSecurityContext") {
            judgeSecurityContext(scan, path, scan.get(node, key), true);
            continue;
        }
        const value = scan.peek(node, key);
        if (value === UNSEEN) continue;
        if (key === "hostPath" && value !== null && typeof value === "object" && !Array.isArray(value)) {
            const p = asString(scan.peek(value, "path"));
            if (p === undefined || !ALLOWED_HOST_PATHS.has(p)) scan.flag(`${path} mounts the node's ${p ?? "filesystem"} into the chart's pods`);
            continue;
        }
        walkValues(scan, path, value, depth + 1);
    }
}
