import { resourcePolicy } from "../lib/define";
import { containersOf, isWorkloadType, podSpecs, WORKLOAD_KINDS } from "../lib/k8s";
import { judgeNamedValue } from "../lib/literals";
import { UNSEEN } from "../lib/scan";

/** Row 41: containers get credentials through `valueFrom` (a synced Secret) or workload identity, never a literal `value`. */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-pod-no-literal-credential-env",
        title: "Container env holds no literal credentials",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [41],
        resourceTypes: WORKLOAD_KINDS.map((k) => `kubernetes:*:${k}[Patch|List]`),
        flags: "A container `env` entry with a credential-like name and a literal `value` (not `valueFrom`), or a value that looks like key material, in any workload kind.",
        anchors: ["CKV_K8S_35"],
        remediation: "Use `valueFrom.secretKeyRef` on a Secret synced from the cloud secret store, or workload identity.",
    },
    ({ type, props }, scan) => {
        for (const spec of podSpecs(scan, type, props)) {
            for (const c of containersOf(scan, spec)) {
                for (const [i, entry] of scan.indexed(c.value, "env")) {
                    const name = scan.peek(entry, "name");
                    // A literal value under a name not known yet may be a credential: reported as
                    // unknown, after the value itself is checked for key material.
                    if (name === UNSEEN && scan.peek(entry, "value") !== undefined) scan.get(entry, "name");
                    const known = typeof name === "string" ? name : "";
                    judgeNamedValue(scan, `${c.where}.env[${i}]${known ? ` ${known}` : ""}`, known, entry, "value");
                }
            }
        }
    },
    { appliesTo: isWorkloadType },
);
