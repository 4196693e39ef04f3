import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../config/errors";
import { canarySteps, rolloutNames, sampleRollout, sampleVirtualService } from "../../../components/platform/operations/rollout-sample";
import { errorsOf, lazyValidator } from "../../aws/crd";
import { reference } from "../../aws/reference";
import { GENERAL, GPU } from "./fixtures";

const rolloutCrd = reference("crds/argo-rollouts/rollout-crd.yaml");
const virtualServiceCrd = reference("crds/istio/networking.istio.io_virtualservices.yaml");

const base = { name: "chat-api", namespace: "team-a", image: "registry.example.com/chat-api:1.4.2", port: 8080, placement: GENERAL };
const canary = sampleRollout({ ...base, strategy: { kind: "canary", steps: [{ weight: 10, pause: "5m" }, { weight: 50 }, { weight: 100 }] } });
const blueGreen = sampleRollout({ ...base, placement: GPU, strategy: { kind: "blueGreen", autoPromotionSeconds: 600 } });

describe.skipIf(!rolloutCrd.exists)("the sample Rollout conforms to the upstream Rollout CRD (argoproj.io/v1alpha1, v1.9)", () => {
    const validate = lazyValidator(rolloutCrd.path, "v1alpha1");

    it.each([["canary", canary], ["blue/green", blueGreen]])("the %s Rollout validates", (_kind, rollout) => {
        const ok = validate(rollout);
        expect(errorsOf(validate)).toEqual([]);
        expect(ok).toBe(true);
    });

    it("the validator can fail: a misspelt strategy field and a string weight are refused", () => {
        const bad = structuredClone(canary) as any;
        bad.spec.strategy.canary.trafficRouting.istio.virtualServise = bad.spec.strategy.canary.trafficRouting.istio.virtualService;
        bad.spec.strategy.canary.steps[0].setWeight = "10";
        expect(validate(bad)).toBe(false);
        expect(errorsOf(validate)).toEqual(expect.arrayContaining(["/spec/strategy/canary/trafficRouting/istio must NOT have additional properties", "/spec/strategy/canary/steps/0/setWeight must be integer"]));
    });
});

describe("the sample Rollout's meaning", () => {
    it("canary: Istio shifts the weights of the workload's own VirtualService route between its stable and canary Services", () => {
        const c = (canary as any).spec.strategy.canary;
        expect(c.trafficRouting).toEqual({ istio: { virtualService: { name: "chat-api", routes: ["primary"] } } });
        expect([c.stableService, c.canaryService]).toEqual(["chat-api-stable", "chat-api-canary"]);
        // 10 % for 5 minutes, then 50 % until a human promotes, then all.
        expect(c.steps).toEqual([{ setWeight: 10 }, { pause: { duration: "5m" } }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }]);
    });

    it("blue/green: active and preview Services, promoted automatically only when asked", () => {
        expect((blueGreen as any).spec.strategy.blueGreen).toEqual({ activeService: "chat-api-active", previewService: "chat-api-preview", autoPromotionEnabled: true, autoPromotionSeconds: 600 });
        const manual = sampleRollout({ ...base, strategy: { kind: "blueGreen" } }) as any;
        expect(manual.spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
    });

    it("pods carry the placement they were given (GPU pool: its selector and taint toleration)", () => {
        const spec = (blueGreen as any).spec.template.spec;
        expect(spec.nodeSelector).toEqual({ "karpenter.sh/nodepool": "gpu" });
        expect(spec.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    });

    it("a weight outside 0-100 or a step going back is a ConfigError naming the field, expected and actual", () => {
        const attempt = (steps: { weight: number }[]) => () => sampleRollout({ ...base, strategy: { kind: "canary", steps } });
        expect(attempt([{ weight: 120 }])).toThrow(ConfigError);
        expect(attempt([{ weight: 120 }])).toThrow(/sample Rollout: strategy\.steps\[0\]\.weight must be at most 100 \(got 120\)/);
        expect(attempt([{ weight: -5 }])).toThrow(/strategy\.steps\[0\]\.weight must be at least 0 \(got -5\)/);
        expect(attempt([{ weight: 50 }, { weight: 20 }])).toThrow(/strategy\.steps\[1\]\.weight must not be below the previous step's weight \(50\).*\(got 20\)/);
        expect(() => canarySteps([{ weight: 100 }])).not.toThrow();
    });
});

describe.skipIf(!virtualServiceCrd.exists)("the VirtualService a canary steers conforms to Istio's CRD (networking.istio.io/v1, 1.30)", () => {
    const validate = lazyValidator(virtualServiceCrd.path, "v1");
    const vs = sampleVirtualService({ name: "chat-api", namespace: "team-a", hosts: ["chat-api.team-a.svc.cluster.local"], gateways: ["mesh"], port: 8080 }) as any;

    it("validates, and its route is the one the Rollout names, all traffic on stable to begin with", () => {
        // Istio's CRD schema describes `spec` and `status` only (no apiVersion/kind/metadata properties).
        const ok = validate({ spec: vs.spec });
        expect(errorsOf(validate)).toEqual([]);
        expect(ok).toBe(true);
        const names = rolloutNames("chat-api");
        const route = vs.spec.http.find((r: any) => r.name === (canary as any).spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]);
        expect(route.route.map((d: any) => [d.destination.host, d.weight])).toEqual([[names.stable, 100], [names.canary, 0]]);
    });
});
