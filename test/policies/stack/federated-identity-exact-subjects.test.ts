import { beforeAll, describe, expect, it } from "vitest";
import * as roles from "../../../policies/aws/iam-web-identity-exact-subjects";
import * as credentials from "../../../policies/azure/federated-credential-exact-subject";
import * as p from "../../../policies/stack/federated-identity-exact-subjects";
import { check, judge, Judged, record, UNKNOWN } from "../harness";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const AD_FIC = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const AKS_ISSUER = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";
/** An issuer that is not Azure's public-cloud AKS form: only the stack's cluster says it is one. */
const OTHER_CLOUD_ISSUER = "https://usgovvirginia.oic.aks.example/00000000-0000-0000-0000-000000000000/22222222-2222-2222-2222-222222222222/";
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const AUDIENCE = "api://AzureADTokenExchange";
const GITHUB_SUB = "repo:org/repo:environment:prod";
const credential = (type: string, name: string, over: Record<string, unknown> = {}) => ({
    type,
    name,
    props: { resourceGroupName: "rg", resourceName: "id", applicationId: "/applications/x", displayName: name, issuer: AKS_ISSUER, subject: "system:serviceaccount:apps:api", audiences: [AUDIENCE], ...over },
});
// A versioned token, which the offline mocks leave alone, so the cluster's issuer is the one given here.
const cluster = (issuerURL: unknown) => ({ type: "azure-native:containerservice/v20240901:ManagedCluster", name: "plane", props: { resourceGroupName: "rg", oidcIssuerProfile: { enabled: true, issuerURL } } });
const wildcardRole = {
    type: "aws:iam/role:Role",
    name: "wildcard-role",
    props: {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${HOST}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { [`${HOST}:sub`]: "system:serviceaccount:*:*" } } }],
        }),
    },
};
const NOT_EXACT = (sub: string) => `the federated credential trusts ${sub}, not an exact system:serviceaccount:<namespace>:<name>`;

describe("stack-federated-identity-exact-subjects", () => {
    let bad: Judged;
    let resourceLevel: { roles: Judged; credentials: Judged };
    let good: Judged;
    let unknown: Judged;
    beforeAll(async () => {
        const run = await record([
            cluster(OTHER_CLOUD_ISSUER),
            // The issuer wiring: a cluster of this stack, in a form only the stack can recognise.
            credential(FIC, "mi-other-cloud", { issuer: OTHER_CLOUD_ISSUER, subject: GITHUB_SUB }),
            credential("azure-native:managedidentity/v20230131:FederatedIdentityCredential", "mi-other-cloud-versioned", { issuer: OTHER_CLOUD_ISSUER, subject: GITHUB_SUB }),
            credential(AD_FIC, "ad-other-cloud", { issuer: OTHER_CLOUD_ISSUER, subject: GITHUB_SUB }),
            credential(AD_FIC, "ad-wildcard", { subject: "system:serviceaccount:apps:*" }),
            credential(AD_FIC, "ad-not-sa", { subject: GITHUB_SUB }),
            credential(AD_FIC, "ad-audience", { audiences: ["api://other"] }),
            // What one resource shows is the resource policies' (blocked at creation), not reported twice.
            wildcardRole,
            credential(FIC, "mi-wildcard", { subject: "system:serviceaccount:apps:*" }),
            credential(FIC, "mi-not-sa", { subject: GITHUB_SUB }),
            credential("azure-native:managedidentity/v20230131:FederatedIdentityCredential", "mi-versioned-audience", { audiences: ["api://other"] }),
        ]);
        bad = await judge(p, run);
        resourceLevel = { roles: await judge(roles, run), credentials: await judge(credentials, run) };
        good = await check(p, [
            cluster(OTHER_CLOUD_ISSUER),
            credential(AD_FIC, "ad-exact", { issuer: OTHER_CLOUD_ISSUER }),
            credential(AD_FIC, "ad-github", { issuer: GITHUB_ISSUER, subject: GITHUB_SUB }),
            credential(FIC, "mi-exact", { issuer: OTHER_CLOUD_ISSUER }),
            credential(FIC, "mi-github", { issuer: GITHUB_ISSUER, subject: GITHUB_SUB }),
        ]);
        unknown = await check(p, [
            credential(AD_FIC, "ad-wildcard", { subject: "system:serviceaccount:apps:*" }),
            credential(AD_FIC, "ad-github-unknown-issuer", { issuer: UNKNOWN, subject: GITHUB_SUB }),
            // A new stack's preview: an exact service account does not wait on the unknown issuer.
            credential(AD_FIC, "ad-exact-unknown-issuer", { issuer: UNKNOWN }),
        ]);
    });

    it("flags a non-service-account subject whose issuer is one of the stack's clusters, which no resource policy can see", () => {
        expect(bad.messages("mi-other-cloud")).toEqual([`${NOT_EXACT(GITHUB_SUB)}, and its issuer is an AKS cluster of this stack`]);
        expect(bad.of("mi-other-cloud")[0]).toMatchObject({ kind: "stack", enforcementLevel: "mandatory" });
        expect(resourceLevel.credentials.outcome("mi-other-cloud")).toBe("pass");
        expect(bad.messages("mi-other-cloud-versioned")).toEqual(bad.messages("mi-other-cloud"));
        expect(bad.messages("ad-other-cloud")).toEqual([NOT_EXACT(GITHUB_SUB)]);
    });

    it("judges Entra application federated credentials: wildcard and non-exact subjects of AKS issuers, audiences", () => {
        expect(bad.messages("ad-wildcard")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:*"]);
        expect(bad.messages("ad-not-sa")).toEqual([NOT_EXACT(GITHUB_SUB)]);
        expect(bad.messages("ad-audience")).toEqual([`the federated credential's audiences must be exactly ["${AUDIENCE}"]`]);
    });

    it("leaves IAM roles and managed-identity credentials to the resource policies, which flag them at creation", () => {
        for (const name of ["wildcard-role", "mi-wildcard", "mi-not-sa", "mi-versioned-audience"]) expect({ name, stack: bad.messages(name) }).toEqual({ name, stack: [] });
        expect(resourceLevel.roles.outcome("wildcard-role")).toBe("violation");
        for (const name of ["mi-wildcard", "mi-not-sa", "mi-versioned-audience"]) expect({ name, resource: resourceLevel.credentials.outcome(name) }).toEqual({ name, resource: "violation" });
    });

    it("passes exact subjects, and CI subjects of issuers that are not AKS", () => {
        expect(good.results.filter((r) => r.outcome === "violation")).toEqual([]);
        expect(good.stack.map((r) => r.outcome)).toEqual(["pass"]);
    });

    it("reports what it found, then the subject it could not judge without the issuer (never a pass)", () => {
        expect(unknown.messages("ad-wildcard")).toHaveLength(1);
        expect(unknown.messages("ad-github-unknown-issuer")).toEqual([]);
        expect(unknown.messages("ad-exact-unknown-issuer")).toEqual([]);
        expect(unknown.stack.map((r) => r.outcome)).toEqual(["unknown"]);
        expect(unknown.stack[0].message).toContain(".issuer");
    });
});
