import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/lb-internal-only";
import { check, Judged, UNKNOWN } from "../harness";

describe("aws-lb-internal-only", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "lb-absent", props: { loadBalancerType: "application" } },
            { type: "aws:alb/loadBalancer:LoadBalancer", name: "alb-public", props: { internal: false } },
            { type: "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", name: "v2-alias", props: {} },
            { type: "aws:elb/loadBalancer:LoadBalancer", name: "classic", props: { listeners: [] } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "internal", props: { internal: true } },
            { type: "aws:alb/loadBalancer:LoadBalancer", name: "alb-internal", props: { internal: true } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "unknown", props: { internal: UNKNOWN } },
            { type: "aws:applicationloadbalancing/loadBalancer:LoadBalancer", name: "alb-old-alias", props: {} },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "gateway", props: { loadBalancerType: "gateway", subnets: [UNKNOWN] } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "unknown-kind", props: { loadBalancerType: UNKNOWN } },
            { type: "aws:lb/targetGroup:TargetGroup", name: "tg", props: { port: 80 } },
        ]);
    });
    it("treats an absent `internal` as internet-facing", () => {
        expect(j.messages("lb-absent")).toEqual(["the load balancer is internet-facing (internal is absent, which means false)"]);
        expect(j.messages("alb-public")).toEqual(["the load balancer is internet-facing (internal is false)"]);
    });
    it("covers every type-token alias and classic load balancers", () => {
        expect(j.outcome("v2-alias")).toBe("violation");
        expect(j.outcome("classic")).toBe("violation");
        expect(j.outcome("alb-old-alias")).toBe("violation");
    });
    it("passes a Gateway Load Balancer, which has no scheme", () => expect(j.outcome("gateway")).toBe("pass"));
    it("reports an unknown kind of load balancer without a scheme as unknown", () => expect(j.outcome("unknown-kind")).toBe("unknown"));
    it("passes internal load balancers under any alias", () => {
        expect(j.outcome("internal")).toBe("pass");
        expect(j.outcome("alb-internal")).toBe("pass");
    });
    it("reports an unknown scheme as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to target groups", () => expect(j.outcome("tg")).toBe("not-applicable"));
});
