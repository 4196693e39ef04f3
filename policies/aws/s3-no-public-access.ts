import { resourcePolicy } from "../lib/define";
import { asString, Scan } from "../lib/scan";
import { AWS } from "../lib/types";

const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
/** S3's predefined groups: everyone, and every AWS account. */
const PUBLIC_GRANTEES = [/acs\.amazonaws\.com\/groups\/global\/AllUsers$/, /acs\.amazonaws\.com\/groups\/global\/AuthenticatedUsers$/];

/** Row 11: buckets are never public, by ACL or by a public-access block left open. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-s3-no-public-access",
        title: "S3 blocks public access",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [11],
        resourceTypes: [AWS.s3PublicAccessBlock, AWS.s3AccountPublicAccessBlock, AWS.s3Bucket, AWS.s3BucketV2, AWS.s3BucketAcl, AWS.s3BucketAclV2],
        flags: "A public-access block (bucket or account) with any of its four flags not true (absent means false), or a public canned ACL / grant to AllUsers or AuthenticatedUsers.",
        anchors: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_20"],
        remediation: "Set all four public-access-block flags to true and use bucket policies scoped to principals, never public ACLs.",
    },
    ({ type, props }, scan) => {
        if (type === AWS.s3PublicAccessBlock || type === AWS.s3AccountPublicAccessBlock) {
            const open = BLOCK_FLAGS.filter((f) => {
                const v = scan.get(props, f);
                return v !== true && typeof v !== "symbol";
            });
            if (open.length > 0) scan.flag(`the public access block leaves ${open.join(", ")} not true (absent means false)`);
            return;
        }
        const acl = asString(scan.get(props, "acl"));
        if (acl !== undefined && PUBLIC_ACLS.has(acl)) scan.flag(`acl "${acl}" makes the bucket public`);
        judgeGrants(scan, "grants", scan.list(props, "grants"), (g) => [scan.get(g, "uri")]);
        const policyGrants = scan.list(props, "accessControlPolicy", "grants");
        judgeGrants(scan, "accessControlPolicy.grants", policyGrants, (g) => [scan.at(g, "grantee", "uri")]);
    },
);

function judgeGrants(scan: Scan, where: string, grants: unknown[], uris: (g: unknown) => unknown[]): void {
    grants.forEach((g, i) => {
        for (const uri of uris(g)) {
            if (typeof uri === "string" && PUBLIC_GRANTEES.some((re) => re.test(uri))) scan.flag(`${where}[${i}] grants access to ${uri.split("/").pop()}`);
        }
    });
}
