import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/default-sg-no-rules";
import { check, Judged, UNKNOWN } from "../harness";

const T = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

describe("aws-default-sg-no-rules", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: T, name: "with-rules", props: { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] } },
            { type: T, name: "empty", props: { vpcId: "vpc-1", ingress: [], egress: [] } },
            { type: T, name: "unknown", props: { vpcId: "vpc-1", ingress: UNKNOWN, egress: [] } },
            { type: T, name: "computed-rule", props: { vpcId: UNKNOWN, ingress: [UNKNOWN], egress: [] } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] } },
        ]);
    });
    it("flags any rule, even one that only admits the group itself", () => {
        expect(j.messages("with-rules")).toEqual(["the default security group has 1 ingress rule(s); it must have none", "the default security group has 1 egress rule(s); it must have none"]);
    });
    it("flags a rule whose content is unknown during preview: any rule counts", () => expect(j.messages("computed-rule")).toEqual(["the default security group has 1 ingress rule(s); it must have none"]));
    it("passes a default group adopted with no rules", () => expect(j.outcome("empty")).toBe("pass"));
    it("reports unknown rules as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to ordinary security groups", () => expect(j.outcome("sg")).toBe("not-applicable"));
});
