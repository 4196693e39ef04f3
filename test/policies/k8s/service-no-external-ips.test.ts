import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/service-no-external-ips";
import { check, Judged, UNKNOWN } from "../harness";

describe("k8s-service-no-external-ips", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:core/v1:Service", name: "external", props: { spec: { externalIPs: ["198.51.100.7"] } } },
            { type: "kubernetes:core/v1:ServicePatch", name: "patch", props: { spec: { externalIPs: ["198.51.100.8", "198.51.100.9"] } } },
            { type: "kubernetes:core/v1:Service", name: "none", props: { spec: { type: "ClusterIP", externalIPs: [] } } },
            { type: "kubernetes:core/v1:Service", name: "unknown", props: { spec: { externalIPs: UNKNOWN } } },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "ing", props: { spec: {} } },
        ]);
    });
    it("flags externalIPs on Services and patches", () => {
        expect(j.messages("external")).toEqual(["spec.externalIPs is set (1 address(es))"]);
        expect(j.messages("patch")).toEqual(["spec.externalIPs is set (2 address(es))"]);
    });
    it("passes Services without external IPs", () => expect(j.outcome("none")).toBe("pass"));
    it("reports unknown external IPs as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to Ingresses", () => expect(j.outcome("ing")).toBe("not-applicable"));
});
