import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/ec2-imdsv2";
import { check, Judged, UNKNOWN } from "../harness";

const I = "aws:ec2/instance:Instance";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NC = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

describe("aws-ec2-imdsv2", () => {
    let j: Judged;
    const specs = [
        { type: I, name: "absent", props: { ami: "ami-1" } },
        { type: LT, name: "optional", props: { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } } },
        { type: LT, name: "hops", props: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } } },
        { type: LT, name: "good", props: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } } },
        { type: I, name: "disabled", props: { ami: "ami-1", metadataOptions: { httpEndpoint: "disabled" } } },
        { type: NC, name: "nodeclass-default", props: { spec: { role: "r" } } },
        { type: NC, name: "nodeclass-hops", props: { spec: { metadataOptions: { httpPutResponseHopLimit: 3 } } } },
        { type: LT, name: "unknown", props: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: UNKNOWN } } },
        { type: "aws:ec2/subnet:Subnet", name: "subnet", props: { vpcId: "v" } },
    ];
    beforeAll(async () => {
        j = await check(p, specs);
    });
    it("is advisory by default (hardening)", () => expect(j.of("absent")[0].enforcementLevel).toBe("advisory"));
    it("treats missing metadata options as IMDSv1 with the AMI's hop limit", () => {
        expect(j.messages("absent")).toEqual([
            "metadataOptions.httpTokens is absent (EC2 defaults to optional, i.e. IMDSv1); require IMDSv2",
            "metadataOptions.httpPutResponseHopLimit is absent (the AMI decides, often 2); set it to 1",
        ]);
    });
    it("flags optional tokens and a hop limit above the maximum", () => {
        expect(j.messages("optional")).toEqual(['metadataOptions.httpTokens is "optional"; require IMDSv2']);
        expect(j.messages("hops")).toEqual(["metadataOptions.httpPutResponseHopLimit is 2, above 1: pods can reach the node's credentials"]);
    });
    it("passes IMDSv2 with hop limit 1, a disabled endpoint, and Karpenter's safe defaults", () => {
        expect(j.outcome("good")).toBe("pass");
        expect(j.outcome("disabled")).toBe("pass");
        expect(j.outcome("nodeclass-default")).toBe("pass");
        expect(j.messages("nodeclass-hops")).toHaveLength(1);
    });
    it("reports an unknown hop limit as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to subnets", () => expect(j.outcome("subnet")).toBe("not-applicable"));
    it("becomes mandatory when enforced, and honours maxHopLimit from config", async () => {
        const strict = await check(p, specs.slice(2, 3), { pack: { "aws-ec2-imdsv2": { enforcementLevel: "mandatory", maxHopLimit: 2 } } });
        expect(strict.outcome("hops")).toBe("pass");
        const enforced = await check(p, specs.slice(0, 1), { pack: { "aws-ec2-imdsv2": "mandatory" } });
        expect(enforced.of("absent").every((r) => r.enforcementLevel === "mandatory")).toBe(true);
    });
});
