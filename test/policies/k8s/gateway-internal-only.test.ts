import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/gateway-internal-only";
import { check, Judged, UNKNOWN } from "../harness";

const GW = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const listeners = [{ name: "https", port: 443, protocol: "HTTPS" }];
const gw = (spec: Record<string, unknown> = {}, annotations: Record<string, unknown> = {}) => ({ metadata: { namespace: "istio-ingress", annotations }, spec: { gatewayClassName: "istio", listeners, ...spec } });

describe("k8s-gateway-internal-only", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: GW, name: "public", props: gw() },
            { type: "kubernetes:gateway.networking.k8s.io/v1beta1:GatewayList", name: "list", props: { items: [gw()] } },
            { type: GW, name: "infra-internal", props: gw({ infrastructure: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" } } }) },
            { type: GW, name: "istio-annotated", props: gw({}, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" }) },
            { type: GW, name: "cluster-ip", props: gw({}, { "networking.istio.io/service-type": "ClusterIP" }) },
            { type: GW, name: "gke-internal-class", props: gw({ gatewayClassName: "gke-l7-rilb" }) },
            { type: GW, name: "unknown", props: gw({ infrastructure: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": UNKNOWN } } }) },
            { type: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", name: "route", props: { spec: { parentRefs: [{ name: "public" }] } } },
        ]);
    });
    it("flags a Gateway whose implementation would deploy an internet-facing load balancer (any version, List)", () => {
        expect(j.messages("public")).toEqual(["spec.infrastructure.annotations has no internal-load-balancer annotation: the implementation deploys a LoadBalancer Service the cloud makes internet-facing"]);
        expect(j.of("public")[0].enforcementLevel).toBe("mandatory");
        expect(j.messages("list")).toEqual([expect.stringMatching(/^items\[0\]\.spec\.infrastructure/)]);
    });
    it("passes internal annotations (infrastructure or Istio's own), a ClusterIP service type and internal classes", () => {
        expect(j.outcome("infra-internal")).toBe("pass");
        expect(j.outcome("istio-annotated")).toBe("pass");
        expect(j.outcome("cluster-ip")).toBe("pass");
        expect(j.outcome("gke-internal-class")).toBe("pass");
    });
    it("reports an unknown annotation as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to routes, which are exposed through their Gateway", () => expect(j.outcome("route")).toBe("not-applicable"));
});
