import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/ingress-internal-only";
import { check, Judged, UNKNOWN } from "../harness";

const SCHEME = "alb.ingress.kubernetes.io/scheme";
const ing = (scheme?: unknown) => ({ metadata: { annotations: scheme === undefined ? {} : { [SCHEME]: scheme } }, spec: { ingressClassName: "alb" } });

describe("k8s-ingress-internal-only", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "public", props: ing("internet-facing") },
            { type: "kubernetes:networking.k8s.io/v1beta1:IngressPatch", name: "old-patch", props: ing("internet-facing") },
            { type: "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams", name: "class-public", props: { spec: { scheme: "internet-facing" } } },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "internal", props: ing("internal") },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "default", props: ing() },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "unknown", props: ing(UNKNOWN) },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "agic-public", props: { metadata: { annotations: {} }, spec: { ingressClassName: "azure-application-gateway" } } },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "agic-private", props: { metadata: { annotations: { "appgw.ingress.kubernetes.io/use-private-ip": "true" } }, spec: { ingressClassName: "azure-application-gateway" } } },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "agic-unknown", props: { metadata: { annotations: { "kubernetes.io/ingress.class": "azure/application-gateway", "appgw.ingress.kubernetes.io/use-private-ip": UNKNOWN } } } },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "gce", props: { metadata: { annotations: { "kubernetes.io/ingress.class": "gce" } } } },
            { type: "kubernetes:networking.k8s.io/v1:IngressClass", name: "class", props: { spec: { controller: "ingress.k8s.aws/alb" } } },
        ]);
    });
    it("flags Application Gateway Ingresses without a private IP and GKE external Ingresses", () => {
        expect(j.messages("agic-public")).toEqual(['is an Application Gateway Ingress without appgw.ingress.kubernetes.io/use-private-ip: "true": its listener uses the gateway\'s public frontend']);
        expect(j.outcome("agic-private")).toBe("pass");
        expect(j.outcome("agic-unknown")).toBe("unknown");
        expect(j.outcome("gce")).toBe("violation");
    });
    it("flags internet-facing Ingresses (any version, Patch) and IngressClassParams", () => {
        expect(j.messages("public")).toEqual([`metadata.annotations["${SCHEME}"] is internet-facing`]);
        expect(j.outcome("old-patch")).toBe("violation");
        expect(j.messages("class-public")).toEqual(["spec.scheme is internet-facing: every Ingress of this class gets a public load balancer"]);
    });
    it("passes internal and the controller's internal default", () => {
        expect(j.outcome("internal")).toBe("pass");
        expect(j.outcome("default")).toBe("pass");
    });
    it("reports an unknown scheme as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to IngressClasses", () => expect(j.outcome("class")).toBe("not-applicable"));
});
