import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/providers/aws-no-static-credentials";
import { check, Judged, UNKNOWN } from "../harness";

const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const VPC = { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } };

describe("provider-aws-no-static-credentials", () => {
    let explicit: Judged;
    let fromConfig: Judged;
    beforeAll(async () => {
        explicit = await check(p, [
            { type: "pulumi:providers:aws", name: "keys", props: { region: "eu-west-1", accessKey: "AKIA" + "IOSFODNN7EXAMPLE", secretKey: SECRET_KEY } },
            { type: "pulumi:providers:aws", name: "web-token", props: { region: "eu-west-1", assumeRoleWithWebIdentity: { roleArn: "arn:aws:iam::123456789012:role/ci", webIdentityToken: "eyJ.literal" } } },
            // What `new aws.Provider(...)` actually sends: object-typed provider inputs JSON-encoded.
            { type: "pulumi:providers:aws", name: "web-token-json", props: { region: "eu-west-1", assumeRoleWithWebIdentity: JSON.stringify({ roleArn: "arn:aws:iam::123456789012:role/ci", webIdentityToken: "eyJ.literal" }) } },
            { type: "pulumi:providers:aws", name: "web-token-file", props: { region: "eu-west-1", assumeRoleWithWebIdentity: JSON.stringify({ roleArn: "arn:aws:iam::123456789012:role/ci", webIdentityTokenFile: "/var/run/secrets/token" }) } },
            { type: "pulumi:providers:aws", name: "computed", props: { region: "eu-west-1", token: UNKNOWN } },
            { type: "pulumi:providers:aws", name: "ambient", props: { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/deploy" }] } },
            { type: "pulumi:providers:kubernetes", name: "k8s", props: {} },
            VPC,
        ]);
        // The default provider the engine synthesizes from stack config, as `pulumi preview` does.
        fromConfig = await check(p, [VPC], { config: { "aws:accessKey": "AKIA" + "IOSFODNN7EXAMPLE", "aws:secretKey": SECRET_KEY }, secretKeys: ["aws:secretKey"] });
    });
    it("flags keys on explicit providers, naming the fields and never the values", () => {
        expect(explicit.messages("keys")).toEqual(["the provider carries static credentials in accessKey, secretKey"]);
        expect(explicit.results.map((r) => r.message ?? "").join()).not.toContain(SECRET_KEY);
        expect(explicit.messages("web-token")).toEqual(["the provider has a literal assumeRoleWithWebIdentity.webIdentityToken; use webIdentityTokenFile"]);
    });
    it("reads assumeRoleWithWebIdentity in the JSON form the SDK sends", () => {
        expect(explicit.messages("web-token-json")).toEqual(["the provider has a literal assumeRoleWithWebIdentity.webIdentityToken; use webIdentityTokenFile"]);
        expect(explicit.results.map((r) => r.message ?? "").join()).not.toContain("eyJ.literal");
        expect(explicit.outcome("web-token-file")).toBe("pass");
    });
    it("flags keys in stack config through the default provider", () => {
        const [defaultProvider] = fromConfig.results.filter((r) => /pulumi:providers:aws::default_/.test(r.urn ?? ""));
        expect(defaultProvider).toMatchObject({ outcome: "violation", enforcementLevel: "mandatory", message: "the default provider (from stack config aws:*) carries static credentials in accessKey, secretKey" });
    });
    it("flags a computed token: set is set, even during preview", () => expect(explicit.outcome("computed")).toBe("violation"));
    it("passes ambient credentials with role assumption", () => expect(explicit.outcome("ambient")).toBe("pass"));
    it("is not applicable to other providers and resources", () => {
        expect(explicit.outcome("k8s")).toBe("not-applicable");
        expect(explicit.outcome("vpc")).toBe("not-applicable");
    });
});
