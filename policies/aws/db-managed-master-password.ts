import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

const PASSWORD_FIELDS: Record<string, readonly string[]> = {
    [AWS.rdsInstance]: ["password", "passwordWo"],
    [AWS.rdsCluster]: ["masterPassword", "masterPasswordWo"],
    [AWS.docdbCluster]: ["masterPassword", "masterPasswordWo"],
    [AWS.redshiftCluster]: ["masterPassword", "masterPasswordWo"],
};

/**
 * Row 14: the database's master password is generated and rotated by the service in Secrets
 * Manager (`manageMasterUserPassword`), never written in the program or its state.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-db-managed-master-password",
        title: "Database master passwords are managed by AWS",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [14],
        resourceTypes: Object.keys(PASSWORD_FIELDS),
        flags: "A master password set on an RDS instance or cluster, a DocumentDB cluster or a Redshift cluster (`password`, `masterPassword` or their write-only forms) instead of `manageMasterUserPassword: true`.",
        anchors: ["CKV_AWS_161", "CKV_AWS_162"],
        remediation: "Set `manageMasterUserPassword: true` (Redshift: `manageMasterPassword`) and use IAM database authentication for applications.",
    },
    ({ type, props }, scan) => {
        for (const field of PASSWORD_FIELDS[type]) {
            // Set is set, known or not: a password computed from another output is still static.
            const v = scan.peek(props, field);
            if (v === UNSEEN || (v !== undefined && v !== null && v !== "")) {
                scan.flag(`${field} is set: a static master password in the program and its state; use managed master passwords`);
            }
        }
    },
);
