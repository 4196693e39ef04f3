import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/ad-no-app-passwords";
import { check, Judged, UNKNOWN } from "../harness";

describe("azure-ad-no-app-passwords", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "azuread:index/applicationPassword:ApplicationPassword", name: "app-pw", props: { applicationId: "/applications/x" } },
            { type: "azuread:index/servicePrincipalPassword:ServicePrincipalPassword", name: "sp-pw", props: { servicePrincipalId: "/servicePrincipals/x" } },
            { type: "azuread:index/application:Application", name: "inline", props: { displayName: "ci", passwords: [{ displayName: "ci" }] } },
            { type: "azuread:index/application:Application", name: "federated", props: { displayName: "ci" } },
            { type: "azuread:index/application:Application", name: "computed", props: { displayName: "ci", passwords: UNKNOWN } },
            { type: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential", name: "fic", props: { subject: "repo:o/r:ref:refs/heads/main" } },
        ]);
    });
    it("flags every application and service-principal password, and inline passwords", () => {
        expect(j.messages("app-pw")).toEqual(["an application password is a long-lived client secret"]);
        expect(j.messages("sp-pw")).toEqual(["a service principal password is a long-lived client secret"]);
        expect(j.messages("inline")).toEqual(["the application defines passwords: a long-lived client secret"]);
    });
    it("flags computed inline passwords too: set is set", () => expect(j.outcome("computed")).toBe("violation"));
    it("passes applications without passwords", () => expect(j.outcome("federated")).toBe("pass"));
    it("is not applicable to federated credentials", () => expect(j.outcome("fic")).toBe("not-applicable"));
});
