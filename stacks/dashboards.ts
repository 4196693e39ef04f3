import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane } from "../components/compute-plane";
import { GATEWAY_FULLNAME } from "../components/platform/llm-gateway/values";
import { Dashboards, type Metrics } from "../components/platform/operations";
import type { DashboardTargets } from "../components/platform/operations/dashboard-json";
import { resolveSplitPlane } from "../config/split-plane";
import type { StackConfig } from "../config/schema";

/**
 * What the dashboards look at, by the names the split plane's components are given: the gateway's
 * namespace and Deployment (the chart's fixed fullname, so Istio's `destination_workload`), and the
 * namespaces of the gateway, the agent and a self-hosted control plane. None of it depends on the cloud.
 */
export function dashboardTargets(cfg: StackConfig, stack: string): DashboardTargets {
    const sp = resolveSplitPlane(cfg, stack);
    if (!sp) return { namespaces: [] };
    const namespaces = [sp.llmGateway?.namespace, sp.agent?.namespace, sp.selfHosted ? sp.controlPlane.namespace : undefined].filter((n): n is string => n !== undefined);
    return {
        gateway: sp.llmGateway ? { namespace: sp.llmGateway.namespace, workload: GATEWAY_FULLNAME } : undefined,
        namespaces: [...new Set(namespaces)],
    };
}

/** The split plane's Grafana dashboards in Prometheus's namespace, once its chart (and the PodMonitor CRD) is installed. */
export function installDashboards(plane: ComputePlane, cfg: StackConfig, metrics: Metrics): Dashboards {
    return new Dashboards("dashboards", { plane, namespace: metrics.namespace, targets: dashboardTargets(cfg, pulumi.getStack()), metricsRelease: metrics.release });
}
