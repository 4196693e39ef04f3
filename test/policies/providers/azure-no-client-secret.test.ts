import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/providers/azure-no-client-secret";
import { check, Judged, UNKNOWN } from "../harness";

const SECRET = "azure-client-secret~value";

describe("provider-azure-no-client-secret", () => {
    let j: Judged;
    let fromConfig: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "pulumi:providers:azure-native", name: "secret", props: { clientId: "c", tenantId: "t", clientSecret: SECRET } },
            { type: "pulumi:providers:azuread", name: "cert", props: { clientCertificate: "MIIKfake", clientCertificatePassword: "pw" } },
            { type: "pulumi:providers:azure", name: "computed", props: { clientSecret: UNKNOWN } },
            { type: "pulumi:providers:azure-native", name: "oidc", props: { clientId: "c", tenantId: "t", useOidc: true } },
            { type: "pulumi:providers:aws", name: "aws", props: {} },
        ]);
        fromConfig = await check(p, [{ type: "azure-native:resources:ResourceGroup", name: "rg", props: {} }], { config: { "azure-native:clientSecret": SECRET }, secretKeys: ["azure-native:clientSecret"] });
    });
    it("flags client secrets and inline certificates on every Azure provider, without echoing them", () => {
        expect(j.messages("secret")).toEqual(["the provider carries static credentials in clientSecret"]);
        expect(j.messages("cert")).toEqual(["the provider carries static credentials in clientCertificate, clientCertificatePassword"]);
        expect(j.results.map((r) => r.message ?? "").join()).not.toContain(SECRET);
    });
    it("flags a client secret in stack config through the default provider", () => {
        expect(fromConfig.results.find((r) => /pulumi:providers:azure-native::default_/.test(r.urn ?? ""))?.outcome).toBe("violation");
    });
    it("flags a computed secret: set is set", () => expect(j.outcome("computed")).toBe("violation"));
    it("passes OIDC", () => expect(j.outcome("oidc")).toBe("pass"));
    it("is not applicable to the AWS provider", () => expect(j.outcome("aws")).toBe("not-applicable"));
});
