import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/service-no-public-load-balancer";
import { check, Judged, UNKNOWN } from "../harness";

const S = "kubernetes:core/v1:Service";
const svc = (annotations: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ metadata: { annotations }, spec: { type: "LoadBalancer", ports: [{ port: 443 }], ...spec } });

describe("k8s-service-no-public-load-balancer", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: S, name: "public", props: svc({}) },
            { type: "kubernetes:core/v1:ServicePatch", name: "patch-public", props: svc({ "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }) },
            { type: "kubernetes:core/v1:ServiceList", name: "list", props: { items: [svc({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" }), svc({}, { loadBalancerSourceRanges: ["0.0.0.0/0"] })] } },
            { type: S, name: "aws-internal", props: svc({ "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }) },
            { type: S, name: "azure-internal", props: svc({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" }) },
            { type: S, name: "source-ranges", props: svc({}, { loadBalancerSourceRanges: ["10.0.0.0/8"] }) },
            { type: S, name: "cluster-ip", props: { spec: { type: "ClusterIP", ports: [{ port: 80 }] } } },
            { type: S, name: "unknown", props: svc({ "service.beta.kubernetes.io/aws-load-balancer-scheme": UNKNOWN }) },
            { type: "kubernetes:core/v1:ConfigMap", name: "cm", props: { data: {} } },
        ]);
    });
    it("flags LoadBalancer Services without an internal annotation or restrictive source ranges", () => {
        expect(j.messages("public")).toEqual(["spec.type is LoadBalancer with no internal-load-balancer annotation and no loadBalancerSourceRanges restricting it: the cloud creates an internet-facing load balancer"]);
        expect(j.outcome("patch-public")).toBe("violation");
    });
    it("judges each item of a ServiceList", () => {
        expect(j.messages("list")).toHaveLength(1);
        expect(j.messages("list")[0]).toMatch(/^items\[1\]\.spec\.type is LoadBalancer/);
    });
    it("passes internal annotations (AWS, Azure), restrictive ranges and ClusterIP", () => {
        for (const name of ["aws-internal", "azure-internal", "source-ranges", "cluster-ip"]) expect(j.outcome(name)).toBe("pass");
    });
    it("reports an unknown annotation as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to ConfigMaps", () => expect(j.outcome("cm")).toBe("not-applicable"));
});
