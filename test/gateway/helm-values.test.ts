import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import * as YAML from "yaml";
import { GATEWAY_VERSION, describeCredential, gatewayHelmValues } from "../../gateway";
import { walk } from "../../gateway/validate/credentials";

/** Chart values for tfy-llm-gateway: conformance with the upstream keys, and no credential. */

const chartDir = path.resolve("../shared/reference/charts/tfy-llm-gateway");
const haveChart = existsSync(path.join(chartDir, "values.yaml"));
if (!haveChart) console.warn(`skipping tfy-llm-gateway conformance: ${chartDir}/values.yaml is absent`);

/** Leaf key paths of `values` that do not exist in `upstream`. A `{}` upstream is a free-form map. */
function unknownKeys(values: unknown, upstream: unknown, prefix = ""): string[] {
    if (!isMap(values)) return [];
    if (!isMap(upstream)) return [];
    if (Object.keys(upstream).length === 0) return []; // free-form map (labels, annotations, ...)
    const out: string[] = [];
    for (const [k, v] of Object.entries(values)) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (!(k in upstream)) out.push(p);
        else out.push(...unknownKeys(v, upstream[k], p));
    }
    return out;
}
function isMap(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

const full = () =>
    gatewayHelmValues({
        controlPlaneURL: "https://platform.example.com/",
        gatewayId: "gw-eu-1",
        environmentName: "prod",
        imagePullSecrets: ["tfy-pull"],
        exposure: { kind: "istio", gateways: ["istio-system/internal"], hosts: ["llm.internal.example.com"] },
    });

describe.skipIf(!haveChart)(`values conform to tfy-llm-gateway ${GATEWAY_VERSION} upstream`, () => {
    const upstream = haveChart ? YAML.parse(readFileSync(path.join(chartDir, "values.yaml"), "utf8")) : {};
    const chart = haveChart ? YAML.parse(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) : {};

    it("pins the chart version the reference holds", () => {
        expect(chart.version).toBe(GATEWAY_VERSION);
        expect(upstream.image.tag).toBe(`v${GATEWAY_VERSION}`);
    });

    it.each([
        ["defaults", gatewayHelmValues()],
        ["istio exposure, all options", full()],
        ["HTTPRoute exposure", gatewayHelmValues({ exposure: { kind: "httpRoute", parentRefs: [{ name: "internal", namespace: "gateways" }], hostnames: ["llm.internal"] } })],
    ])("uses only upstream keys (%s)", (_, values) => {
        expect(unknownKeys(values, upstream)).toEqual([]);
    });

    it("would notice a key the chart does not have", () => {
        expect(unknownKeys({ autoscaling: { minReplica: 3 }, global: { labels: { free: "form" } } }, upstream)).toEqual(["autoscaling.minReplica"]);
    });

    it("overrides TFY_API_KEY with the chart's own secret-reference form", () => {
        expect(upstream.env.TFY_API_KEY).toMatch(/^\$\{k8s-secret\/[^/]+\/TFY_API_KEY\}$/);
    });
});

describe("gatewayHelmValues", () => {
    it("takes the API key from an existing secret by name, never a value", () => {
        const v = gatewayHelmValues({ apiKeySecretName: "gateway-creds" }) as any;
        expect(v.env.TFY_API_KEY).toBe("${k8s-secret/gateway-creds/TFY_API_KEY}");
        expect(v.agentsLtsWriteJob.env.TFY_API_KEY).toBe("${k8s-secret/gateway-creds/TFY_API_KEY}");
        walk(full(), [], undefined, (p, key, value) => expect(describeCredential(key, value), p.join(".")).toBeUndefined());
    });

    it("is private and hardened by default", () => {
        const v = gatewayHelmValues() as any;
        expect(v.service.type).toBe("ClusterIP");
        expect(v.ingress.enabled).toBe(false);
        expect(v.istio.virtualservice.enabled).toBe(false);
        expect(v.httpRoute.enabled).toBe(false);
        expect(v.sandbox.devMode.enabled).toBe(false);
        expect(v.redis.networkPolicy.enabled).toBe(true);
        expect(v.global.podSecurityContext).toEqual({ enabled: true, runAsNonRoot: true });
        expect(v.autoscaling).toEqual({ enabled: true, minReplicas: 3, maxReplicas: 100 });
        expect(v.image.tag).toBe(`v${GATEWAY_VERSION}`);
        expect(v.global.controlPlaneURL).toBeUndefined();
    });

    it("leaves retries to the gateway config, not the mesh", () => {
        expect((full() as any).istio.virtualservice).toEqual({ enabled: true, gateways: ["istio-system/internal"], hosts: ["llm.internal.example.com"], retries: { enabled: false } });
    });

    it("rejects a plain-HTTP control plane and an inverted replica range", () => {
        expect(() => gatewayHelmValues({ controlPlaneURL: "http://platform.example.com" })).toThrow(/controlPlaneURL/);
        expect(() => gatewayHelmValues({ minReplicas: 5, maxReplicas: 3 })).toThrow(/maxReplicas must be ≥ minReplicas/);
    });
});
