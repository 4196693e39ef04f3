import { beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_FULLNAME, GATEWAY_PORT, llmGatewayValues } from "../../../components/platform/llm-gateway/values";
import { DASHBOARD_UIDS, GrafanaDashboard, llmGatewayDashboard, podHealthDashboard, PROMETHEUS_DATASOURCE_UID, splitPlaneDashboards } from "../../../components/platform/operations/dashboard-json";
import { DASHBOARD_LABEL, dashboardConfigMaps } from "../../../components/platform/operations/dashboards";
import { meshSidecarPodMonitor } from "../../../components/platform/operations/metrics";
import { kubePrometheusStackValues } from "../../../components/platform/operations/metrics";
import { operationsConfigSchema, resolveOperations } from "../../../config/operations";
import { parseStackConfig } from "../../../config/parse";
import { ProgramRun, RecordedResource } from "../../../engine/resource";
import { byType, dependsOn, inputsOf } from "../../../engine/testing";
import { installOperations } from "../../../stacks/operations";
import { readYaml, reference } from "../../aws/reference";
import { stackFileConfig } from "../../aws/scenario";
import { runOnFakePlane } from "../fake-plane";
import { ON_DEMAND, stagingRun } from "./fixtures";

/**
 * Phase 1's dashboards: every query reads a metric and labels its project documents (the lists
 * below are this test's own, each with its source), the ConfigMaps carry the label Grafana's
 * sidecar watches and read the datasource kube-prometheus-stack provisions, and the program ships
 * them from phase 1 on only.
 */

const ISTIO = ["reporter", "source_workload", "source_workload_namespace", "destination_workload", "destination_workload_namespace", "response_code"];
/** Each metric with the labels its documentation lists (histograms: `_bucket` with Prometheus's `le`). */
const DOCUMENTED: Record<string, string[]> = {
    // istio.io/latest/docs/reference/config/metrics (Istio standard metrics and their labels).
    istio_requests_total: ISTIO,
    istio_request_duration_milliseconds_bucket: [...ISTIO, "le"],
    // docs.truefoundry.com/gateway/prometheus-grafana-integration (labels model_name, tenant_name, username).
    llm_gateway_input_tokens: ["model_name", "tenant_name", "username"],
    llm_gateway_output_tokens: ["model_name", "tenant_name", "username"],
    llm_gateway_request_cost: ["model_name", "tenant_name", "username"],
    llm_gateway_request_processing_ms_bucket: ["model_name", "tenant_name", "username", "le"],
    // kube-state-metrics docs/pod-metrics.md and docs/deployment-metrics.md.
    kube_pod_status_ready: ["namespace", "pod", "uid", "condition"],
    kube_pod_container_status_restarts_total: ["namespace", "pod", "uid", "container"],
    kube_deployment_spec_replicas: ["namespace", "deployment"],
    kube_deployment_status_replicas_available: ["namespace", "deployment"],
    // cAdvisor through the kubelet (labels container, pod, namespace, id, image, name).
    container_cpu_usage_seconds_total: ["namespace", "pod", "container"],
    container_memory_working_set_bytes: ["namespace", "pod", "container"],
};
const FUNCTIONS = new Set(["sum", "rate", "increase", "histogram_quantile"]);

interface Parsed {
    metrics: string[];
    matchers: { metric: string; label: string; op: string; value: string }[];
    groupBy: string[];
    functions: string[];
}

/** A small reader of the PromQL these dashboards use: selectors, `by (...)`, function calls, range windows. */
function parsePromQL(expr: string): Parsed {
    const out: Parsed = { metrics: [], matchers: [], groupBy: [], functions: [] };
    let rest = expr.replace(/\[(\$__rate_interval|\$__range|\d+[smhd])\]/g, " ");
    rest = rest.replace(/([a-zA-Z_:][\w:]*)\{([^}]*)\}/g, (_, metric: string, body: string) => {
        out.metrics.push(metric);
        const left = body.replace(/([a-zA-Z_]\w*)(=~|!~|!=|=)"((?:[^"\\]|\\.)*)"/g, (_m, label: string, op: string, value: string) => {
            out.matchers.push({ metric, label, op, value });
            return "";
        });
        if (left.replace(/,/g, "").trim() !== "") throw new Error(`unread matcher text ${JSON.stringify(left)} in ${expr}`);
        return " ";
    });
    rest = rest.replace(/\bby \(([^)]*)\)/g, (_, labels: string) => {
        out.groupBy.push(...labels.split(",").map((l) => l.trim()));
        return " ";
    });
    for (const m of rest.matchAll(/([a-zA-Z_:][\w:]*)\s*(\()?/g)) (m[2] ? out.functions : out.metrics).push(m[1]);
    const stray = rest.replace(/[a-zA-Z_:][\w:]*/g, "").replace(/[\s(),/>]|\d+(\.\d+)?/g, "");
    if (stray !== "") throw new Error(`unread PromQL ${JSON.stringify(stray)} in ${expr}`);
    return out;
}

const exprs = (d: GrafanaDashboard) => d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const GW = { namespace: "tfy-llm-gateway", workload: GATEWAY_FULLNAME };
const ALL = splitPlaneDashboards({ gateway: GW, namespaces: ["tfy-llm-gateway", "tfy-agent", "truefoundry"] }).map((d) => d.dashboard);

describe("every query reads documented metrics and labels only", () => {
    it.each(ALL.flatMap(exprs).map((e) => [e.panel, e.expr]))("%s: %s", (_panel, expr) => {
        const q = parsePromQL(expr);
        expect(q.metrics.length).toBeGreaterThan(0);
        for (const m of q.metrics) expect(Object.keys(DOCUMENTED)).toContain(m);
        for (const f of q.functions) expect([...FUNCTIONS]).toContain(f);
        for (const { metric, label } of q.matchers) expect([metric, DOCUMENTED[metric]]).toEqual([metric, expect.arrayContaining([label])]);
        // A grouping label must be one that some metric of the expression carries.
        const labels = new Set(q.metrics.flatMap((m) => DOCUMENTED[m] ?? []));
        for (const l of q.groupBy) expect([l, labels.has(l)]).toEqual([l, true]);
    });

    it("the reader refuses what it does not know (so the test above can fail)", () => {
        expect(parsePromQL('sum by (route) (rate(llm_requests{route="x"}[5m]))').metrics).toEqual(["llm_requests"]);
        expect(() => parsePromQL("sum(rate(x[5m])) offset 1h @ 3")).toThrow(/unread PromQL/);
        expect(() => parsePromQL('x{a="b" or c}')).toThrow(/unread matcher/);
    });
});

describe("the AI gateway dashboard", () => {
    const d = llmGatewayDashboard(GW);
    const istio = exprs(d).map((e) => ({ ...e, q: parsePromQL(e.expr) })).filter((e) => e.q.metrics.some((m) => m.startsWith("istio_")));
    const panel = (title: string) => exprs(d).filter((e) => e.panel === title).map((e) => e.expr);

    it("every Istio query selects the gateway's Deployment in its namespace, as reported by its own sidecar (each request once)", () => {
        expect(istio.length).toBeGreaterThanOrEqual(7);
        for (const e of istio) {
            for (const m of e.q.metrics) {
                const on = e.q.matchers.filter((x) => x.metric === m && x.op === "=");
                expect(on).toEqual(expect.arrayContaining([
                    { metric: m, label: "reporter", op: "=", value: "destination" },
                    { metric: m, label: "destination_workload", op: "=", value: GATEWAY_FULLNAME },
                    { metric: m, label: "destination_workload_namespace", op: "=", value: "tfy-llm-gateway" },
                ]));
            }
        }
    });

    it("request rate by response code, 5xx ratio, p50/p95/p99 latency, and per calling workload", () => {
        expect(parsePromQL(panel("Requests per second by response code")[0]).groupBy).toEqual(["response_code"]);
        const [ratio] = panel("Error ratio (5xx of all)");
        expect(ratio.split(" / ")).toHaveLength(2);
        expect(parsePromQL(ratio.split(" / ")[0]).matchers).toContainEqual({ metric: "istio_requests_total", label: "response_code", op: "=~", value: "5.." });
        expect(parsePromQL(ratio.split(" / ")[1]).matchers.map((m) => m.label)).not.toContain("response_code");
        const latency = panel("Latency p50 / p95 / p99");
        expect(latency.map((e) => e.match(/^histogram_quantile\(([\d.]+), sum by \(le\) \(rate\(istio_request_duration_milliseconds_bucket\{/)?.[1])).toEqual(["0.5", "0.95", "0.99"]);
        for (const title of ["Requests per second by calling workload", "Error ratio by calling workload", "Latency p95 by calling workload", "Rate-limited answers (429) by calling workload"]) {
            expect([title, parsePromQL(panel(title)[0]).groupBy]).toEqual([title, expect.arrayContaining(["source_workload", "source_workload_namespace"])]);
        }
    });

    it("tokens and cost come from the gateway's documented metrics, by model", () => {
        const tfy = exprs(d).map((e) => parsePromQL(e.expr)).filter((q) => q.metrics.some((m) => m.startsWith("llm_gateway_")));
        expect(tfy.flatMap((q) => q.metrics).sort()).toEqual(["llm_gateway_input_tokens", "llm_gateway_output_tokens", "llm_gateway_request_cost", "llm_gateway_request_processing_ms_bucket"]);
        for (const q of tfy) expect(q.groupBy).toContain("model_name");
    });
});

describe("the split plane's pods", () => {
    it("every query is limited to exactly the split plane's namespaces", () => {
        const d = podHealthDashboard(["tfy-agent", "tfy-llm-gateway", "tfy-agent"]);
        for (const { expr } of exprs(d)) {
            const ns = parsePromQL(expr).matchers.filter((m) => m.label === "namespace");
            expect(ns).toEqual([expect.objectContaining({ op: "=~", value: "tfy-agent|tfy-llm-gateway" })]);
        }
    });
    it("cAdvisor queries leave out the per-pod cgroup series (container=\"\"), which would count each pod twice", () => {
        const cadvisor = exprs(podHealthDashboard(["tfy-agent"])).map((e) => parsePromQL(e.expr)).filter((q) => q.metrics[0].startsWith("container_"));
        expect(cadvisor).toHaveLength(2);
        for (const q of cadvisor) expect(q.matchers).toContainEqual(expect.objectContaining({ label: "container", op: "!=", value: "" }));
    });
    it("no namespace, no dashboard: an error, not an empty board; without a gateway, no gateway board", () => {
        expect(() => podHealthDashboard([])).toThrow(/no namespace/);
        expect(splitPlaneDashboards({ namespaces: ["tfy-agent"] }).map((d) => d.role)).toEqual(["pods"]);
        expect(splitPlaneDashboards({ namespaces: [] })).toEqual([]);
    });
});

describe("dashboards as Grafana loads them", () => {
    const kps = reference("charts/kube-prometheus-stack/values.yaml");

    it("stable uids: the same whatever the targets, at most 40 characters (Grafana's limit)", () => {
        const other = splitPlaneDashboards({ gateway: { namespace: "truefoundry", workload: GATEWAY_FULLNAME }, namespaces: ["truefoundry"] });
        expect(other.map((d) => d.dashboard.uid)).toEqual(ALL.map((d) => d.uid));
        expect(ALL.map((d) => d.uid)).toEqual([DASHBOARD_UIDS.llmGateway, DASHBOARD_UIDS.podHealth]);
        for (const d of ALL) expect(d.uid.length).toBeLessThanOrEqual(40);
    });

    it("every panel and every query reads the dashboard's Prometheus datasource variable", () => {
        for (const d of ALL) {
            const variable = d.templating.list.find((v) => v.name === "datasource") as any;
            expect(variable).toMatchObject({ type: "datasource", query: "prometheus", current: { value: PROMETHEUS_DATASOURCE_UID } });
            for (const p of d.panels.filter((x) => x.type !== "row")) {
                expect(p.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
                for (const t of p.targets ?? []) expect(t.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
            }
        }
    });

    it("panels have unique ids and never overlap on the grid (24 columns)", () => {
        for (const d of ALL) {
            expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
            const cells = new Set<string>();
            for (const p of d.panels) {
                expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
                for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
                    expect(cells.has(`${x},${y}`)).toBe(false);
                    cells.add(`${x},${y}`);
                }
            }
        }
    });

    it.skipIf(!kps.exists)("the ConfigMaps carry the label kube-prometheus-stack's Grafana sidecar watches, and the default datasource uid is the one it provisions", () => {
        const sidecar = readYaml(kps.path).grafana.sidecar;
        expect(DASHBOARD_LABEL).toEqual({ [sidecar.dashboards.label]: String(sidecar.dashboards.labelValue) });
        expect(PROMETHEUS_DATASOURCE_UID).toBe(sidecar.datasources.uid);
        // The bundled Grafana searches every namespace, so Prometheus's namespace is found.
        expect(sidecar.dashboards.searchNamespace).toBe("ALL");
        for (const m of dashboardConfigMaps("prometheus", { gateway: GW, namespaces: ["tfy-agent"] })) {
            expect(m.metadata.labels).toMatchObject({ [sidecar.dashboards.label]: String(sidecar.dashboards.labelValue) });
            expect(Object.keys(m.data)).toEqual([`${m.uid}.json`]);
            expect(JSON.parse(m.data[`${m.uid}.json`]).uid).toBe(m.uid);
        }
    });
});

describe("the scrape the dashboards read: every meshed pod's sidecar (merged metrics on 15020)", () => {
    const pm = meshSidecarPodMonitor("prometheus") as any;
    const endpoint = pm.spec.podMetricsEndpoints[0];
    // Prometheus anchors relabel regexes at both ends.
    const apply = (rule: any, source: string) => {
        const m = new RegExp(`^(?:${rule.regex})$`).exec(source);
        return m ? rule.replacement.replace(/\$(\d)/g, (_: string, i: string) => m[Number(i)]) : undefined;
    };

    it("all namespaces, the istio-proxy container only, of pods carrying the scrape annotation, at /stats/prometheus", () => {
        expect(pm).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", spec: { namespaceSelector: { any: true } } });
        expect(endpoint.path).toBe("/stats/prometheus");
        const keeps = endpoint.relabelings.filter((r: any) => r.action === "keep");
        expect(keeps).toEqual([
            { action: "keep", sourceLabels: ["__meta_kubernetes_pod_container_name"], regex: "istio-proxy" },
            { action: "keep", sourceLabels: ["__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape"], regex: "true" },
        ]);
    });

    it("the target is the annotated port on the pod's IP, IPv4 or IPv6, and only one rewrite matches each", () => {
        const [v4, v6] = endpoint.relabelings.filter((r: any) => r.targetLabel === "__address__");
        expect([apply(v4, "15020;10.0.12.7"), apply(v6, "15020;10.0.12.7")]).toEqual(["10.0.12.7:15020", undefined]);
        expect([apply(v4, "15020;fd00:10::7"), apply(v6, "15020;fd00:10::7")]).toEqual([undefined, "[fd00:10::7]:15020"]);
    });

    it("the gateway's pods ask for their metrics port to be merged: the port the gateway serves on", () => {
        const v = llmGatewayValues({ controlPlaneUrl: "https://cp.example.com", tenantName: "t", gatewayId: "g", replicas: { min: 2, max: 4 }, resourceTier: "small", placement: ON_DEMAND, imagePullSecretName: "p", serviceMonitor: false, externalOauth: false }) as any;
        expect(v.podAnnotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": String(GATEWAY_PORT), "prometheus.io/path": "/metrics" });
        expect(v.service.port).toBe(GATEWAY_PORT);
    });
});

describe("placed by phase: from phase 1, off by one key", () => {
    const resolve = (phase: number, dashboards?: boolean) => resolveOperations(operationsConfigSchema.parse({ metrics: dashboards === undefined ? {} : { dashboards } }), { environment: "dev", phase, cloud: "aws" }).metrics.dashboards;
    it("the default is phase >= 1; an explicit false turns them off at any phase", () => {
        expect([0, 1, 2, 3].map((p) => resolve(p))).toEqual([false, true, true, true]);
        expect(resolve(2, false)).toBe(false);
    });
    it("without its Grafana, the chart still ships its own dashboards once ours are on, never its datasource", () => {
        const grafana = (dashboards: boolean, on = false) => kubePrometheusStackValues({ placement: ON_DEMAND, retentionDays: 7, storageGi: 20, grafana: on, dashboards }).grafana as any;
        expect(grafana(false)).toEqual({ enabled: false });
        expect(grafana(true)).toEqual({ enabled: false, forceDeployDashboards: true });
        expect(grafana(true, true)).toMatchObject({ enabled: true });
        expect(grafana(true, true).forceDeployDatasources).toBeUndefined();
    });
});

describe("in the program", () => {
    const CM = "kubernetes:core/v1:ConfigMap";
    const labelled = (r: ProgramRun) => byType(r, CM).filter((c) => inputsOf(c).metadata?.labels?.grafana_dashboard !== undefined);
    let phase2: ProgramRun;
    let phase0: ProgramRun;
    beforeAll(async () => {
        phase2 = await stagingRun();
        // Phase 0 on a plane no cloud made: operations only, the cheapest run that registers what the program would.
        const cfg = parseStackConfig(stackFileConfig("aws-phase0"), "stacks/Pulumi.aws-phase0.yaml");
        phase0 = (await runOnFakePlane((plane) => void installOperations(plane, cfg, "stacks/Pulumi.aws-phase0.yaml"))).run;
    });

    it("phase 0: no dashboard ConfigMap and the chart's Grafana dashboards stay off, but the sidecars are scraped (with Prometheus, not the dashboards)", () => {
        expect(labelled(phase0)).toEqual([]);
        const kps = byType(phase0, "kubernetes:helm.sh/v3:Release").find((r) => inputsOf(r).name === "kube-prometheus-stack") as RecordedResource;
        expect(inputsOf(kps).values.grafana).toEqual({ enabled: false });
        const monitor = byType(phase0, "kubernetes:monitoring.coreos.com/v1:PodMonitor");
        expect(monitor.map((r) => inputsOf(r).metadata.name)).toEqual(["istio-sidecars"]);
        expect(dependsOn(phase0, monitor[0], kps)).toBe(true);
    });

    it("phase 2 (aws-phase2): both dashboards in Prometheus's namespace, after its chart; the gateway board queries where the gateway is installed", () => {
        const maps = labelled(phase2);
        expect(maps.map((m) => inputsOf(m).metadata.name).sort()).toEqual(["splitplane-dashboard-llm-gateway", "splitplane-dashboard-pods"]);
        const kps = byType(phase2, "kubernetes:helm.sh/v3:Release").find((r) => inputsOf(r).name === "kube-prometheus-stack") as RecordedResource;
        const gateway = byType(phase2, "kubernetes:helm.sh/v3:Release").find((r) => inputsOf(r).name === GATEWAY_FULLNAME) as RecordedResource;
        const monitor = byType(phase2, "kubernetes:monitoring.coreos.com/v1:PodMonitor");
        expect(monitor).toHaveLength(1);
        for (const r of [...maps, ...monitor]) {
            expect(inputsOf(r).metadata.namespace).toBe(inputsOf(kps).namespace);
            expect(dependsOn(phase2, r, kps)).toBe(true);
        }
        const board = JSON.parse(Object.values(inputsOf(maps.find((m) => inputsOf(m).metadata.name.endsWith("llm-gateway"))!).data)[0] as string) as GrafanaDashboard;
        const namespaces = exprs(board).flatMap((e) => parsePromQL(e.expr).matchers).filter((m) => m.label === "destination_workload_namespace").map((m) => m.value);
        expect(new Set(namespaces)).toEqual(new Set([inputsOf(gateway).namespace]));
        expect(inputsOf(kps).values.grafana).toEqual({ enabled: false, forceDeployDashboards: true });
        expect(phase2.outputs.grafanaDashboards).toEqual([DASHBOARD_UIDS.llmGateway, DASHBOARD_UIDS.podHealth]);
    });
});
