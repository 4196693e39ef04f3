import { resourcePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/** The parameter that forces TLS, per engine family, and the first major version where it defaults on. */
const TLS_PARAMETER: Array<{ family: RegExp; parameter: string; on: readonly string[]; defaultOnFrom?: number }> = [
    { family: /^(aurora-)?postgres(ql)?(\d+)/, parameter: "rds.force_ssl", on: ["1"], defaultOnFrom: 15 },
    { family: /^(aurora-)?mysql(\d+)?/, parameter: "require_secure_transport", on: ["1", "ON", "on"] },
];

/**
 * Row 20: database storage is encrypted and clients must use TLS. Mandatory, like
 * `aws-storage-encrypted`: both defaults are the defect (storage is unencrypted unless
 * `storageEncrypted`; PostgreSQL below 15 and MySQL accept plaintext unless a parameter says no).
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-rds-encryption-tls",
        title: "RDS storage is encrypted and TLS is forced",
        theme: "H",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [20],
        resourceTypes: [AWS.rdsInstance, AWS.rdsCluster, AWS.rdsParameterGroup, AWS.rdsClusterParameterGroup],
        flags: "An RDS instance or cluster without `storageEncrypted: true`, or a PostgreSQL/MySQL parameter group that does not force TLS (`rds.force_ssl` = 1, on by default from PostgreSQL 15; `require_secure_transport` = ON).",
        anchors: ["CKV_AWS_16", "CKV_AWS_96"],
        remediation: "Set `storageEncrypted: true` with a KMS key, and a parameter group with `rds.force_ssl = 1` (PostgreSQL) or `require_secure_transport = ON` (MySQL).",
    },
    ({ type, props }, scan) => {
        if (type === AWS.rdsInstance || type === AWS.rdsCluster) {
            // A read replica inherits its source's encryption.
            if (type === AWS.rdsInstance && scan.peek(props, "replicateSourceDb") !== undefined) return;
            const enc = scan.get(props, "storageEncrypted");
            if (enc !== true && enc !== UNSEEN) scan.flag(`storageEncrypted is ${enc === undefined ? "absent (false)" : String(enc)}`);
            return;
        }
        const family = asString(scan.get(props, "family"));
        if (family === undefined) return;
        const rule = TLS_PARAMETER.find((r) => r.family.test(family));
        if (!rule) return;
        let value: string | undefined;
        for (const p of scan.list(props, "parameters")) {
            if (scan.get(p, "name") !== rule.parameter) continue;
            const v = scan.get(p, "value");
            if (v !== UNSEEN) value = String(v);
        }
        if (value !== undefined) {
            if (!rule.on.includes(value)) scan.flag(`${rule.parameter} is ${value}: clients may connect without TLS`);
            return;
        }
        const major = Number(/(\d+)/.exec(family)?.[1] ?? 0);
        if (rule.defaultOnFrom === undefined || major < rule.defaultOnFrom) scan.flag(`family ${family} does not force TLS unless ${rule.parameter} is set to ${rule.on[0]}`);
    },
);
