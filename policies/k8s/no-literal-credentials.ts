import { resourcePolicy } from "../lib/define";
import { coreKindTypes, isKind, objectsOf } from "../lib/k8s";
import { fromBase64, judgeMap } from "../lib/literals";

/**
 * Row 40: credentials are synced into the cluster from the cloud secret store (External Secrets),
 * not written as Secret literals by the program, and never put in ConfigMaps.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-no-literal-credentials",
        title: "Secrets and ConfigMaps hold no literal credentials",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [40],
        resourceTypes: [...coreKindTypes("Secret"), ...coreKindTypes("ConfigMap")],
        flags: "A Secret or ConfigMap (also Patch and List) whose `data`/`stringData` has a credential-like key with a literal value, a value that looks like key material, or a YAML/JSON config file with a credential-like key holding a literal (Secret `data` is base64-decoded first).",
        anchors: ["KICS a88baa34", "CKV_SECRET_*"],
        remediation: "Store the credential in AWS Secrets Manager / Azure Key Vault and sync it with an ExternalSecret; keep ConfigMaps credential-free.",
    },
    ({ type, props }, scan) => {
        const isSecret = isKind(type, "core", "Secret");
        const label = isSecret ? "" : "ConfigMap ";
        for (const obj of objectsOf(scan, type, props)) {
            judgeMap(scan, `${label}${obj.where}data`, scan.get(obj.value, "data"), { decode: isSecret ? fromBase64 : undefined, files: true });
            if (isSecret) judgeMap(scan, `${obj.where}stringData`, scan.get(obj.value, "stringData"), { files: true });
        }
    },
);
