import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/helm-values-no-public-load-balancer";
import { check, Judged, UNKNOWN } from "../harness";

const R = "kubernetes:helm.sh/v3:Release";

describe("k8s-helm-values-no-public-load-balancer", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: R, name: "nlb", props: { chart: "gateway", values: { gateway: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing", "service.beta.kubernetes.io/aws-load-balancer-name": UNKNOWN } } } } },
            { type: R, name: "lbc", props: { chart: "aws-load-balancer-controller", values: { clusterName: UNKNOWN, defaultLoadBalancerScheme: "internet-facing", ingressClassParams: { spec: { scheme: "internet-facing" } } } } },
            { type: R, name: "azure", props: { chart: "ingress-nginx", values: { controller: { service: { annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "false" } } } } } },
            { type: R, name: "ingresses", props: { chart: "app", values: { ingress: { hosts: [{ annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing" } }] } } } },
            { type: R, name: "internal", props: { chart: "aws-load-balancer-controller", values: { vpcId: UNKNOWN, defaultLoadBalancerScheme: "internal", serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": UNKNOWN } } } } },
            { type: R, name: "unknown", props: { chart: "gateway", values: { gateway: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": UNKNOWN } } } } },
            { type: R, name: "lb-type", props: { chart: "gateway", values: { service: { type: "LoadBalancer", ports: [{ port: 443 }] } } } },
            { type: R, name: "lb-type-internal", props: { chart: "gateway", values: { service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true", "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "snet-ingress" }, loadBalancerIP: "10.0.4.10" } } } },
            { type: R, name: "lb-type-ranges", props: { chart: "ingress-nginx", values: { controller: { service: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] } } } } },
            { type: R, name: "lb-type-unknown", props: { chart: "gateway", values: { service: { type: "LoadBalancer", annotations: UNKNOWN } } } },
            { type: R, name: "node-port", props: { chart: "argo-cd", values: { server: { service: { type: "NodePort" } } } } },
            { type: R, name: "cluster-ip", props: { chart: "argo-cd", values: { server: { service: { type: "ClusterIP" } }, secret: { type: "Opaque" } } } },
            { type: "kubernetes:helm.sh/v4:Chart", name: "chart-v4", props: { chart: "x", values: { defaultLoadBalancerScheme: "internet-facing" } } },
        ]);
    });
    it("flags values that ask for an internet-facing load balancer, by path, at any depth", () => {
        expect(j.messages("nlb")).toEqual([
            'values.gateway.annotations.service.beta.kubernetes.io/aws-load-balancer-scheme is internet-facing: the chart creates a public load balancer, which no Service or Ingress policy can see inside a Helm release',
        ]);
        expect(j.messages("lbc").map((m) => m.split(" is ")[0])).toEqual(["values.defaultLoadBalancerScheme", "values.ingressClassParams.spec.scheme"]);
        expect(j.messages("azure")[0]).toMatch(/azure-load-balancer-internal is "false"/);
        expect(j.messages("ingresses")[0]).toMatch(/^values\.ingress\.hosts\[0\]\.annotations\.alb\.ingress\.kubernetes\.io\/scheme is internet-facing/);
        expect(j.of("nlb")[0].enforcementLevel).toBe("mandatory");
    });
    it("flags a chart Service of type LoadBalancer with no internal annotation beside it, and NodePort", () => {
        expect(j.messages("lb-type")).toEqual(["values.service.type is LoadBalancer with no internal-load-balancer annotation beside it: the chart creates an internet-facing load balancer, which no Service policy can see inside a Helm release"]);
        expect(j.messages("node-port")).toEqual([expect.stringMatching(/^values\.server\.service\.type is NodePort/)]);
    });
    it("passes LoadBalancer values with an internal annotation or restricted source ranges, and other types", () => {
        expect(j.outcome("lb-type-internal")).toBe("pass");
        expect(j.outcome("lb-type-ranges")).toBe("pass");
        expect(j.outcome("cluster-ip")).toBe("pass");
    });
    it("reports LoadBalancer values with unknown annotations as unknown", () => expect(j.outcome("lb-type-unknown")).toBe("unknown"));
    it("passes internal settings, whatever else is unknown during preview", () => expect(j.outcome("internal")).toBe("pass"));
    it("reports an unknown scheme as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("leaves helm.v4.Chart to the Service and Ingress policies, which see what it renders", () => expect(j.outcome("chart-v4")).toBe("not-applicable"));
});
