import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/no-public-ip-on-launch";
import { check, Judged, UNKNOWN } from "../harness";

describe("aws-no-public-ip-on-launch", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:ec2/instance:Instance", name: "instance-public", props: { ami: "ami-1", instanceType: "t3.micro", associatePublicIpAddress: true } },
            { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt-public", props: { networkInterfaces: [{ associatePublicIpAddress: "false" }, { associatePublicIpAddress: "true" }] } },
            { type: "aws:ec2/launchConfiguration:LaunchConfiguration", name: "lc-public", props: { imageId: "ami-1", instanceType: "t3.micro", associatePublicIpAddress: true } },
            { type: "aws:ec2/launchConfiguration:LaunchConfiguration", name: "lc-private", props: { imageId: "ami-1", instanceType: "t3.micro" } },
            { type: "aws:ec2/subnet:Subnet", name: "subnet-public", props: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true } },
            { type: "aws:ec2/subnet:Subnet", name: "subnet-private", props: { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" } },
            { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt-private", props: { networkInterfaces: [{ associatePublicIpAddress: "false" }] } },
            { type: "aws:ec2/instance:Instance", name: "instance-unknown", props: { ami: "ami-1", instanceType: "t3.micro", associatePublicIpAddress: UNKNOWN } },
            { type: "aws:ec2/eip:Eip", name: "eip-instance", props: { domain: "vpc", instance: UNKNOWN } },
            { type: "aws:ec2/eipAssociation:EipAssociation", name: "eip-association", props: { allocationId: UNKNOWN, networkInterfaceId: "eni-0abc" } },
            { type: "aws:ec2/eip:Eip", name: "eip-nat", props: { domain: "vpc" } },
            { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } },
        ]);
    });
    it("flags public IPs on instances, launch-template NICs (string booleans) and subnets", () => {
        expect(j.messages("instance-public")).toEqual(["associatePublicIpAddress is true"]);
        expect(j.messages("lt-public")).toEqual(["networkInterfaces[1].associatePublicIpAddress is true"]);
        expect(j.messages("lc-public")).toEqual(["associatePublicIpAddress is true"]);
        expect(j.messages("subnet-public")).toEqual(["mapPublicIpOnLaunch is true: every instance launched here gets a public IP"]);
    });
    it("flags Elastic IPs attached to instances or interfaces (even before their ids are known), not a NAT gateway's", () => {
        expect(j.messages("eip-instance")).toEqual(["an Elastic IP is attached through instance: the instance gets a public address"]);
        expect(j.messages("eip-association")).toEqual(["an Elastic IP is attached through networkInterfaceId: the instance gets a public address"]);
        expect(j.outcome("eip-nat")).toBe("pass");
    });
    it("passes private subnets and NICs", () => {
        expect(j.outcome("subnet-private")).toBe("pass");
        expect(j.outcome("lt-private")).toBe("pass");
        expect(j.outcome("lc-private")).toBe("pass");
    });
    it("reports an unknown flag as unknown", () => expect(j.outcome("instance-unknown")).toBe("unknown"));
    it("is not applicable to VPCs", () => expect(j.outcome("vpc")).toBe("not-applicable"));
});
