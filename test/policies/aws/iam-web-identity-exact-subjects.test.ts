import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/iam-web-identity-exact-subjects";
import { check, Judged, UNKNOWN } from "../harness";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
const FED = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;
const GH = "token.actions.githubusercontent.com";
const SA = "system:serviceaccount:karpenter:karpenter";
const ROLE = "aws:iam/role:Role";

type Statement = Record<string, unknown>;
const web = (condition: unknown, extra: Statement = {}): Statement => ({ Effect: "Allow", Principal: { Federated: FED }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition, ...extra });
const doc = (...statements: Statement[]) => ({ Version: "2012-10-17", Statement: statements });
const role = (name: string, assumeRolePolicy: unknown, tags?: Record<string, string>) => ({ type: ROLE, name, props: { assumeRolePolicy, ...(tags ? { tags } : {}) } });
/** A role whose trust is a JSON string, as `JSON.stringify` in a program gives it. */
const json = (name: string, ...statements: Statement[]) => role(name, JSON.stringify(doc(...statements)));
const exact = (host = HOST, sub: unknown = SA, aud: unknown = "sts.amazonaws.com") => ({ StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: aud } });
const where = `trust statement 0 (${HOST})`;

describe("aws-iam-web-identity-exact-subjects", () => {
    let j: Judged;
    let unknown: Judged;
    let exempt: Judged;
    beforeAll(async () => {
        j = await check(p, [
            // violations
            json("like", web({ StringLike: { [`${HOST}:sub`]: "system:serviceaccount:*:*" }, StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            json("no-sub", web({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            json("no-condition", web(undefined)),
            json("wildcard", web(exact(HOST, ["system:serviceaccount:apps:api", "system:serviceaccount:apps:*"]))),
            json("question-mark", web(exact(HOST, "system:serviceaccount:apps:ap?"))),
            json("not-sa", web(exact(HOST, "repo:org/repo:ref:refs/heads/main"))),
            json("no-aud", web({ StringEquals: { [`${HOST}:sub`]: SA } })),
            json("other-aud", web(exact(HOST, SA, "api://other"))),
            json("action-list", web({ StringLike: { [`${HOST}:sub`]: "*" } }, { Action: ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"] })),
            json("sts-star", web({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } }, { Action: "sts:*" })),
            json("star", web({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } }, { Action: ["*"] })),
            role("single-statement", JSON.stringify({ Version: "2012-10-17", Statement: web({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } }) })),
            json("if-exists", web({ StringEqualsIfExists: { [`${HOST}:sub`]: SA }, StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            json("github-wildcard", web({ StringLike: { [`${GH}:sub`]: "repo:org/*" }, StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } }, { Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` } })),
            json("self-managed-sa", web(exact("issuer.example.com", "system:serviceaccount:apps"), { Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/issuer.example.com" } })),
            json("google-open", web(undefined, { Principal: { Federated: "accounts.google.com" } })),
            json("second-statement", { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, web({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            // passes
            json("exact", web(exact())),
            role("object-form", doc(web(exact()))),
            json("case-insensitive", web({ stringequals: { [`${HOST.toUpperCase()}:SUB`]: SA, [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            json("pod-identity", { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
            json("github-exact", web(exact(GH, "repo:org/repo:environment:prod"), { Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` } })),
            json("deny", web({ StringLike: { [`${HOST}:sub`]: "*" } }, { Effect: "Deny" })),
            json("saml", { Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:saml-provider/corp" }, Action: "sts:*", Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } }),
            // not applicable
            { type: "aws:iam/policy:Policy", name: "policy", props: { policy: JSON.stringify(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })) } },
        ]);
        unknown = await check(p, [
            role("computed", UNKNOWN),
            role("unknown-provider-wildcard", doc(web({ StringLike: { [`${HOST}:sub`]: "system:serviceaccount:apps:*" }, StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } }, { Principal: { Federated: UNKNOWN } }))),
            role("unknown-provider-exact", doc(web(exact(), { Principal: { Federated: UNKNOWN } }))),
            role("unknown-sub", doc(web(exact(HOST, UNKNOWN)))),
            role("known-wildcard-unknown-sub", doc(web(exact(HOST, ["system:serviceaccount:apps:*", UNKNOWN])))),
            role("unknown-principal", doc(web({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } }, { Principal: UNKNOWN }))),
        ]);
        const reason = "CI deploy role, reviewed by the platform team";
        exempt = await check(
            p,
            [
                json("by-urn", web({ StringLike: { [`${HOST}:sub`]: "*" } })),
                role("by-tag", JSON.stringify(doc(web({ StringLike: { [`${HOST}:sub`]: "*" } }))), { "splitplane:exemption": `${p.meta.name}: ${reason}` }),
            ],
            { pack: { [p.meta.name]: { exemptions: [{ urn: `urn:pulumi:policy::splitplane::${ROLE}::by-urn`, reason }], tagExemptions: true } } },
        );
    });

    it("flags StringLike and missing subjects, at mandatory level, before the role is created", () => {
        expect(j.messages("like")).toEqual([`${where} matches sub with StringLike; use StringEquals`, `${where} has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`]);
        expect(j.of("like")[0]).toMatchObject({ kind: "resource", enforcementLevel: "mandatory" });
        expect(j.messages("no-sub")).toEqual([`${where} has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`]);
        expect(j.messages("no-condition")).toEqual([`${where} has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`, `${where} has no StringEquals condition on ${HOST}:aud`]);
        expect(j.messages("if-exists")).toEqual([`${where} matches sub with StringEqualsIfExists; use StringEquals`, `${where} has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`]);
    });

    it("flags wildcard and non-service-account subjects of an EKS issuer, and its audience", () => {
        expect(j.messages("wildcard")).toEqual([`${where} trusts the wildcard subject system:serviceaccount:apps:*`]);
        expect(j.messages("question-mark")).toEqual([`${where} trusts the wildcard subject system:serviceaccount:apps:ap?`]);
        expect(j.messages("not-sa")).toEqual([`${where} trusts repo:org/repo:ref:refs/heads/main, not an exact system:serviceaccount:<namespace>:<name>`]);
        expect(j.messages("no-aud")).toEqual([`${where} has no StringEquals condition on ${HOST}:aud`]);
        expect(j.messages("other-aud")).toEqual([`${where} accepts audiences other than sts.amazonaws.com`]);
    });

    it("judges web identity granted by an action list, sts:* or *, and a single Statement object", () => {
        for (const name of ["action-list", "sts-star", "star", "single-statement"]) expect(j.outcome(name)).toBe("violation");
        expect(j.messages("sts-star")).toEqual([`${where} has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`]);
        expect(j.messages("second-statement")).toEqual([`trust statement 1 (${HOST}) has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`]);
    });

    it("judges every web-identity issuer: wildcards anywhere, service-account subjects exact anywhere", () => {
        expect(j.messages("github-wildcard")[0]).toBe(`trust statement 0 (${GH}) matches sub with StringLike; use StringEquals`);
        expect(j.messages("self-managed-sa")).toEqual(["trust statement 0 (issuer.example.com) trusts system:serviceaccount:apps, not an exact system:serviceaccount:<namespace>:<name>"]);
        expect(j.messages("google-open")).toEqual([
            "trust statement 0 (accounts.google.com) has no StringEquals condition on accounts.google.com:sub: any identity the issuer vouches for can assume the role",
            "trust statement 0 (accounts.google.com) has no StringEquals condition on accounts.google.com:aud",
        ]);
    });

    it("passes exact subjects (string or object documents), Pod Identity, an exact CI subject, Deny and SAML statements", () => {
        for (const name of ["exact", "object-form", "case-insensitive", "pod-identity", "github-exact", "deny", "saml"]) expect({ name, outcome: j.outcome(name) }).toEqual({ name, outcome: "pass" });
    });

    it("is not applicable to other IAM resources", () => expect(j.outcome("policy")).toBe("not-applicable"));

    it("reports a trust policy that is an unknown JSON string as unknown, never a pass", () => {
        expect(unknown.of("computed")).toEqual([expect.objectContaining({ outcome: "unknown", message: expect.stringContaining(".assumeRolePolicy") })]);
    });

    it("reports the known defects of a partly unknown document first, then the unknown", () => {
        // The provider's ARN is unknown, but the condition keys name its issuer.
        expect(unknown.of("unknown-provider-wildcard").map((r) => r.outcome)).toEqual(["violation", "unknown"]);
        expect(unknown.messages("unknown-provider-wildcard")).toEqual([`${where} matches sub with StringLike; use StringEquals`]);
        expect(unknown.of("known-wildcard-unknown-sub").map((r) => r.outcome)).toEqual(["violation", "unknown"]);
        expect(unknown.messages("known-wildcard-unknown-sub")).toEqual([`${where} trusts the wildcard subject system:serviceaccount:apps:*`]);
        // An unknown provider, subject or principal is not "no subject": nothing is claimed about them.
        for (const name of ["unknown-provider-exact", "unknown-sub", "unknown-principal"]) expect({ name, outcome: unknown.outcome(name) }).toEqual({ name, outcome: "unknown" });
    });

    it("honours exemptions by URN and, when the stack allows tags, by tag", () => {
        expect(exempt.of("by-urn")).toEqual([expect.objectContaining({ outcome: "not-applicable", message: "exempted: CI deploy role, reviewed by the platform team" })]);
        expect(exempt.of("by-tag")).toEqual([expect.objectContaining({ outcome: "not-applicable", message: "exempted: CI deploy role, reviewed by the platform team" })]);
    });
});
