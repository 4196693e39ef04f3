import { beforeAll, describe, expect, it } from "vitest";
import { ProgramRun, RecordedResource } from "../../engine/resource";
import { byType, dependsOn, inputsOf, one } from "../../engine/testing";
import { stackFileConfig } from "../aws/scenario";
import { runStack } from "./operations/fixtures";
import { FAKE_GATEWAY_IP, runOnFakePlane } from "./fake-plane";
import { parseStackConfig } from "../../config/parse";
import { gatewayValues } from "../../components/platform/mesh";
import { loadBalancers, publicLoadBalancers } from "./exposure";

/**
 * The mesh (components/platform/mesh) as the program installs it, on the AWS plane (the whole
 * program for aws-phase1, with namespaces and exceptions of the user's) and on the fake plane (no
 * cloud; an internal LoadBalancer gateway with a static IP). The same code, one run each.
 */

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    ns: "kubernetes:core/v1:Namespace",
    pa: "kubernetes:security.istio.io/v1:PeerAuthentication",
    gateway: "kubernetes:networking.istio.io/v1:Gateway",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
};

interface PeerAuthentication {
    metadata: { name: string; namespace: string; annotations?: Record<string, string> };
    spec: { selector?: { matchLabels: Record<string, string> }; mtls?: { mode: string }; portLevelMtls?: Record<string, { mode: string }> };
}

const REASON = "the API server calls this admission webhook over its own TLS, without a mesh certificate";
export const MESH = {
    hosts: ["*.example.com"],
    namespaces: ["team-a", "team-b"],
    mtlsExceptions: [
        { namespace: "team-a", selector: { app: "policy-webhook" }, port: 9443, reason: REASON },
        { namespace: "team-a", selector: { app: "policy-webhook" }, port: 8443, reason: REASON },
        { namespace: "consumer-x", selector: { "app.kubernetes.io/name": "scraper-target", tier: "metrics" }, port: 9100, reason: "a node-local scraper outside the mesh reads this exporter" },
    ],
};
const CONSUMERS = [{ namespace: "consumer-x", secrets: [] as string[] }];

const runs: Record<"aws" | "fake", ProgramRun> = {} as never;
beforeAll(async () => {
    const aws = stackFileConfig("aws-phase1");
    runs.aws = await runStack("aws-phase1", {
        ...aws,
        "splitplane:mesh": JSON.stringify(MESH),
        "splitplane:secretSync": JSON.stringify({ consumers: CONSUMERS.map((c) => ({ ...c, secrets: ["splitplane/aws-phase1/team-x/token"] })) }),
    });
    const fakeConfig = {
        "splitplane:cloud": "aws",
        "splitplane:environment": "dev",
        "splitplane:mesh": JSON.stringify(MESH),
        "splitplane:secretSync": JSON.stringify({ consumers: CONSUMERS.map((c) => ({ ...c, secrets: ["fake-team-x-token"] })) }),
    };
    runs.fake = (
        await runOnFakePlane(async (plane) => {
            const { installPlatform } = await import("../../stacks/platform");
            installPlatform(plane, parseStackConfig(fakeConfig, "stacks/Pulumi.fake.yaml"), "stacks/Pulumi.fake.yaml");
        }, "fake-mesh")
    ).run;
}, 60_000);

const release = (run: ProgramRun, name: string): RecordedResource => {
    const found = byType(run, T.release).filter((r) => inputsOf(r).name === name);
    if (found.length !== 1) throw new Error(`expected one release ${name}, found ${found.length}`);
    return found[0];
};
const namespace = (run: ProgramRun, name: string) => byType(run, T.ns).filter((r) => inputsOf(r).metadata.name === name);
const policies = (run: ProgramRun) => byType(run, T.pa).map((r) => inputsOf(r) as PeerAuthentication);

describe.each(["aws", "fake"] as const)("the mesh on the %s plane (the same code)", (which) => {
    const run = () => runs[which];
    const onDemand = () => (which === "aws" ? { "karpenter.sh/nodepool": "on-demand" } : { "fake.example/pool": "on-demand" });

    it("installs Istio 1.30.3's base, istiod and gateway charts from Istio's repository, the gateway as istio-ingressgateway in istio-ingress", () => {
        const got = ["istio-base", "istiod", "istio-ingressgateway"].map((n) => {
            const i = inputsOf(release(run(), n));
            return [i.chart, i.version, i.namespace, i.repositoryOpts.repo];
        });
        const repo = "https://istio-release.storage.googleapis.com/charts";
        expect(got).toEqual([
            ["base", "1.30.3", "istio-system", repo],
            ["istiod", "1.30.3", "istio-system", repo],
            ["gateway", "1.30.3", "istio-ingress", repo],
        ]);
    });

    it("order: base before istiod before the gateway (its pods are injected); Istio objects wait for istiod's validation", () => {
        const base = release(run(), "istio-base");
        const istiod = release(run(), "istiod");
        const gateway = release(run(), "istio-ingressgateway");
        expect(dependsOn(run(), istiod, base)).toBe(true);
        expect(dependsOn(run(), gateway, istiod)).toBe(true);
        expect(dependsOn(run(), base, istiod)).toBe(false);
        expect(dependsOn(run(), gateway, one(run(), T.ns, "mesh-ingress-namespace"))).toBe(true);
        for (const r of [...byType(run(), T.pa), ...byType(run(), T.gateway)]) expect(dependsOn(run(), r, istiod), r.name).toBe(true);
    });

    it("mesh-wide STRICT mTLS: one PeerAuthentication `default` in istio-system, no selector", () => {
        const meshWide = policies(run()).filter((p) => !p.spec.selector);
        expect(meshWide).toHaveLength(1);
        expect(meshWide[0].metadata).toMatchObject({ name: "default", namespace: "istio-system" });
        expect(meshWide[0].spec).toEqual({ mtls: { mode: "STRICT" } });
    });

    it("every exception is one workload's ports only: its namespace, a selector, STRICT otherwise, PERMISSIVE on exactly the listed ports", () => {
        const exceptions = policies(run()).filter((p) => p.spec.selector);
        const summary = exceptions.map((p) => [p.metadata.namespace, p.spec.selector?.matchLabels, p.spec.mtls, p.spec.portLevelMtls]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        expect(summary).toEqual([
            ["consumer-x", { "app.kubernetes.io/name": "scraper-target", tier: "metrics" }, { mode: "STRICT" }, { "9100": { mode: "PERMISSIVE" } }],
            // Two exceptions of one workload are one policy: two policies selecting one workload conflict.
            ["team-a", { app: "policy-webhook" }, { mode: "STRICT" }, { "8443": { mode: "PERMISSIVE" }, "9443": { mode: "PERMISSIVE" } }],
        ]);
        // Nothing anywhere is DISABLE, and nothing PERMISSIVE outside a port-level entry.
        for (const p of policies(run())) expect(p.spec.mtls?.mode).toBe("STRICT");
        for (const p of exceptions) expect(p.metadata.annotations?.["splitplane.dev/reason"]).toContain(p.metadata.namespace === "team-a" ? REASON : "scraper");
    });

    it("each exception waits for its namespace", () => {
        for (const r of byType(run(), T.pa).filter((x) => inputsOf(x).spec.selector)) {
            const ns = one(run(), T.ns, inputsOf(r).metadata.namespace === "team-a" ? "mesh-namespace-team-a" : "consumer-consumer-x-namespace");
            expect(dependsOn(run(), r, ns), r.name).toBe(true);
        }
    });

    it("sidecar injection: the gateway's namespace, mesh.namespaces and secret-sync consumers are in; istio-system and the controllers' namespaces are not", () => {
        const label = (name: string) => namespace(run(), name).map((r) => inputsOf(r).metadata.labels?.["istio-injection"]);
        for (const ns of ["istio-ingress", "team-a", "team-b", "consumer-x"]) expect([ns, label(ns)]).toEqual([ns, ["enabled"]]);
        for (const ns of ["istio-system", "external-secrets"]) expect([ns, label(ns)]).toEqual([ns, ["disabled"]]);
        // Every namespace is made once, labelled enabled or not: controllers stay out.
        const enabled = byType(run(), T.ns).filter((r) => inputsOf(r).metadata.labels?.["istio-injection"] === "enabled").map((r) => inputsOf(r).metadata.name).sort();
        const split = which === "aws" ? ["tfy-agent", "truefoundry"] : [];
        expect(enabled).toEqual(["consumer-x", "istio-ingress", ...split, "team-a", "team-b"].sort());
    });

    it("the platform Gateway istio-ingress/platform-gateway selects the gateway's pods and serves mesh.hosts", () => {
        const gw = inputsOf(one(run(), T.gateway));
        expect(gw.metadata).toMatchObject({ name: "platform-gateway", namespace: "istio-ingress" });
        expect(gw.spec).toEqual({ selector: { istio: "ingressgateway" }, servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: MESH.hosts }] });
        expect(dependsOn(run(), one(run(), T.gateway), one(run(), T.ns, "mesh-ingress-namespace"))).toBe(true);
    });

    it("istiod and the gateway run on the plane's on-demand placement, at least two replicas", () => {
        const istiod = inputsOf(release(run(), "istiod")).values;
        const gateway = inputsOf(release(run(), "istio-ingressgateway")).values;
        expect(istiod.nodeSelector).toEqual(onDemand());
        expect(gateway.nodeSelector).toEqual(onDemand());
        expect(istiod.autoscaleMin).toBe(2);
        expect(gateway.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 5 });
        expect(gateway.podDisruptionBudget).toEqual({ minAvailable: 1 });
        // Spread across zones, selecting the pods the charts label (the Gateway's selector for the gateway).
        const zone = (labels: Record<string, string>) => [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } }];
        expect(gateway.topologySpreadConstraints).toEqual(zone(inputsOf(one(run(), T.gateway)).spec.selector));
        expect(istiod.topologySpreadConstraints).toEqual(zone({ app: "istiod" }));
    });

    it("the gateway Service follows the plane: ClusterIP behind the ALB on AWS; an internal LoadBalancer with the plane's annotations and static IP on the fake plane", () => {
        const service = inputsOf(release(run(), "istio-ingressgateway")).values.service;
        if (which === "aws") expect(service).toEqual({ type: "ClusterIP" });
        else {
            // The static IP in AKS's annotation, never the deprecated spec.loadBalancerIP.
            expect(service).toEqual({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true", "service.beta.kubernetes.io/azure-load-balancer-ipv4": FAKE_GATEWAY_IP } });
        }
    });
});

describe("the mesh takes over istio-ingress on AWS without replacing it", () => {
    const ns = () => one(runs.aws, T.ns, "mesh-ingress-namespace");

    it("the namespace is the mesh's child, named istio-ingress, aliased to its old identity (ingress-backend-ns, child of AlbIngress ingress)", () => {
        expect(inputsOf(ns()).metadata.name).toBe("istio-ingress");
        expect(ns().parent).toMatch(/splitplane:platform:Mesh::mesh$/);
        const aliases = ns().options.aliases;
        const old = aliases.some(
            (a) =>
                (typeof a === "string" && a.endsWith("splitplane:aws:AlbIngress$kubernetes:core/v1:Namespace::ingress-backend-ns")) ||
                (typeof a === "object" && a.name === "ingress-backend-ns" && String(a.parentUrn).endsWith("::splitplane:aws:AlbIngress::ingress")),
        );
        expect(old, JSON.stringify(aliases)).toBe(true);
        // Only one object claims the namespace.
        expect(namespace(runs.aws, "istio-ingress")).toHaveLength(1);
        expect(byType(runs.aws, T.ns).map((r) => r.name)).not.toContain("ingress-backend-ns");
    });

    it("the ALB Ingress keeps its identity and waits for the mesh's namespace and the LB controller", () => {
        const ingress = one(runs.aws, T.ingress, "ingress-ingress");
        expect(ingress.parent).toMatch(/splitplane:aws:AlbIngress::ingress$/);
        expect(inputsOf(ingress).metadata.namespace).toBe("istio-ingress");
        expect(dependsOn(runs.aws, ingress, ns())).toBe(true);
        expect(dependsOn(runs.aws, ingress, one(runs.aws, T.release, "ingress-controller"))).toBe(true);
    });
});

describe("the split plane on the mesh (aws-phase1: self-hosted control plane, gateway beside it, agent)", () => {
    const istiod = () => release(runs.aws, "istiod");
    const gateway = () => one(runs.aws, T.gateway);

    it("the AI gateway's VirtualService is bound to the platform Gateway for llmGateway.host, and its release waits for istiod and that Gateway", () => {
        const r = one(runs.aws, T.release, "llm-gateway-chart");
        expect(inputsOf(r).values.istio.virtualservice).toEqual({ enabled: true, gateways: ["istio-ingress/platform-gateway"], hosts: ["llm-dev.example.com"] });
        expect(dependsOn(runs.aws, r, istiod())).toBe(true);
        expect(dependsOn(runs.aws, r, gateway())).toBe(true);
    });

    it("the control plane's VirtualService is bound to the same Gateway for its URL's host, after istiod and the Gateway", () => {
        const r = one(runs.aws, T.release, "control-plane-chart");
        expect(inputsOf(r).values.global.virtualservice).toEqual({ enabled: true, gateways: ["istio-ingress/platform-gateway"], hosts: ["truefoundry-dev.example.com"] });
        expect(dependsOn(runs.aws, r, istiod())).toBe(true);
        expect(dependsOn(runs.aws, r, gateway())).toBe(true);
    });

    it("the agent's pods are injected too: its release waits for istiod", () => {
        expect(dependsOn(runs.aws, one(runs.aws, T.release, "agent-chart"), istiod())).toBe(true);
    });

    it("the stack exports the Gateway's reference", () => {
        expect(runs.aws.outputs.meshGateway).toBe("istio-ingress/platform-gateway");
    });
});

describe("no public load balancer", () => {
    it("on either plane, every LoadBalancer asked for carries the plane's internal annotations; AWS asks for none", () => {
        expect(loadBalancers(runs.aws)).toEqual([]);
        expect(loadBalancers(runs.fake).map((lb) => lb.where)).toEqual(["mesh-gateway.values.service"]);
        expect(publicLoadBalancers(runs.fake, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" })).toEqual([]);
        // The check can fail: a required annotation the fake plane does not set.
        expect(publicLoadBalancers(runs.fake, { "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "ingress" })).toEqual(["mesh-gateway.values.service"]);
    });

    it("the gateway values refuse a LoadBalancer without internal annotations, and a static IP on a ClusterIP Service", () => {
        const placement = { nodeSelector: {}, tolerations: [] };
        expect(() => gatewayValues({ serviceType: "LoadBalancer", internalServiceAnnotations: {}, placement, podLabels: {}, replicas: { min: 1, max: 2 } })).toThrow(/would be a public load balancer/);
        expect(() => gatewayValues({ serviceType: "ClusterIP", internalServiceAnnotations: {}, serviceIp: "10.0.0.9", placement, podLabels: {}, replicas: { min: 1, max: 2 } })).toThrow(/LoadBalancer Service only/);
        // A static IP without the annotation that carries it (no fallback to spec.loadBalancerIP).
        const internal = { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" };
        expect(() => gatewayValues({ serviceType: "LoadBalancer", internalServiceAnnotations: internal, serviceIp: "10.0.0.9", placement, podLabels: {}, replicas: { min: 1, max: 2 } })).toThrow(/gatewayServiceIpAnnotation/);
    });
});
