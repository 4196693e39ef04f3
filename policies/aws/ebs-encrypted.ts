import { resourcePolicy } from "../lib/define";
import { Scan, UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";
import { EC2_NODE_CLASS } from "./ec2-imdsv2";

/** Row 19: every EBS volume is encrypted (splitplane uses its own KMS key). */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-ebs-encrypted",
        title: "EBS volumes are encrypted",
        theme: "H",
        level: "advisory",
        severity: "medium",
        kind: "resource",
        checks: [19],
        resourceTypes: [AWS.ebsVolume, AWS.instance, AWS.launchTemplate, EC2_NODE_CLASS],
        flags: "An EBS volume, instance root/EBS block device, launch template block device mapping or EC2NodeClass block device whose `encrypted` is not true (absent leaves it to the account default).",
        anchors: ["CKV_AWS_3", "CKV_AWS_8"],
        remediation: "Set `encrypted: true` with a customer-managed `kmsKeyId`.",
    },
    ({ type, props }, scan) => {
        if (type === AWS.ebsVolume) {
            judge(scan, "the volume", scan.get(props, "encrypted"));
        } else if (type === AWS.instance) {
            const root = scan.get(props, "rootBlockDevice");
            if (root !== UNSEEN) judge(scan, "rootBlockDevice", root === undefined ? undefined : scan.get(root, "encrypted"));
            for (const [i, d] of scan.indexed(props, "ebsBlockDevices")) judge(scan, `ebsBlockDevices[${i}]`, scan.get(d, "encrypted"));
        } else {
            const mappings = type === EC2_NODE_CLASS ? scan.indexed(props, "spec", "blockDeviceMappings") : scan.indexed(props, "blockDeviceMappings");
            for (const [i, m] of mappings) {
                const ebs = scan.get(m, "ebs");
                if (ebs !== undefined && ebs !== UNSEEN) judge(scan, `blockDeviceMappings[${i}].ebs`, scan.get(ebs, "encrypted"));
            }
        }
    },
);

function judge(scan: Scan, where: string, encrypted: unknown): void {
    // Launch templates spell booleans as strings.
    if (encrypted === true || encrypted === "true" || encrypted === UNSEEN) return;
    scan.flag(`${where} is not encrypted (encrypted is ${encrypted === undefined ? "absent" : String(encrypted)})`);
}
