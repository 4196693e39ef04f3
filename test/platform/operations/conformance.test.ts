import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { argoCdValues } from "../../../components/platform/operations/argo-cd";
import { argoRolloutsValues } from "../../../components/platform/operations/argo-rollouts";
import { elastiValues, kedaValues } from "../../../components/platform/operations/autoscaling";
import { nvidiaDevicePluginValues } from "../../../components/platform/operations/gpu-device-plugin";
import { kubePrometheusStackValues, metricsServerValues, prometheusEndpoint } from "../../../components/platform/operations/metrics";
import { otelCollectorValues } from "../../../components/platform/operations/otel-collector";
import { readJson, readYaml, reference, unknownValueKeys } from "../../aws/reference";
import { GPU, helmMerge, ON_DEMAND, SYSTEM } from "./fixtures";

/**
 * Every key splitplane sets exists in the pinned chart's upstream values.yaml (a key Helm does not
 * know is silently ignored: a setting that never took effect). Each exception below is named with
 * the reason the reference file cannot show the key.
 */

const charts = {
    argoCd: reference("charts/argo-cd/values.yaml"),
    argoRollouts: reference("charts/argo-rollouts/values.yaml"),
    keda: reference("charts/keda/values.yaml"),
    elasti: reference("charts/elasti/values.yaml"),
    kps: reference("charts/kube-prometheus-stack/values.yaml"),
    metricsServer: reference("charts/metrics-server/values.yaml"),
    otel: reference("charts/opentelemetry-collector/values.yaml"),
    otelSchema: reference("charts/opentelemetry-collector/values.schema.json"),
    nvidia: reference("charts/nvidia-device-plugin/values.yaml"),
};

const sso = { issuer: "https://login.example.com", clientId: "argocd", adminGroups: ["platform-admins"] };

describe.skipIf(!charts.argoCd.exists)("argo-cd values exist in the chart (10.1.1)", () => {
    it("every key is a chart key; argocd-cm, -cmd-params-cm and -rbac-cm entries are Argo CD settings the chart passes through", () => {
        for (const values of [argoCdValues({ placement: ON_DEMAND }), argoCdValues({ placement: ON_DEMAND, sso })]) {
            // `configs.cm`, `configs.params` and `configs.rbac` are copied into ConfigMaps verbatim (values.yaml:
            // "Any values you put under .configs.cm are passed to argocd-cm"); their keys are Argo CD's, not the chart's.
            const unknown = unknownValueKeys(values, readYaml(charts.argoCd.path)).filter((k) => !/^configs\.(cm|params|rbac)\./.test(k));
            expect(unknown).toEqual([]);
        }
    });
    it("the check can fail: a misspelt key is reported", () => {
        expect(unknownValueKeys({ server: { servise: { type: "ClusterIP" } } }, readYaml(charts.argoCd.path))).toEqual(["server.servise"]);
    });
});

describe.skipIf(!charts.argoRollouts.exists)("argo-rollouts values exist in the chart (2.41.0)", () => {
    it("every key is a chart key, including every traffic provider it grants RBAC for", () => {
        const ref = readYaml(charts.argoRollouts.path);
        expect(unknownValueKeys(argoRolloutsValues({ placement: ON_DEMAND, serviceMonitor: true }), ref)).toEqual([]);
        // Every provider the chart knows is named (off unless Istio), so no provider is left at the chart's default `true`.
        expect(Object.keys((argoRolloutsValues({ placement: ON_DEMAND, serviceMonitor: true }) as any).providerRBAC.providers).sort()).toEqual(Object.keys(ref.providerRBAC.providers).sort());
    });
});

describe.skipIf(!charts.keda.exists)("keda values exist in the chart (2.20.2)", () => {
    it("every key is a chart key, with and without a cloud identity", () => {
        const ref = readYaml(charts.keda.path);
        expect(unknownValueKeys(kedaValues({ placement: ON_DEMAND, serviceMonitor: true }), ref)).toEqual([]);
        const bound = kedaValues({ placement: ON_DEMAND, serviceMonitor: true, identity: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/keda" }, podLabels: { "azure.workload.identity/use": "true" } } });
        expect(unknownValueKeys(bound, ref)).toEqual([]);
    });
});

describe.skipIf(!charts.elasti.exists)("elasti values exist in the chart (0.1.21)", () => {
    it("every key is a chart key", () => {
        expect(unknownValueKeys(elastiValues({ prometheusEndpoint: prometheusEndpoint("prometheus"), serviceMonitor: true }), readYaml(charts.elasti.path))).toEqual([]);
    });
});

describe.skipIf(!charts.kps.exists)("kube-prometheus-stack values exist in the chart (88.5.3)", () => {
    // The reference lists only the keys kube-prometheus-stack overrides in its subcharts; these two are
    // kube-state-metrics's own (its chart's values.yaml: `nodeSelector: {}`, `tolerations: []`), and grafana's likewise.
    const SUBCHART_KEYS = new Set(["kube-state-metrics.nodeSelector", "kube-state-metrics.tolerations", "grafana.nodeSelector", "grafana.tolerations"]);
    it.each([[false, false], [true, false], [false, true]])("every key is a chart key (grafana %s, dashboards %s)", (grafana, dashboards) => {
        const values = kubePrometheusStackValues({ placement: ON_DEMAND, retentionDays: 15, storageGi: 50, storageClassName: "gp3", grafana, dashboards });
        expect(unknownValueKeys(values, readYaml(charts.kps.path)).filter((k) => !SUBCHART_KEYS.has(k))).toEqual([]);
    });
});

describe.skipIf(!charts.metricsServer.exists)("metrics-server values exist in the chart (3.13.1)", () => {
    it("every key is a chart key", () => {
        expect(unknownValueKeys(metricsServerValues({ placement: SYSTEM }), readYaml(charts.metricsServer.path))).toEqual([]);
    });
});

describe.skipIf(!charts.otel.exists || !charts.otelSchema.exists)("opentelemetry-collector values conform to the chart (0.170.0)", () => {
    const values = otelCollectorValues({
        placement: ON_DEMAND,
        endpoint: "https://otlp.example.com",
        headers: { "x-scope-orgid": { value: "tenant-a" }, authorization: { secret: "observability/otlp-token" } },
    });
    it("every key is a chart key (podDisruptionBudget.minAvailable is commented in values.yaml and read by the template)", () => {
        const unknown = unknownValueKeys(values, readYaml(charts.otel.path)).filter((k) => k !== "podDisruptionBudget.minAvailable" && !k.startsWith("config."));
        expect(unknown).toEqual([]);
    });
    it("the merged values validate against the chart's values.schema.json", () => {
        const validate = new Ajv({ strict: false, allErrors: true }).compile(readJson(charts.otelSchema.path));
        const merged = helmMerge(readYaml(charts.otel.path), values);
        const ok = validate(merged);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
        // And it can fail: a wrong mode is refused by the schema.
        expect(validate(helmMerge(merged, { mode: "sidecar" }))).toBe(false);
    });
    it("after the merge, only OTLP is received and only the OTLP/HTTP exporter is used", () => {
        const merged = helmMerge(readYaml(charts.otel.path), values) as any;
        expect(Object.keys(merged.config.receivers)).toEqual(["otlp"]);
        expect(Object.keys(merged.config.exporters)).toEqual(["otlphttp"]);
        for (const p of Object.values(merged.config.service.pipelines) as any[]) {
            expect(p.receivers).toEqual(["otlp"]);
            expect(p.exporters).toEqual(["otlphttp"]);
        }
        const open = Object.entries(merged.ports).filter(([, p]: [string, any]) => p.enabled).map(([n]) => n);
        expect(open.sort()).toEqual(["otlp", "otlp-http"]);
    });
});

describe.skipIf(!charts.nvidia.exists)("nvidia-device-plugin values exist in the chart (0.20.0)", () => {
    it("every key is a chart key; the merged affinity keeps no node-feature-discovery term", () => {
        const ref = readYaml(charts.nvidia.path);
        const values = nvidiaDevicePluginValues(GPU);
        expect(unknownValueKeys(values, ref)).toEqual([]);
        const merged = helmMerge(ref, values) as any;
        expect(merged.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
            { matchExpressions: [{ key: "karpenter.sh/nodepool", operator: "In", values: ["gpu"] }] },
        ]);
        // The chart's default tolerations include CriticalAddonsOnly (the system pool); the list is replaced.
        expect(merged.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    });
});
