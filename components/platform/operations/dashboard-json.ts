/**
 * Grafana dashboards of the split plane as plain data: the JSON model Grafana imports, built by
 * pure functions so that tests read every PromQL expression. Only metric and label names that
 * their projects document are queried:
 *
 * - Istio standard metrics, reported by every sidecar (istio.io/latest/docs/reference/config/metrics):
 *   `istio_requests_total`, `istio_request_duration_milliseconds` (a histogram, so `_bucket` with
 *   `le`), labels `reporter`, `source_workload`, `source_workload_namespace`, `destination_workload`,
 *   `destination_workload_namespace`, `response_code`.
 * - The AI gateway's own metrics, as TrueFoundry documents them
 *   (docs.truefoundry.com/gateway/prometheus-grafana-integration): `llm_gateway_input_tokens`,
 *   `llm_gateway_output_tokens`, `llm_gateway_request_cost` (counters) and
 *   `llm_gateway_request_processing_ms` (a histogram), label `model_name`.
 * - kube-state-metrics (its docs/pod-metrics.md and deployment-metrics.md): `kube_pod_status_ready`
 *   (`condition`), `kube_pod_container_status_restarts_total`, `kube_deployment_spec_replicas`,
 *   `kube_deployment_status_replicas_available` (`deployment`), all with `namespace` and `pod`.
 * - cAdvisor through the kubelet: `container_cpu_usage_seconds_total`,
 *   `container_memory_working_set_bytes`, labels `namespace`, `pod`, `container`.
 */

/**
 * The datasource every panel reads: a dashboard variable of type `prometheus`, so a Grafana of
 * your own picks its Prometheus; its default is the uid kube-prometheus-stack gives the datasource
 * it provisions (`grafana.sidecar.datasources.uid: prometheus`).
 */
export const PROMETHEUS_DATASOURCE_UID = "prometheus";
const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/** What the dashboards look at, by the names the program gave it. */
export interface DashboardTargets {
    /** The AI gateway: its namespace and its Deployment's name (Istio's `destination_workload`). */
    gateway?: { namespace: string; workload: string };
    /** Namespaces of the split plane whose pods' health is shown (the gateway's, the agent's, a self-hosted control plane's). */
    namespaces: string[];
}

export interface GrafanaTarget {
    refId: string;
    expr: string;
    legendFormat: string;
    datasource: typeof DATASOURCE;
}

export interface GrafanaPanel {
    id: number;
    type: "timeseries" | "stat" | "row";
    title: string;
    description?: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource?: typeof DATASOURCE;
    targets?: GrafanaTarget[];
    fieldConfig?: { defaults: { unit: string; min?: number; max?: number }; overrides: [] };
    collapsed?: boolean;
    panels?: [];
}

export interface GrafanaDashboard {
    uid: string;
    title: string;
    description: string;
    tags: string[];
    timezone: "utc";
    editable: boolean;
    schemaVersion: number;
    version: number;
    refresh: string;
    time: { from: string; to: string };
    templating: { list: Record<string, unknown>[] };
    panels: GrafanaPanel[];
}

/** A label matcher list, `{a="x",b=~"y"}`; values are JSON-quoted (PromQL accepts Go-style double-quoted strings). */
export function selector(metric: string, matchers: Record<string, string | { re: string } | { not: string }>): string {
    const parts = Object.entries(matchers).map(([k, v]) => (typeof v === "string" ? `${k}=${JSON.stringify(v)}` : "re" in v ? `${k}=~${JSON.stringify(v.re)}` : `${k}!=${JSON.stringify(v.not)}`));
    return `${metric}{${parts.join(",")}}`;
}

/** `$__rate_interval`: Grafana's window for rate(), at least four scrape intervals, so a missed scrape draws no gap. */
const rate = (sel: string) => `rate(${sel}[$__rate_interval])`;
const by = (labels: string[], inner: string) => `sum by (${labels.join(", ")}) (${inner})`;
const quantile = (q: number, bucket: string, labels: string[] = []) => `histogram_quantile(${q}, ${by(["le", ...labels], rate(bucket))})`;

type PanelSpec = { title: string; description: string; unit: string; targets: { expr: string; legend: string }[]; type?: "timeseries" | "stat"; min?: number; max?: number };
type Section = { row: string; panels: PanelSpec[] };

/** Lays sections out: each row title full width, then its panels two to a line. Ids follow the order, so they are stable. */
function layout(sections: Section[]): GrafanaPanel[] {
    const out: GrafanaPanel[] = [];
    let y = 0;
    let id = 1;
    for (const s of sections) {
        out.push({ id: id++, type: "row", title: s.row, collapsed: false, panels: [], gridPos: { x: 0, y, w: 24, h: 1 } });
        y += 1;
        s.panels.forEach((p, i) => {
            out.push({
                id: id++,
                type: p.type ?? "timeseries",
                title: p.title,
                description: p.description,
                gridPos: { x: (i % 2) * 12, y: y + Math.floor(i / 2) * 8, w: 12, h: 8 },
                datasource: DATASOURCE,
                targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), expr: t.expr, legendFormat: t.legend, datasource: DATASOURCE })),
                fieldConfig: { defaults: { unit: p.unit, ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) }, overrides: [] },
            });
        });
        y += Math.ceil(s.panels.length / 2) * 8;
    }
    return out;
}

function dashboard(a: { uid: string; title: string; description: string; sections: Section[] }): GrafanaDashboard {
    return {
        uid: a.uid,
        title: a.title,
        description: a.description,
        tags: ["splitplane"],
        timezone: "utc",
        // Provisioned from code: an edit in the UI would be lost on the next sync, so none is offered.
        editable: false,
        schemaVersion: 39,
        version: 1,
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        templating: {
            list: [{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus", current: { text: "Prometheus", value: PROMETHEUS_DATASOURCE_UID }, hide: 0 }],
        },
        panels: layout(a.sections),
    };
}

/** Stable uids: links and bookmarks to a dashboard survive every sync. Grafana allows 40 characters. */
export const DASHBOARD_UIDS = { llmGateway: "splitplane-llm-gateway", podHealth: "splitplane-split-plane-pods" } as const;

/**
 * The AI gateway as apps see it: requests, errors and latency from the gateway's own sidecar
 * (`reporter="destination"`, so each request is counted once whoever called), per calling
 * workload (`source_workload`: the ingress gateway for clients outside the mesh, the app itself
 * inside it); then tokens and cost from the gateway's own metrics.
 */
export function llmGatewayDashboard(gw: { namespace: string; workload: string }): GrafanaDashboard {
    const to = { reporter: "destination", destination_workload: gw.workload, destination_workload_namespace: gw.namespace };
    const requests = (extra: Record<string, string | { re: string }> = {}) => selector("istio_requests_total", { ...to, ...extra });
    const bucket = selector("istio_request_duration_milliseconds_bucket", to);
    const caller = ["source_workload_namespace", "source_workload"];
    const callerLegend = "{{source_workload_namespace}}/{{source_workload}}";
    const ratio = (labels: string[]) => `${labels.length ? by(labels, rate(requests({ response_code: { re: "5.." } }))) : `sum(${rate(requests({ response_code: { re: "5.." } }))})`} / ${labels.length ? by(labels, rate(requests())) : `sum(${rate(requests())})`}`;
    return dashboard({
        uid: DASHBOARD_UIDS.llmGateway,
        title: "splitplane / AI gateway",
        description: `Requests to ${gw.namespace}/${gw.workload} as its Istio sidecar reports them, and tokens and cost as the gateway reports them. Per-team and per-budget views are in the control plane's UI.`,
        sections: [
            {
                row: "Requests (Istio, at the gateway's sidecar)",
                panels: [
                    { title: "Requests per second by response code", description: "Every request the gateway answered, by HTTP status.", unit: "reqps", targets: [{ expr: by(["response_code"], rate(requests())), legend: "{{response_code}}" }] },
                    { title: "Error ratio (5xx of all)", description: "Share of answers that were server errors: the gateway's own, or a provider's it passed on.", unit: "percentunit", min: 0, max: 1, targets: [{ expr: ratio([]), legend: "5xx" }] },
                    {
                        title: "Latency p50 / p95 / p99",
                        description: "Time from the request reaching the gateway's sidecar to the last byte of the answer: a model's whole generation for a non-streaming call.",
                        unit: "ms",
                        targets: [0.5, 0.95, 0.99].map((q) => ({ expr: quantile(q, bucket), legend: `p${Math.round(q * 100)}` })),
                    },
                    { title: "Rate-limited answers (429) by calling workload", description: "HTTP 429 Too Many Requests, by caller: what the rate limits of the gateway config refuse.", unit: "reqps", targets: [{ expr: by(caller, rate(requests({ response_code: "429" }))), legend: callerLegend }] },
                ],
            },
            {
                row: "By calling workload",
                panels: [
                    { title: "Requests per second by calling workload", description: "Who calls the gateway: in-mesh apps by their workload, clients outside the mesh as the ingress gateway.", unit: "reqps", targets: [{ expr: by(caller, rate(requests())), legend: callerLegend }] },
                    { title: "Error ratio by calling workload", description: "5xx of all answers, per caller.", unit: "percentunit", min: 0, max: 1, targets: [{ expr: ratio(caller), legend: callerLegend }] },
                    { title: "Latency p95 by calling workload", description: "95th percentile per caller.", unit: "ms", targets: [{ expr: quantile(0.95, bucket, caller), legend: callerLegend }] },
                ],
            },
            {
                row: "Tokens and cost (the gateway's own metrics)",
                panels: [
                    { title: "Input tokens per second by model", description: "llm_gateway_input_tokens, as TrueFoundry documents it.", unit: "short", targets: [{ expr: by(["model_name"], rate("llm_gateway_input_tokens")), legend: "{{model_name}}" }] },
                    { title: "Output tokens per second by model", description: "llm_gateway_output_tokens, as TrueFoundry documents it.", unit: "short", targets: [{ expr: by(["model_name"], rate("llm_gateway_output_tokens")), legend: "{{model_name}}" }] },
                    { title: "Estimated cost by model over the time range", description: "llm_gateway_request_cost: the gateway's estimate from token prices. Budgets and their alerts are the control plane's.", unit: "short", type: "stat", targets: [{ expr: by(["model_name"], "increase(llm_gateway_request_cost[$__range])"), legend: "{{model_name}}" }] },
                    { title: "Processing time p95 by model", description: "llm_gateway_request_processing_ms: the gateway's own measure of a request, per model.", unit: "ms", targets: [{ expr: quantile(0.95, "llm_gateway_request_processing_ms_bucket", ["model_name"]), legend: "{{model_name}}" }] },
                ],
            },
        ],
    });
}

/**
 * The split plane's pods (the gateway's, the agent's and a self-hosted control plane's
 * namespaces): ready or not, restarting, what they use. kube-state-metrics and cAdvisor, both
 * scraped by kube-prometheus-stack from phase 0. `container!=""` leaves out cAdvisor's per-pod
 * cgroup series, which would count each pod twice.
 */
export function podHealthDashboard(namespaces: string[]): GrafanaDashboard {
    if (namespaces.length === 0) throw new Error("podHealthDashboard: no namespace to show");
    const ns = { namespace: { re: [...new Set(namespaces)].sort().join("|") } };
    const podLegend = "{{namespace}}/{{pod}}";
    return dashboard({
        uid: DASHBOARD_UIDS.podHealth,
        title: "splitplane / split plane pods",
        description: `Pod health in ${[...new Set(namespaces)].sort().join(", ")}.`,
        sections: [
            {
                row: "Availability",
                panels: [
                    { title: "Ready pods by namespace", description: "Pods whose Ready condition is true.", unit: "short", targets: [{ expr: by(["namespace"], selector("kube_pod_status_ready", { ...ns, condition: "true" })), legend: "{{namespace}}" }] },
                    { title: "Pods not ready", description: "Each pod whose Ready condition is false.", unit: "short", targets: [{ expr: `${by(["namespace", "pod"], selector("kube_pod_status_ready", { ...ns, condition: "false" }))} > 0`, legend: podLegend }] },
                    {
                        title: "Deployments: available and desired replicas",
                        description: "A gap between the two is a rollout in progress or pods that cannot start.",
                        unit: "short",
                        targets: [
                            { expr: by(["namespace", "deployment"], selector("kube_deployment_status_replicas_available", ns)), legend: "{{namespace}}/{{deployment}} available" },
                            { expr: by(["namespace", "deployment"], selector("kube_deployment_spec_replicas", ns)), legend: "{{namespace}}/{{deployment}} desired" },
                        ],
                    },
                    { title: "Container restarts in the last hour", description: "Pods with at least one restart.", unit: "short", targets: [{ expr: `${by(["namespace", "pod"], `increase(${selector("kube_pod_container_status_restarts_total", ns)}[1h])`)} > 0`, legend: podLegend }] },
                ],
            },
            {
                row: "Resources",
                panels: [
                    { title: "CPU by pod (cores)", description: "cAdvisor's CPU time, per second.", unit: "short", targets: [{ expr: by(["namespace", "pod"], rate(selector("container_cpu_usage_seconds_total", { ...ns, container: { not: "" } }))), legend: podLegend }] },
                    { title: "Memory working set by pod", description: "What the kubelet compares with the memory limit when it evicts.", unit: "bytes", targets: [{ expr: by(["namespace", "pod"], selector("container_memory_working_set_bytes", { ...ns, container: { not: "" } })), legend: podLegend }] },
                ],
            },
        ],
    });
}

/** The dashboards for these targets, by role (the role names the ConfigMap: never change one). */
export function splitPlaneDashboards(t: DashboardTargets): { role: string; dashboard: GrafanaDashboard }[] {
    const out: { role: string; dashboard: GrafanaDashboard }[] = [];
    if (t.gateway) out.push({ role: "llm-gateway", dashboard: llmGatewayDashboard(t.gateway) });
    if (t.namespaces.length > 0) out.push({ role: "pods", dashboard: podHealthDashboard(t.namespaces) });
    return out;
}
