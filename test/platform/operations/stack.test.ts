import { beforeAll, describe, expect, it } from "vitest";
import { ProgramRun, RecordedResource } from "../../../engine/resource";
import { evaluatePolicies, PolicyResult } from "../../../engine/policy";
import { byType, dependsOn, inputsOf } from "../../../engine/testing";
import { UNKNOWN } from "../../../engine/values";
import { allPolicies } from "../../../policies/policies";
import { stackFileConfig } from "../../aws/scenario";
import { findKey, runStack, stagingRun } from "./fixtures";

/**
 * The whole program (stacks/index.ts) for the example stacks, one mock run each: the operations
 * components as `pulumi up` would register them, on the AWS plane. Assertions on meaning: where
 * each controller runs, what is exposed, which release waits for which CRDs.
 */

const RELEASE = "kubernetes:helm.sh/v3:Release";
const run = runStack;

const ON_DEMAND_SELECTOR = { "karpenter.sh/nodepool": "on-demand" };
const ON_DEMAND_TOLERATION = { key: "splitplane.io/on-demand", operator: "Exists", effect: "NoSchedule" };
const GPU_SELECTOR = { "karpenter.sh/nodepool": "gpu" };

const runs: Record<string, ProgramRun> = {};
beforeAll(async () => {
    runs.staging = await stagingRun();
    runs.dev = await run("aws-phase1", stackFileConfig("aws-phase1"));
    runs.bottlerocket = await run("aws-phase2", { ...stackFileConfig("aws-phase2"), "splitplane:nodePools": JSON.stringify({ amiAlias: "bottlerocket@latest" }) });
    runs.newStack = await run("aws-phase3-prod", stackFileConfig("aws-phase3-prod"), true);
});

const release = (r: ProgramRun, name: string): RecordedResource => {
    const found = byType(r, RELEASE).filter((x) => inputsOf(x).name === name);
    if (found.length !== 1) throw new Error(`expected one release ${name}, found ${found.length}: ${byType(r, RELEASE).map((x) => inputsOf(x).name).join(", ")}`);
    return found[0];
};
const values = (r: ProgramRun, name: string) => inputsOf(release(r, name)).values as Record<string, unknown>;
const releaseNames = (r: ProgramRun) => byType(r, RELEASE).map((x) => inputsOf(x).name).sort();

/** Controllers of this issue and where their pods must run. */
const CONTROLLERS = ["argocd", "argo-rollouts", "keda", "kube-prometheus-stack", "otel-collector"];

describe("which operations components each phase installs", () => {
    it("phase 2 (staging): Argo CD, Argo Rollouts, Prometheus, metrics-server, the collector, KEDA, elasti and the GPU device plugin", () => {
        expect(releaseNames(runs.staging)).toEqual(expect.arrayContaining([...CONTROLLERS, "metrics-server", "elasti", "nvidia-device-plugin"]));
    });
    it("phase 1 (dev): no autoscaling and no device plugin yet (no GPU pool)", () => {
        const names = releaseNames(runs.dev);
        expect(names).toEqual(expect.arrayContaining(["argocd", "argo-rollouts", "kube-prometheus-stack", "otel-collector", "metrics-server"]));
        for (const absent of ["keda", "elasti", "nvidia-device-plugin"]) expect(names).not.toContain(absent);
    });
});

describe("controllers run on the on-demand placement", () => {
    it.each(CONTROLLERS)("%s: every nodeSelector in its values selects the on-demand pool and every tolerations list tolerates its taint", (name) => {
        const v = values(runs.staging, name);
        const selectors = findKey(v, "nodeSelector");
        const tolerations = findKey(v, "tolerations");
        expect(selectors.length).toBeGreaterThan(0);
        for (const [at, s] of selectors) expect([at, s]).toEqual([at, expect.objectContaining(ON_DEMAND_SELECTOR)]);
        for (const [at, t] of tolerations) expect([at, t]).toEqual([at, [ON_DEMAND_TOLERATION]]);
    });

    it("metrics-server is a cluster add-on: on the system pool, tolerating CriticalAddonsOnly", () => {
        const v = values(runs.staging, "metrics-server") as any;
        expect(v.tolerations).toEqual([{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }]);
        expect(Object.keys(v.nodeSelector)).toHaveLength(1);
        expect(v.nodeSelector).not.toEqual(ON_DEMAND_SELECTOR);
    });

    it("elasti is the named exception: its chart has no placement keys, so it sets none rather than pretending", () => {
        const v = values(runs.staging, "elasti");
        expect(findKey(v, "nodeSelector")).toEqual([]);
        expect(findKey(v, "tolerations")).toEqual([]);
    });
});

describe("the NVIDIA device plugin: GPU pool only, the platform's, moved from the AWS pool by an alias", () => {
    it("selects the GPU pool and tolerates only its taint (not CriticalAddonsOnly)", () => {
        const v = values(runs.staging, "nvidia-device-plugin") as any;
        expect(v.nodeSelector).toEqual(GPU_SELECTOR);
        expect(v.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
        expect(v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: "karpenter.sh/nodepool", operator: "In", values: ["gpu"] }] }]);
    });

    it("keeps the release's name and namespace, and aliases its old identity (child of the GPU pool), so `pulumi up` updates it in place", () => {
        const r = release(runs.staging, "nvidia-device-plugin");
        expect(inputsOf(r)).toMatchObject({ name: "nvidia-device-plugin", namespace: "kube-system" });
        const oldUrn = "urn:pulumi:aws-phase2::splitplane::splitplane:aws:KarpenterNodePool$kubernetes:helm.sh/v3:Release::pool-gpu-nvidia-device-plugin";
        const matches = r.options.aliases.some((a) => a === oldUrn || (typeof a === "object" && a.name === "pool-gpu-nvidia-device-plugin" && String(a.parentUrn).endsWith("::splitplane:aws:KarpenterNodePool::pool-gpu")));
        expect(matches, JSON.stringify(r.options.aliases)).toBe(true);
        expect(r.parent).toMatch(/splitplane:platform:GpuDevicePlugin::gpu-device-plugin$/);
    });

    it("is not installed when the node image brings its own (Bottlerocket)", () => {
        expect(releaseNames(runs.bottlerocket)).not.toContain("nvidia-device-plugin");
    });
});

describe("nothing is exposed outside the cluster", () => {
    it("no Service of type LoadBalancer or NodePort and no Ingress among the recorded resources, apart from the plane's own internal ALB Ingress", () => {
        for (const r of Object.values(runs)) {
            for (const svc of byType(r, "kubernetes:core/v1:Service")) expect(["ClusterIP", undefined]).toContain(inputsOf(svc).spec?.type);
            expect(byType(r, "kubernetes:networking.k8s.io/v1:Ingress").map((i) => i.name)).toEqual(["ingress-ingress"]);
        }
    });

    it.each([...CONTROLLERS, "metrics-server", "elasti"])("%s: every `service.type` in its values is ClusterIP and every ingress is off", (name) => {
        const v = values(runs.staging, name);
        for (const [at, type] of findKey(v, "type").filter(([at]) => /(^|\.)service\.type$/.test(at))) expect([at, type]).toEqual([at, "ClusterIP"]);
        for (const [at, ing] of [...findKey(v, "ingress"), ...findKey(v, "ingressGrpc")]) expect([at, ing]).toEqual([at, { enabled: false }]);
        expect(JSON.stringify(v)).not.toMatch(/"LoadBalancer"|"NodePort"/);
    });

    it("Argo CD holds no admin password in values: without SSO the server generates one in-cluster", () => {
        const v = values(runs.staging, "argocd") as any;
        expect(v.configs.secret).toEqual({ createSecret: true });
        expect(JSON.stringify(v)).not.toMatch(/argocdServerAdminPassword|bcrypt|\$2a\$/);
        expect(v.configs.cm["admin.enabled"]).toBe(true);
    });
});

describe("CRDs before their users", () => {
    it("every release that creates ServiceMonitors waits for the release installing the CRD (kube-prometheus-stack)", () => {
        const r = runs.staging;
        const prometheus = release(r, "kube-prometheus-stack");
        expect((values(r, "argo-rollouts") as any).controller.metrics.serviceMonitor.enabled).toBe(true);
        for (const name of ["argo-rollouts", "keda", "elasti"]) expect([name, dependsOn(r, release(r, name), prometheus)]).toEqual([name, true]);
    });

    it("elasti waits for KEDA (it hands scaling above one replica to ScaledObjects); the tfy-apps AppProject waits for Argo CD's CRDs", () => {
        const r = runs.staging;
        expect(dependsOn(r, release(r, "elasti"), release(r, "keda"))).toBe(true);
        const project = byType(r, "kubernetes:argoproj.io/v1alpha1:AppProject");
        expect(project.map((p) => inputsOf(p).metadata.name)).toEqual(["tfy-apps"]);
        expect(dependsOn(r, project[0], release(r, "argocd"))).toBe(true);
    });

    it("every operations release waits for the plane's capacity (and so is destroyed before it)", () => {
        const r = runs.staging;
        const onDemandPool = byType(r, "kubernetes:karpenter.sh/v1:NodePool").find((p) => inputsOf(p).metadata.name === "on-demand");
        expect(onDemandPool).toBeDefined();
        for (const name of [...CONTROLLERS, "elasti", "nvidia-device-plugin"]) expect([name, dependsOn(r, release(r, name), onDemandPool as RecordedResource)]).toEqual([name, true]);
    });
});

describe("stack outputs for the agent, the gateway and users", () => {
    it("Prometheus's volume claim names the plane's encrypted class (EKS marks none default)", () => {
        const spec = (values(runs.staging, "kube-prometheus-stack").prometheus as { prometheusSpec: { storageSpec: { volumeClaimTemplate: { spec: { storageClassName?: string } } } } }).prometheusSpec.storageSpec.volumeClaimTemplate.spec;
        expect(spec.storageClassName).toBe("gp3-encrypted");
    });

    it("Prometheus where the agent expects it, the collector's in-cluster OTLP endpoint, the canary template", () => {
        const o = runs.staging.outputs as any;
        expect(o.prometheusEndpoint).toBe("http://prometheus-operated.prometheus.svc.cluster.local:9090");
        expect(o.otlpEndpoint).toBe("http://otel-collector.observability.svc.cluster.local:4318");
        expect(o.canaryStrategy.canary.steps).toEqual([{ setWeight: 10 }, { pause: { duration: "5m" } }, { setWeight: 50 }, { pause: { duration: "10m" } }, { setWeight: 100 }]);
        expect((values(runs.staging, "otel-collector") as any).config.exporters.otlphttp.endpoint).toBe("https://otlp.example.com");
    });
});

describe("a new stack's first preview (computed outputs unknown) still judges every operations release", () => {
    const HELM_POLICIES = ["k8s-helm-values-no-literal-credentials", "k8s-helm-values-no-public-load-balancer"];
    let results: PolicyResult[];
    beforeAll(async () => {
        results = await evaluatePolicies(runs.newStack.resources, { policies: allPolicies.filter((p) => HELM_POLICIES.includes(p.name)) });
    });

    it("the values hold no unknown leaf (nothing in them waits on a cloud output)", () => {
        for (const name of [...CONTROLLERS, "metrics-server", "elasti", "nvidia-device-plugin"]) expect([name, JSON.stringify(values(runs.newStack, name)).includes(JSON.stringify(UNKNOWN))]).toEqual([name, false]);
    });

    it.each(HELM_POLICIES)("%s judges each operations release and passes", (policy) => {
        for (const name of [...CONTROLLERS, "metrics-server", "elasti", "nvidia-device-plugin"]) {
            const urn = release(runs.newStack, name).urn;
            expect([name, results.filter((r) => r.policy === policy && r.urn === urn).map((r) => r.outcome)]).toEqual([name, ["pass"]]);
        }
    });
});
