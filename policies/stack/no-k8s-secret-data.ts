import { stackPolicy } from "../lib/define";
import { isKind, objectsOf } from "../lib/k8s";
import { Scan, UNSEEN } from "../lib/scan";

/**
 * Stack policy: no Kubernetes Secret in the stack carries data written by the program. Secrets
 * reach the cluster from the cloud secret store (External Secrets), so their values never sit in
 * Pulumi state; a Secret with `data` or `stringData` (literal or computed) is a static credential.
 */
export const { meta, policy } = stackPolicy(
    {
        name: "stack-no-k8s-secret-data",
        title: "No Kubernetes Secret with literal data",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "stack",
        checks: [40],
        resourceTypes: ["kubernetes:core/v1:Secret", "kubernetes:core/v1:SecretPatch", "kubernetes:core/v1:SecretList"],
        flags: "Any Secret (also Patch and List items) anywhere in the stack, including inside components, with a non-empty `data` or `stringData`.",
        anchors: ["KICS a88baa34", "CKV_SECRET_*"],
        remediation: "Create an ExternalSecret (or SecretProviderClass) that syncs the value from AWS Secrets Manager / Azure Key Vault.",
    },
    ({ resources, flag }, scan) => {
        for (const r of resources) {
            if (!isKind(r.type, "core", "Secret")) continue;
            for (const obj of objectsOf(scan, r.type, r.props)) {
                const fields = ["data", "stringData"].filter((f) => hasEntries(scan, obj.value, f));
                if (fields.length > 0) flag(r, `${obj.where}${fields.join(" and ")} written by the program: the values sit in Pulumi state`);
            }
        }
    },
);

/** A field with entries; computed (unknown) data counts as data. */
function hasEntries(scan: Scan, obj: unknown, field: string): boolean {
    const v = scan.peek(obj, field);
    return v === UNSEEN || (v !== null && typeof v === "object" && Object.keys(v).length > 0);
}
