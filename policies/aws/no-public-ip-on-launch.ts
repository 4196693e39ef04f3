import { resourcePolicy } from "../lib/define";
import { setFields } from "../lib/presence";
import { AWS } from "../lib/types";

const { spotInstanceRequest: SPOT_REQUEST, eip: EIP, eipAssociation: EIP_ASSOCIATION } = AWS;

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
        resourceTypes: [AWS.instance, SPOT_REQUEST, AWS.launchTemplate, "aws:ec2/launchConfiguration:LaunchConfiguration", AWS.subnet, EIP, EIP_ASSOCIATION],
        flags: "`associatePublicIpAddress: true` on an instance, a launch configuration or a launch template's network interface, `mapPublicIpOnLaunch: true` on a subnet, or an Elastic IP attached to an instance or network interface (a NAT gateway's Elastic IP is not).",
        anchors: ["CKV_AWS_88", "CKV_AWS_130", "AWS-0009", "AWS-0164"],
        remediation: "Launch into private subnets; reach the internet through NAT and AWS services through VPC endpoints.",
    },
    ({ type, props }, scan) => {
        if (type === EIP || type === EIP_ASSOCIATION) {
            // Set is set: the instance or interface id is unknown until it exists.
            const targets = setFields(scan, props, type === EIP ? ["instance", "networkInterface"] : ["instanceId", "networkInterfaceId"]);
            if (targets.length > 0) scan.flag(`an Elastic IP is attached through ${targets.join(", ")}: the instance gets a public address`);
        } else if (type === AWS.subnet) {
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
