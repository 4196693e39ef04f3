import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/federated-credential-exact-subject";
import { check, Judged, UNKNOWN } from "../harness";

const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const AKS_ISSUER = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const AUDIENCE = "api://AzureADTokenExchange";
const fic = (name: string, over: Record<string, unknown> = {}, type = FIC) => ({
    type,
    name,
    props: { resourceGroupName: "rg", resourceName: "gateway", issuer: AKS_ISSUER, subject: "system:serviceaccount:gateway:llm-gateway", audiences: [AUDIENCE], ...over },
});
const NOT_EXACT = (sub: string) => `the federated credential trusts ${sub}, not an exact system:serviceaccount:<namespace>:<name>`;
const AUDIENCES = `the federated credential's audiences must be exactly ["${AUDIENCE}"]`;

describe("azure-federated-credential-exact-subject", () => {
    let j: Judged;
    let unknown: Judged;
    beforeAll(async () => {
        j = await check(p, [
            fic("wildcard", { subject: "system:serviceaccount:apps:*" }),
            fic("question-mark", { subject: "system:serviceaccount:apps:ap?" }),
            fic("not-sa-aks", { subject: "repo:org/repo:environment:prod" }),
            fic("malformed-sa", { subject: "system:serviceaccount:apps", issuer: GITHUB_ISSUER }),
            fic("no-subject", { subject: undefined }),
            fic("no-issuer", { issuer: undefined }),
            fic("other-audience", { audiences: ["api://other"] }),
            fic("two-audiences", { audiences: [AUDIENCE, "api://other"] }),
            fic("no-audiences", { audiences: undefined }),
            fic("versioned", { subject: "system:serviceaccount:apps:*" }, "azure-native:managedidentity/v20230131:FederatedIdentityCredential"),
            fic("preview-version", { audiences: [] }, "azure-native:managedidentity/v20241130preview:FederatedIdentityCredential"),
            fic("exact"),
            fic("github-exact", { issuer: GITHUB_ISSUER, subject: "repo:org/repo:environment:prod" }),
            { type: "azure-native:managedidentity:UserAssignedIdentity", name: "identity", props: { resourceGroupName: "rg" } },
        ]);
        unknown = await check(p, [
            // A new stack's preview: the AKS issuer URL is the cluster's output, not known yet.
            fic("exact-unknown-issuer", { issuer: UNKNOWN }),
            fic("github-unknown-issuer", { issuer: UNKNOWN, subject: "repo:org/repo:environment:prod" }),
            fic("wildcard-unknown-audience", { subject: "system:serviceaccount:apps:*", audiences: [UNKNOWN] }),
            fic("unknown-subject", { subject: UNKNOWN }),
            fic("unknown-audiences", { audiences: UNKNOWN }),
        ]);
    });

    it("flags wildcard and non-exact service-account subjects, at mandatory level", () => {
        expect(j.messages("wildcard")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:*"]);
        expect(j.of("wildcard")[0]).toMatchObject({ kind: "resource", enforcementLevel: "mandatory" });
        expect(j.messages("question-mark")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:ap?"]);
        expect(j.messages("not-sa-aks")).toEqual([NOT_EXACT("repo:org/repo:environment:prod")]);
        expect(j.messages("malformed-sa")).toEqual([NOT_EXACT("system:serviceaccount:apps")]);
    });

    it("flags a missing subject or issuer and any audience list but exactly the token-exchange audience", () => {
        expect(j.messages("no-subject")).toEqual(["the federated credential has no subject"]);
        expect(j.messages("no-issuer")).toEqual(["the federated credential has no issuer"]);
        for (const name of ["other-audience", "two-audiences", "no-audiences"]) expect({ name, messages: j.messages(name) }).toEqual({ name, messages: [AUDIENCES] });
    });

    it("judges API-versioned type tokens too", () => {
        expect(j.messages("versioned")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:*"]);
        expect(j.messages("preview-version")).toEqual([AUDIENCES]);
    });

    it("passes an exact service account, and an exact CI subject of an issuer that is not AKS", () => {
        expect(j.outcome("exact")).toBe("pass");
        expect(j.outcome("github-exact")).toBe("pass");
    });

    it("is not applicable to the identity itself", () => expect(j.outcome("identity")).toBe("not-applicable"));

    it("does not wait on an unknown issuer when the subject is an exact service account (presence is all it needs)", () => {
        expect(unknown.outcome("exact-unknown-issuer")).toBe("pass");
    });

    it("reports a subject it cannot judge without the issuer, or unknown audiences, as unknown; known defects first", () => {
        expect(unknown.outcome("github-unknown-issuer")).toBe("unknown");
        expect(unknown.of("wildcard-unknown-audience").map((r) => r.outcome)).toEqual(["violation", "unknown"]);
        expect(unknown.messages("wildcard-unknown-audience")).toEqual(["the federated credential trusts the wildcard subject system:serviceaccount:apps:*"]);
        expect(unknown.outcome("unknown-subject")).toBe("unknown");
        expect(unknown.outcome("unknown-audiences")).toBe("unknown");
    });
});
