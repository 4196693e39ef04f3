import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/stack/no-k8s-secret-data";
import { check, Judged, UNKNOWN } from "../harness";

describe("stack-no-k8s-secret-data", () => {
    let j: Judged;
    let clean: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:core/v1:Secret", name: "literal", props: { metadata: { namespace: "apps" }, stringData: { "db-url": "postgres://db.internal/app" } } },
            { type: "kubernetes:core/v1:Secret", name: "computed", props: { data: UNKNOWN } },
            { type: "kubernetes:core/v1:SecretList", name: "list", props: { items: [{ data: {} }, { data: { a: "YQ==" } }] } },
            { type: "kubernetes:core/v1:SecretPatch", name: "patch", props: { stringData: { token: "x" } } },
            { type: "kubernetes:core/v1:Secret", name: "sa-token", props: { type: "kubernetes.io/service-account-token", metadata: { annotations: { "kubernetes.io/service-account.name": "ci" } } } },
        ]);
        clean = await check(p, [
            { type: "kubernetes:core/v1:Secret", name: "empty", props: { type: "kubernetes.io/service-account-token" } },
            { type: "kubernetes:core/v1:ConfigMap", name: "cm", props: { data: { a: "b" } } },
        ]);
    });
    it("flags every Secret written by the program, whatever its keys, including computed data, Lists and Patches", () => {
        expect(j.messages("literal")).toEqual(["stringData written by the program: the values sit in Pulumi state"]);
        expect(j.messages("computed")).toEqual(["data written by the program: the values sit in Pulumi state"]);
        expect(j.messages("list")).toEqual(["items[1].data written by the program: the values sit in Pulumi state"]);
        expect(j.outcome("patch")).toBe("violation");
        expect(j.of("literal")[0]).toMatchObject({ kind: "stack", enforcementLevel: "mandatory" });
    });
    it("passes Secrets without data and ignores ConfigMaps", () => {
        expect(j.of("sa-token")).toEqual([]);
        expect(clean.stack.map((r) => r.outcome)).toEqual(["pass"]);
    });
});
