import { resourcePolicy } from "../lib/define";
import { AWS } from "../lib/types";

const SPOT_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";

/** Row 6: nodes and instances never get a public address; they reach out through NAT. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-no-public-ip-on-launch",
        title: "Instances and subnets assign no public IPs",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [6],
        resourceTypes: [AWS.instance, SPOT_REQUEST, AWS.launchTemplate, AWS.subnet],
        flags: "`associatePublicIpAddress: true` on an instance or a launch template's network interface, or `mapPublicIpOnLaunch: true` on a subnet.",
        anchors: ["CKV_AWS_88", "CKV_AWS_130", "AWS-0009", "AWS-0164"],
        remediation: "Launch into private subnets; reach the internet through NAT and AWS services through VPC endpoints.",
    },
    ({ type, props }, scan) => {
        if (type === AWS.subnet) {
            if (scan.get(props, "mapPublicIpOnLaunch") === true) scan.flag("mapPublicIpOnLaunch is true: every instance launched here gets a public IP");
        } else if (type === AWS.launchTemplate) {
            for (const [i, nic] of scan.indexed(props, "networkInterfaces")) {
                // The launch template spells booleans as strings ("true"/"false").
                const v = scan.get(nic, "associatePublicIpAddress");
                if (v === true || v === "true") scan.flag(`networkInterfaces[${i}].associatePublicIpAddress is true`);
            }
        } else if (scan.get(props, "associatePublicIpAddress") === true) {
            scan.flag("associatePublicIpAddress is true");
        }
    },
);
