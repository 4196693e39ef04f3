import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/stack/federated-identity-exact-subjects";
import { check, Judged, UNKNOWN } from "../harness";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
const FED = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;
const trust = (condition: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: FED }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition, ...extra }] });
const role = (name: string, assumeRolePolicy: unknown) => ({ type: "aws:iam/role:Role", name, props: { assumeRolePolicy } });
const exact = { StringEquals: { [`${HOST}:sub`]: "system:serviceaccount:karpenter:karpenter", [`${HOST}:aud`]: "sts.amazonaws.com" } };
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const AKS_ISSUER = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";
const fic = (name: string, subject: string, audiences = ["api://AzureADTokenExchange"]) => ({ type: FIC, name, props: { resourceGroupName: "rg", resourceName: "id", issuer: AKS_ISSUER, subject, audiences } });

describe("stack-federated-identity-exact-subjects", () => {
    let bad: Judged;
    let good: Judged;
    let unknown: Judged;
    let fresh: Judged;
    let partial: Judged;
    beforeAll(async () => {
        bad = await check(p, [
            role("like", trust({ StringLike: { [`${HOST}:sub`]: "system:serviceaccount:*:*" }, StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            role("no-sub", trust({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            role("wildcard", trust({ StringEquals: { [`${HOST}:sub`]: ["system:serviceaccount:apps:*"], [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            role("not-sa", trust({ StringEquals: { [`${HOST}:sub`]: "repo:org/repo:ref:refs/heads/main", [`${HOST}:aud`]: "sts.amazonaws.com" } })),
            role("no-aud", trust({ StringEquals: { [`${HOST}:sub`]: "system:serviceaccount:a:b" } })),
            fic("fic-wildcard", "system:serviceaccount:apps:*"),
            fic("fic-not-sa", "repo:org/repo:environment:prod"),
            fic("fic-audience", "system:serviceaccount:apps:api", ["api://other"]),
            { ...fic("fic-versioned", "system:serviceaccount:apps:*"), type: "azure-native:managedidentity/v20230131:FederatedIdentityCredential" },
        ]);
        good = await check(p, [
            role("exact", trust(exact)),
            role("object-form", JSON.parse(trust(exact))),
            role("service", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] })),
            fic("fic-exact", "system:serviceaccount:apps:api"),
        ]);
        unknown = await check(p, [role("computed", UNKNOWN), role("like", trust({ StringLike: { [`${HOST}:sub`]: "*" } }))]);
        // A new stack's preview: the AKS issuer URL and the IAM OIDC provider ARN are not known yet.
        fresh = await check(p, [{ ...fic("fic-exact", "system:serviceaccount:apps:api"), props: { ...fic("x", "system:serviceaccount:apps:api").props, issuer: UNKNOWN } }]);
        const objectTrust = (federated: unknown, sub: unknown) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${HOST}:sub`]: sub, [`${HOST}:aud`]: "sts.amazonaws.com" } } }] });
        partial = await check(p, [
            role("object-unknown-provider", objectTrust(UNKNOWN, "system:serviceaccount:apps:api")),
            role("object-unknown-sub", objectTrust(FED, UNKNOWN)),
            role("object-wildcard", objectTrust(FED, ["system:serviceaccount:apps:*", UNKNOWN])),
            role("like", trust({ StringLike: { [`${HOST}:sub`]: "*" } })),
            { ...fic("fic-github", "repo:org/repo:environment:prod"), props: { ...fic("x", "repo:org/repo:environment:prod").props, issuer: UNKNOWN } },
            fic("fic-audience-unknown", "system:serviceaccount:apps:api", [UNKNOWN as unknown as string]),
        ]);
    });
    it("flags StringLike, missing and wildcard subjects, non-service-account subjects and a missing audience", () => {
        expect(bad.messages("like")).toEqual([`trust statement 0 (${HOST}) matches sub with StringLike; use StringEquals`, `trust statement 0 (${HOST}) has no StringEquals condition on ${HOST}:sub: any identity the issuer vouches for can assume the role`]);
        expect(bad.messages("no-sub")).toHaveLength(1);
        expect(bad.messages("wildcard")).toEqual([`trust statement 0 (${HOST}) trusts the wildcard subject system:serviceaccount:apps:*`]);
        expect(bad.messages("not-sa")[0]).toContain("not an exact system:serviceaccount:<namespace>:<name>");
        expect(bad.messages("no-aud")).toEqual([`trust statement 0 (${HOST}) has no StringEquals condition on ${HOST}:aud`]);
        expect(bad.of("like")[0].enforcementLevel).toBe("mandatory");
    });
    it("flags Azure federated credentials with wildcard or non-service-account subjects, or another audience", () => {
        expect(bad.messages("fic-wildcard")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:*"]);
        expect(bad.messages("fic-not-sa")).toEqual(["the federated credential trusts repo:org/repo:environment:prod, not an exact system:serviceaccount:<namespace>:<name>"]);
        expect(bad.messages("fic-audience")).toEqual(['the federated credential\'s audiences must be exactly ["api://AzureADTokenExchange"]']);
        expect(bad.messages("fic-versioned")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:*"]);
    });
    it("passes exact subjects (string or object documents), service principals and exact Azure credentials", () => {
        expect(good.results.filter((r) => r.outcome === "violation")).toEqual([]);
        expect(good.stack.map((r) => r.outcome)).toEqual(["pass"]);
    });
    it("does not wait on an unknown issuer when the subject is an exact service account", () => {
        expect(fresh.results.map((r) => r.outcome)).toEqual(["pass"]);
    });
    it("judges the other roles, and the known parts of an object trust policy, before reporting an unknown part", () => {
        expect(partial.messages("like")).toHaveLength(3);
        expect(partial.messages("object-wildcard")).toEqual([`trust statement 0 (${HOST}) trusts the wildcard subject system:serviceaccount:apps:*`]);
        // An unknown subject or provider is not "no subject": nothing is claimed about them.
        expect(partial.messages("object-unknown-sub")).toEqual([]);
        expect(partial.messages("object-unknown-provider")).toEqual([]);
        expect(partial.messages("fic-github")).toEqual([]);
        expect(partial.messages("fic-audience-unknown")).toEqual([]);
        expect(partial.stack.map((r) => r.outcome)).toEqual(["unknown"]);
    });
    it("reports what it found, then the unknown trust policy (never a pass)", () => {
        expect(unknown.messages("like")).toHaveLength(3);
        expect(unknown.stack.map((r) => r.outcome)).toEqual(["unknown"]);
    });
});
