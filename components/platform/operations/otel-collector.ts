import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane, NodePlacement } from "../../compute-plane";
import type { StoreFactory } from "../synced-secrets";
import { controllerPlacement, podPlacement } from "./placement";
import { chartRelease, operationsNamespace } from "../release";

export const OTEL_HELM_REPO = "https://open-telemetry.github.io/opentelemetry-helm-charts";
/** The collector's release name, and (through `fullnameOverride`) its Deployment's and Service's. */
export const OTEL_RELEASE = "otel-collector";
/** Kubernetes Secret, in the collector's namespace, holding header values synced from the store. */
export const OTEL_HEADERS_SECRET = "otel-exporter-headers";

/** The env var a secret header's value is read from (`${env:…}` in the collector config). */
export const headerEnvVar = (header: string) => `OTLP_HEADER_${header.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;

/** The key, inside `OTEL_HEADERS_SECRET`, of a header's value. */
export const headerSecretKey = (header: string) => header.toLowerCase();

/** Where services in the cluster send OTLP (HTTP on 4318, gRPC on 4317). */
export const collectorEndpoints = (namespace: string) => {
    const host = `${OTEL_RELEASE}.${namespace}.svc.cluster.local`;
    return { http: `http://${host}:4318`, grpc: `http://${host}:4317` };
};

/**
 * Whether an exporter endpoint may be used: https anywhere, or plain http only to a Service in
 * this cluster (`*.svc.cluster.local`), where the mesh's STRICT mTLS encrypts the hop.
 */
export function exporterEndpointProblem(endpoint: string): string | undefined {
    if (/^https:\/\//.test(endpoint)) return undefined;
    if (/^http:\/\/[a-z0-9.-]+\.svc\.cluster\.local(:\d+)?(\/\S*)?$/.test(endpoint)) return undefined;
    return `must be https:// (or http:// to a Service inside the cluster, *.svc.cluster.local) (got ${JSON.stringify(endpoint)})`;
}

/** A header's value: a literal id, or the name of the store secret holding it. */
export type ExporterHeader = { value: string } | { secret: string };

/**
 * Values of `opentelemetry-collector` (0.170.0, collector 0.158): one pipeline per signal,
 * OTLP in, `memory_limiter` and `batch`, OTLP/HTTP out to `endpoint`. The chart's other default
 * receivers (Jaeger, Zipkin, its self-scrape) and the `debug` exporter are removed (a null
 * deletes a chart default in Helm's merge), and their ports closed, so the collector listens on
 * OTLP only. Secret header values are `${env:…}` references to env vars read from the synced
 * Secret; the config never holds them.
 */
export function otelCollectorValues(a: { placement: NodePlacement; endpoint: string; headers: Record<string, ExporterHeader> }): Record<string, unknown> {
    const problem = exporterEndpointProblem(a.endpoint);
    if (problem) throw new Error(`OTel Collector exporter endpoint ${problem}`);
    const { nodeSelector, tolerations } = podPlacement(a.placement);
    const headers = Object.fromEntries(Object.entries(a.headers).map(([name, h]) => [name, "value" in h ? h.value : `\${env:${headerEnvVar(name)}}`]));
    const secretHeaders = Object.entries(a.headers).filter(([, h]) => "secret" in h).map(([name]) => name);
    const pipeline = { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlphttp"] };
    return {
        mode: "deployment",
        fullnameOverride: OTEL_RELEASE,
        // The Kubernetes distribution: OTLP receivers and exporters, batch, memory_limiter.
        image: { repository: "otel/opentelemetry-collector-k8s" },
        replicaCount: 2,
        nodeSelector,
        tolerations,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        ports: { "jaeger-compact": { enabled: false }, "jaeger-thrift": { enabled: false }, "jaeger-grpc": { enabled: false }, zipkin: { enabled: false } },
        service: { type: "ClusterIP" },
        ingress: { enabled: false },
        config: {
            receivers: { jaeger: null, zipkin: null, prometheus: null },
            exporters: { debug: null, otlphttp: { endpoint: a.endpoint, compression: "gzip", ...(Object.keys(headers).length > 0 ? { headers } : {}) } },
            service: { pipelines: { traces: pipeline, metrics: pipeline, logs: pipeline } },
        },
        extraEnvs: secretHeaders.map((name) => ({ name: headerEnvVar(name), valueFrom: { secretKeyRef: { name: OTEL_HEADERS_SECRET, key: headerSecretKey(name) } } })),
    };
}

export interface OtelCollectorArgs {
    plane: ComputePlane;
    chartVersion: string;
    namespace: string;
    endpoint: string;
    headers: Record<string, ExporterHeader>;
    /** Secret sync: required when a header is `{ secret }` (its value is synced into the collector's namespace). */
    storeFor?: StoreFactory;
    /** The namespace's labels (mesh injection). @default {} */
    namespaceLabels?: Record<string, string>;
}

/** The OpenTelemetry Collector: OTLP from the gateway and platform services, exported to one endpoint. */
export class OtelCollector extends pulumi.ComponentResource {
    readonly namespace: k8s.core.v1.Namespace;
    readonly release: k8s.helm.v3.Release;
    /** In-cluster OTLP endpoints for services to send to. */
    readonly endpoints: { http: string; grpc: string };

    constructor(name: string, args: OtelCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:OtelCollector", name, {}, opts);
        const values = otelCollectorValues({ placement: controllerPlacement(args.plane), endpoint: args.endpoint, headers: args.headers });
        this.endpoints = collectorEndpoints(args.namespace);
        this.namespace = operationsNamespace(this, `${name}-namespace`, args.plane, args.namespace, args.namespaceLabels);
        const chart = { name: OTEL_RELEASE, chart: "opentelemetry-collector", repositoryOpts: { repo: OTEL_HELM_REPO }, version: args.chartVersion, namespace: args.namespace, values };
        // Secret headers: one ExternalSecret from this namespace's own store, granted exactly those secrets.
        const secretHeaders = Object.entries(args.headers).flatMap(([header, h]) => ("secret" in h ? [{ header, from: { name: h.secret } }] : []));
        const headersReady: pulumi.Resource[] = [];
        if (secretHeaders.length > 0) {
            if (!args.storeFor) throw new Error(`OtelCollector "${name}": headers ${secretHeaders.map((h) => h.header).join(", ")} come from the secret store, which needs secret sync (storeFor)`);
            const store = args.storeFor(`${name}-secrets`, { namespace: args.namespace, namespaceResource: this.namespace, secrets: secretHeaders.map((h) => h.from) }, { parent: this });
            headersReady.push(store.externalSecret("headers", { name: OTEL_HEADERS_SECRET, targetName: OTEL_HEADERS_SECRET, data: secretHeaders.map((h) => ({ secretKey: headerSecretKey(h.header), from: h.from })) }));
        }
        this.release = chartRelease(this, `${name}-chart`, args.plane, chart, [this.namespace, ...headersReady]);
        this.registerOutputs({ endpoints: this.endpoints });
    }
}
