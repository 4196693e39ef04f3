import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane } from "../components/compute-plane";
import { ArgoCd, ArgoRollouts, Autoscaling, GpuDevicePlugin, Metrics, OtelCollector, rolloutStrategy, samePlacement, type ExporterHeader } from "../components/platform/operations";
import { installDashboards } from "./dashboards";
import { ConfigError } from "../config/errors";
import { resolveOperations } from "../config/operations";
import type { StackConfig } from "../config/schema";
import type { StoreFactory } from "../components/platform/synced-secrets";

/** What the operations components give the rest of the program (and the stack outputs). */
export interface OperationsDeployment {
    outputs: Record<string, pulumi.Input<unknown>>;
    /** Installs the ServiceMonitor/PodMonitor CRDs: charts that create monitors depend on it. */
    serviceMonitorCrds: pulumi.Resource;
    /** Installs the ScaledObject CRDs (phase 2+). */
    scaledObjectCrds?: pulumi.Resource;
    /** Where the agent reads Prometheus. */
    prometheusEndpoint: string;
    /** Where the gateway and platform services send OTLP, when the collector is installed. */
    otlpEndpoints?: { http: string; grpc: string };
}

export interface OperationsExtras {
    /** Secret sync (each consumer namespace's own store): needed for Argo CD SSO and repositories, and `{ secret }` exporter headers. */
    storeFor?: StoreFactory;
    /** Earlier identities of the NVIDIA device plugin release (it moved from the AWS GPU pool). */
    devicePluginAliases?: pulumi.Input<pulumi.Alias | string>[];
}

/** The self-hosted control plane's own collector (truefoundry chart, `tfy-otel-collector` subchart, OTLP/HTTP 4318). */
const controlPlaneCollector = (namespace: string) => `http://truefoundry-tfy-otel-collector.${namespace}.svc.cluster.local:4318`;

/**
 * Delivery, promotion, autoscaling and observability on a compute plane, placed by the phase
 * table (docs/operations.md): Argo CD, Argo Rollouts, Prometheus and the OTel Collector wherever
 * the plane exists; the GPU device plugin and KEDA/elasti from phase 2. Cloud-neutral: it takes
 * the plane and never asks which cloud made it.
 */
export function installOperations(plane: ComputePlane, cfg: StackConfig, file: string, extras: OperationsExtras = {}): OperationsDeployment {
    const ops = resolveOperations(cfg.operations, { environment: cfg.environment, phase: cfg.phase, cloud: cfg.cloud });
    // The controllers' capacity must survive the pause: a plane whose on-demand placement is one of the paused pools cannot pause them.
    for (const pool of ops.idle.paused ? ops.idle.pools : []) {
        const placement = plane.nodePools[pool];
        if (placement && samePlacement(placement, plane.nodePools.onDemand)) {
            throw new ConfigError([`${file}: splitplane:operations.idle.pools must not list "${pool}" on this plane: its ${pool} pool is also the on-demand capacity the controllers run on, which an idle environment keeps (got ${JSON.stringify(ops.idle.pools)})`]);
        }
    }
    const endpoint = ops.telemetry.endpoint ?? (cfg.controlPlane?.mode === "self-hosted" ? controlPlaneCollector(cfg.controlPlane.namespace) : undefined);
    const secretHeaders = Object.entries(ops.telemetry.headers).filter(([, h]) => "secret" in h).map(([n]) => n);
    if (!extras.storeFor && (ops.argoCd.sso || ops.argoCd.repositories.length > 0)) {
        // Both need the client secret / repository credentials synced from the store into Argo CD's namespace.
        const key = ops.argoCd.sso ? "sso" : "repositories";
        throw new ConfigError([`${file}: splitplane:operations.argoCd.${key} needs secret sync into the argocd namespace, which this plane's program does not provide yet (got ${key === "sso" ? "an sso block" : `${ops.argoCd.repositories.length} repositories`}; remove it for now)`]);
    }
    if (!extras.storeFor && secretHeaders.length > 0) {
        // Header values from the store need the secret-sync component (a SecretStore and an ExternalSecret in the collector's namespace).
        throw new ConfigError([`${file}: splitplane:operations.telemetry.headers.${secretHeaders[0]}.secret needs secret sync, which this plane's program does not provide yet (got a { secret } header; use a literal id header or none)`]);
    }
    const metrics = new Metrics("metrics", {
        plane,
        namespace: ops.metrics.namespace,
        charts: { kubePrometheusStack: cfg.charts.kubePrometheusStack, metricsServer: cfg.charts.metricsServer },
        retentionDays: ops.metrics.retentionDays,
        storageGi: ops.metrics.storageGi,
        grafana: ops.metrics.grafana,
        dashboards: ops.metrics.dashboards,
        metricsServer: ops.metrics.metricsServer,
    });
    // Phase 1: Grafana dashboards of the gateway and the split plane's pods, beside Prometheus.
    const dashboards = ops.metrics.dashboards ? installDashboards(plane, cfg, metrics) : undefined;
    const argoCd = new ArgoCd("argocd", { plane, chartVersion: cfg.charts.argoCd, namespace: ops.argoCd.namespace, sso: ops.argoCd.sso, repositories: ops.argoCd.repositories, storeFor: extras.storeFor });
    new ArgoRollouts("argo-rollouts", { plane, chartVersion: cfg.charts.argoRollouts, namespace: ops.argoRollouts.namespace, serviceMonitorCrds: metrics.crds });
    const collector = endpoint
        ? new OtelCollector("otel-collector", {
              plane,
              chartVersion: cfg.charts.opentelemetryCollector,
              namespace: ops.telemetry.namespace,
              endpoint,
              headers: ops.telemetry.headers as Record<string, ExporterHeader>,
              storeFor: extras.storeFor,
          })
        : undefined;

    let autoscaling: Autoscaling | undefined;
    if (cfg.phase >= 2) {
        new GpuDevicePlugin("gpu-device-plugin", { plane, chartVersion: cfg.charts.nvidiaDevicePlugin, aliases: extras.devicePluginAliases });
    }
    if (ops.autoscaling.enabled) {
        autoscaling = new Autoscaling("autoscaling", {
            plane,
            charts: { keda: cfg.charts.keda, elasti: cfg.charts.elasti },
            httpScaleToZero: ops.autoscaling.httpScaleToZero,
            prometheusEndpoint: metrics.endpoint,
            serviceMonitorCrds: metrics.crds,
        });
    }

    const sample = rolloutStrategy({
        name: "sample",
        namespace: "sample",
        image: "sample",
        port: 8080,
        replicas: 2,
        placement: plane.nodePools.general,
        strategy: { kind: "canary", steps: ops.argoRollouts.canarySteps },
    });
    return {
        outputs: {
            argoCdNamespace: argoCd.namespace,
            prometheusEndpoint: metrics.endpoint,
            otlpEndpoint: collector ? collector.endpoints.http : "not installed: set splitplane:operations.telemetry.endpoint or a self-hosted controlPlane",
            canaryStrategy: sample,
            idlePaused: ops.idle.paused ? ops.idle.pools : [],
            autoscaling: autoscaling ? `keda${ops.autoscaling.httpScaleToZero === "elasti" ? " + elasti" : ""}` : "off",
            ...(dashboards ? { grafanaDashboards: dashboards.uids } : {}),
        },
        serviceMonitorCrds: metrics.crds,
        scaledObjectCrds: autoscaling?.crds,
        prometheusEndpoint: metrics.endpoint,
        otlpEndpoints: collector?.endpoints,
    };
}
