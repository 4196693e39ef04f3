import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/parse";
import { StackConfig } from "../../config/schema";
import { catalog, packConfigFor } from "../../policies/policies";

const cfg = (policy: Record<string, unknown>, environment = "prod"): StackConfig =>
    parseStackConfig({ "splitplane:cloud": "aws", "splitplane:environment": environment, "splitplane:policy": JSON.stringify(policy) }, "stacks/Pulumi.test.yaml");

describe("packConfigFor", () => {
    let prod: ReturnType<typeof packConfigFor>;
    beforeAll(() => {
        prod = packConfigFor(cfg({ enforce: ["aws-ec2-imdsv2"], exemptions: [{ policy: "aws-lb-internal-only", urn: "urn:pulumi:prod::splitplane::aws:lb/loadBalancer:LoadBalancer::public", reason: "public inference endpoint behind WAF" }] }));
    });

    it("configures every policy, keeping mandatory ones mandatory", () => {
        expect(Object.keys(prod)).toEqual(catalog.map((m) => m.name));
        expect(prod["aws-sg-no-internet-ingress"]).toMatchObject({ enforcementLevel: "mandatory" });
    });

    it("makes enforced advisory policies mandatory and leaves the others advisory", () => {
        expect(prod["aws-ec2-imdsv2"]).toMatchObject({ enforcementLevel: "mandatory" });
        expect(prod["aws-ebs-encrypted"]).toMatchObject({ enforcementLevel: "advisory" });
    });

    it("passes exemptions to their policy only, and honours exemption tags for configured stacks", () => {
        expect(prod["aws-lb-internal-only"]).toMatchObject({ exemptions: [{ urn: "urn:pulumi:prod::splitplane::aws:lb/loadBalancer:LoadBalancer::public", reason: "public inference endpoint behind WAF" }], tagExemptions: true });
        expect(prod["aws-sg-no-internet-ingress"]).toMatchObject({ exemptions: [] });
    });

    it("applies stateful protection in prod, disables it elsewhere unless enforced", () => {
        expect(prod["stack-prod-stateful-protected"]).toMatchObject({ enforcementLevel: "mandatory", environment: "prod", enforced: false });
        expect(packConfigFor(cfg({}, "dev"))["stack-prod-stateful-protected"]).toMatchObject({ enforcementLevel: "disabled" });
        expect(packConfigFor(cfg({ enforce: ["stack-prod-stateful-protected"] }, "staging"))["stack-prod-stateful-protected"]).toMatchObject({ enforcementLevel: "mandatory", environment: "staging", enforced: true });
    });

    it("rejects unknown policy names, naming the key and the value", () => {
        const run = () => packConfigFor(cfg({ enforce: ["aws-ec2-imdsv3"], exemptions: [{ policy: "nope", urn: "urn:pulumi:x", reason: "long enough reason" }] }), "stacks/Pulumi.aws-prod.yaml");
        expect(run).toThrow(ConfigError);
        try {
            run();
        } catch (err) {
            const problems = (err as ConfigError).problems;
            expect(problems[0]).toMatch(/^stacks\/Pulumi\.aws-prod\.yaml: splitplane:policy\.enforce\[0\] must name a splitplane policy \(got "aws-ec2-imdsv3"; known: aws-sg-no-internet-ingress, /);
            expect(problems[1]).toMatch(/splitplane:policy\.exemptions\[0\]\.policy must name a splitplane policy \(got "nope"/);
        }
    });
});

describe("policies/pack-config.ts (the config a real preview gets)", () => {
    it("renders a stack file's policy section as CrossGuard policy config JSON", async () => {
        const { packConfigJson } = await import("../../policies/pack-config");
        const json = JSON.parse(packConfigJson("test/fixtures/policy-programs/Pulumi.pack-config-staging.yaml"));
        expect(Object.keys(json)).toEqual(catalog.map((m) => m.name));
        expect(json["aws-ec2-imdsv2"].enforcementLevel).toBe("mandatory");
        expect(json["stack-prod-stateful-protected"].enforcementLevel).toBe("mandatory");
        expect(json["aws-lb-internal-only"].exemptions).toEqual([{ urn: "urn:pulumi:pack-config-staging::splitplane::aws:lb/loadBalancer:LoadBalancer::public-inference", reason: "public inference endpoint behind WAF and allowed CIDRs" }]);
    });
});
