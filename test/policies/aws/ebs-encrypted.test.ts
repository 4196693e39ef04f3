import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/ebs-encrypted";
import { check, Judged, UNKNOWN } from "../harness";

describe("aws-ebs-encrypted", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:ebs/volume:Volume", name: "volume", props: { availabilityZone: "eu-west-1a", size: 10 } },
            { type: "aws:ec2/instance:Instance", name: "instance", props: { ami: "ami-1", rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false }] } },
            { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }] } },
            { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt-good", props: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "k" } }] } },
            { type: "aws:ebs/volume:Volume", name: "volume-good", props: { availabilityZone: "eu-west-1a", encrypted: true } },
            { type: "aws:ebs/volume:Volume", name: "unknown", props: { availabilityZone: "eu-west-1a", encrypted: UNKNOWN } },
            { type: "aws:ec2/subnet:Subnet", name: "subnet", props: {} },
        ]);
    });
    it("flags unencrypted volumes, block devices and mappings (absent means the account default)", () => {
        expect(j.messages("volume")).toEqual(["the volume is not encrypted (encrypted is absent)"]);
        expect(j.messages("instance")).toEqual(["ebsBlockDevices[0] is not encrypted (encrypted is false)"]);
        expect(j.messages("lt")).toEqual(["blockDeviceMappings[0].ebs is not encrypted (encrypted is absent)"]);
        expect(j.of("volume")[0].enforcementLevel).toBe("advisory");
    });
    it("passes encrypted volumes and launch-template string booleans", () => {
        expect(j.outcome("volume-good")).toBe("pass");
        expect(j.outcome("lt-good")).toBe("pass");
    });
    it("reports unknown encryption as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to subnets", () => expect(j.outcome("subnet")).toBe("not-applicable"));
});
