import { describe, expect, it } from "vitest";
import { conditionIssuers, isAksIssuerUrl, trustStatements, webIdentityIssuer } from "../../../policies/lib/iam";
import { UNSEEN } from "../../../policies/lib/scan";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

describe("trust-policy helpers", () => {
    it("names the condition-key prefix of each web-identity principal, and none for SAML", () => {
        expect(webIdentityIssuer(`arn:aws:iam::123456789012:oidc-provider/${HOST}`)).toBe(HOST);
        expect(webIdentityIssuer("arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")).toBe("token.actions.githubusercontent.com");
        expect(webIdentityIssuer("cognito-identity.amazonaws.com")).toBe("cognito-identity.amazonaws.com");
        expect(webIdentityIssuer("arn:aws:iam::123456789012:saml-provider/corp")).toBeUndefined();
    });

    it("marks a statement whose Principal or Federated entry is unknown, and reads issuers off its condition keys", () => {
        const [unknownArn, unknownPrincipal, known] = trustStatements({
            Statement: [
                { Effect: "Allow", Principal: { Federated: [UNSEEN] }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${HOST}:sub`]: "system:serviceaccount:a:b" }, StringLike: { [`${HOST}:aud`]: "*", "SAML:aud": "x", "aws:SourceAccount": "1" } } },
                { Effect: "Allow", Principal: UNSEEN, Action: "sts:AssumeRoleWithWebIdentity" },
                { Effect: "Allow", Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity" },
            ],
        })!;
        expect([unknownArn.federatedUnknown, unknownPrincipal.federatedUnknown, known.federatedUnknown]).toEqual([true, true, false]);
        expect(unknownArn.federated).toEqual([]);
        expect(conditionIssuers(unknownArn)).toEqual([HOST]);
        expect(conditionIssuers(unknownPrincipal)).toEqual([]);
    });

    it("recognises Azure public-cloud AKS issuer URLs only", () => {
        expect(isAksIssuerUrl("https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/")).toBe(true);
        expect(isAksIssuerUrl("https://token.actions.githubusercontent.com")).toBe(false);
        expect(isAksIssuerUrl("https://evil.example/westeurope.oic.prod-aks.azure.com/")).toBe(false);
    });
});
