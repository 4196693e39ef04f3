import { resourcePolicy } from "../lib/define";
import { AWS } from "../lib/types";

/** Row 9: databases are reachable only inside the VPC. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-db-not-publicly-accessible",
        title: "Databases are not publicly accessible",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [9],
        resourceTypes: [AWS.rdsInstance, AWS.rdsClusterInstance, AWS.redshiftCluster],
        flags: "`publiclyAccessible: true` on an RDS instance, an Aurora cluster instance or a Redshift cluster.",
        anchors: ["CKV_AWS_17", "AWS-0180", "CKV_AWS_87"],
        remediation: "Leave `publiclyAccessible` unset (false) and reach the database from inside the VPC.",
    },
    ({ props }, scan) => {
        if (scan.get(props, "publiclyAccessible") === true) scan.flag("publiclyAccessible is true: the database gets a public address");
    },
);
