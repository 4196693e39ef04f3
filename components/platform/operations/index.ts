export { ArgoCd, argoCdValues, tfyAppsProject, type ArgoCdArgs, type ArgoCdSso } from "./argo-cd";
export { ArgoRollouts, argoRolloutsValues, type ArgoRolloutsArgs } from "./argo-rollouts";
export { Autoscaling, elastiValues, kedaValues, type AutoscalingArgs } from "./autoscaling";
export { GpuDevicePlugin, nvidiaDevicePluginValues, type GpuDevicePluginArgs } from "./gpu-device-plugin";
export { Metrics, kubePrometheusStackValues, metricsServerValues, prometheusEndpoint, type MetricsArgs } from "./metrics";
export { OtelCollector, collectorEndpoints, otelCollectorValues, type ExporterHeader, type OtelCollectorArgs } from "./otel-collector";
export { controllerPlacement, podPlacement, samePlacement } from "./placement";
export { canarySteps, rolloutStrategy, sampleRollout, sampleVirtualService, type SampleRolloutArgs } from "./rollout-sample";
