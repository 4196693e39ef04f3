import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/iam-no-user-credentials";
import { check, Judged, UNKNOWN } from "../harness";

describe("aws-iam-no-user-credentials", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:iam/accessKey:AccessKey", name: "key", props: { user: "ci" } },
            { type: "aws:iam/userLoginProfile:UserLoginProfile", name: "login", props: { user: "alice" } },
            { type: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential", name: "codecommit", props: { serviceName: "codecommit.amazonaws.com", userName: "ci" } },
            { type: "aws:iam/accessKey:AccessKey", name: "key-unknown-user", props: { user: UNKNOWN } },
            { type: "aws:iam/role:Role", name: "role", props: { assumeRolePolicy: "{}" } },
            { type: "aws:iam/user:User", name: "user", props: {} },
        ]);
    });
    it("flags every access key, console password and service-specific credential at mandatory level", () => {
        expect(j.messages("key")).toEqual(["an IAM access key is a long-lived static credential"]);
        expect(j.messages("login")).toEqual(["an IAM user console password is a long-lived static credential"]);
        expect(j.messages("codecommit")).toEqual(["an IAM service-specific credential is a long-lived static credential"]);
        expect(j.of("key")[0].enforcementLevel).toBe("mandatory");
    });
    it("judges by existence alone, so an unknown user still violates", () => expect(j.outcome("key-unknown-user")).toBe("violation"));
    it("passes roles and users without credentials (not applicable: they are not credentials)", () => {
        expect(j.outcome("role")).toBe("not-applicable");
        expect(j.outcome("user")).toBe("not-applicable");
    });
});
