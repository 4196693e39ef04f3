import { isCredentialName, keyMaterialKind } from "../lib/credentials";
import { resourcePolicy } from "../lib/define";
import { asString, Scan } from "../lib/scan";
import { AWS } from "../lib/types";

/** `export DB_PASSWORD=...` / `API_KEY="..."`: a shell assignment of a literal to a credential-like name. */
const ASSIGNMENT = /(?:^|[\s;])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^\s"'$`][^\s"']{5,})\2/gm;

/** Row 16: user data is readable by anything on the instance and by `ec2:DescribeInstanceAttribute`. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-ec2-userdata-no-key-material",
        title: "User data holds no credentials",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [16],
        resourceTypes: [AWS.instance, AWS.spotInstanceRequest, AWS.launchTemplate],
        flags: "`userData` / `userDataBase64` of an instance, spot instance request or launch template (launch templates: base64) containing key material (AKIA… keys, AWS secret keys, PEM private keys, tokens) or a shell assignment of a literal to a credential-like variable.",
        anchors: ["CKV_AWS_46", "AWS-0029"],
        remediation: "Give the instance a role and fetch secrets at boot from Secrets Manager or SSM Parameter Store.",
    },
    ({ type, props }, scan) => {
        const plain = asString(scan.get(props, "userData"));
        if (plain !== undefined) judge(scan, "userData", type === AWS.launchTemplate ? decode(plain) : plain);
        const b64 = asString(scan.get(props, "userDataBase64"));
        if (b64 !== undefined) judge(scan, "userDataBase64", decode(b64));
    },
);

function decode(value: string): string {
    const compact = value.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return value;
    return Buffer.from(compact, "base64").toString("utf8");
}

function judge(scan: Scan, field: string, text: string): void {
    const kind = keyMaterialKind(text);
    if (kind) scan.flag(`${field} contains ${kind}`);
    for (const m of text.matchAll(ASSIGNMENT)) {
        if (isCredentialName(m[1])) scan.flag(`${field} assigns a literal value to ${m[1]}`);
    }
}
