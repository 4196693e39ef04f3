import { z } from "zod";
import { isCredentialName, keyMaterialKind } from "../policies/lib/credentials";

/**
 * `splitplane:operations`: how a compute plane delivers, promotes, scales and observes what the
 * control plane sends it (Argo CD, Argo Rollouts, KEDA and elasti, Prometheus, the OTel
 * Collector) and whether the environment is paused. Cloud-neutral: the same keys on AWS and
 * Azure. Every default is here; the ones that depend on the environment tier or the cloud are
 * resolved by `resolveOperations` below, also here.
 */

const dnsLabel = z
    .string()
    .max(63, { error: "must be a DNS label of at most 63 characters" })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a DNS label: lower-case letters, digits and '-'" });

/** A secret's name under the plane's secret-store prefix (never the value). */
const storeSecretName = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9/_+=.@-]*$/, { error: "must be a secret name under the store's prefix, such as observability/otlp-token" });

/** An https URL: telemetry leaves the cluster encrypted, whatever the backend. */
export const otlpEndpoint = z
    .string()
    .regex(/^https:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/, { error: "must be an https:// URL such as https://otlp.example.com (telemetry never leaves the cluster in plain text)" });

/** HTTP header names (RFC 9110 tokens), lower-cased by convention. */
const headerName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, { error: "must be an HTTP header name such as x-scope-orgid" });

/** Header names whose value is a credential whatever it looks like. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "x-api-key", "api-key", "cookie"]);

/**
 * Why a literal header value cannot be written in stack config, or undefined. A credential goes
 * through the secret store (`{ secret: <name> }`), never a literal: the shared detector judges
 * the value's shape (key material), the header name (`authorization`, `x-api-key`, `*-token`)
 * and auth schemes (`Bearer …`, `Basic …`).
 */
export function literalHeaderProblem(name: string, value: string): string | undefined {
    const material = keyMaterialKind(value);
    if (material) return `looks like ${material}; put it in the secret store and write { secret: <name> }`;
    if (CREDENTIAL_HEADERS.has(name.toLowerCase()) || isCredentialName(name)) return `is a credential header; its value must come from the secret store ({ secret: <name> }), not a literal`;
    if (/^\s*(bearer|basic|token|apikey)\s+\S+/i.test(value)) return `carries an auth scheme (${value.trim().split(/\s+/)[0]} …); put the credential in the secret store ({ secret: <name> })`;
    return undefined;
}

const headerValue = z.union([
    z.strictObject({
        /** A non-secret literal (a tenant or project id). Credentials are refused here. */
        value: z.string().max(1024),
    }),
    z.strictObject({
        /** The secret, under the store's prefix, whose value is the header's value. */
        secret: storeSecretName,
    }),
]);

export const rolloutStepsSchema = z
    .array(
        z.strictObject({
            /** Percent of traffic on the new version at this step. */
            weight: z.number().int().min(0).max(100),
            /** How long to hold at this weight (Argo Rollouts duration: 30s, 5m, 1h); omitted: wait for a manual promotion. */
            pause: z.string().regex(/^\d+[smh]$/, { error: "must be a duration such as 30s, 5m or 1h" }).optional(),
        }),
    )
    .min(1)
    .superRefine((steps, ctx) => {
        for (let i = 1; i < steps.length; i++) {
            if (steps[i].weight < steps[i - 1].weight) {
                ctx.addIssue({ code: "custom", path: [i, "weight"], input: steps[i].weight, message: `must not be below the previous step's weight (${steps[i - 1].weight}): a canary only moves forward` });
            }
        }
    });

export const DEFAULT_CANARY_STEPS = [{ weight: 10, pause: "5m" }, { weight: 50, pause: "10m" }, { weight: 100 }];

export const operationsConfigSchema = z.strictObject({
    /** Argo CD, through which the agent deploys workloads (TrueFoundry marks it mandatory). */
    argoCd: z
        .strictObject({
            /** @default "argocd" */
            namespace: dnsLabel.default("argocd"),
            /**
             * Sign-in through your OIDC issuer; the local admin user is then disabled.
             * @default undefined (admin only, with the password Argo CD generates in-cluster)
             */
            sso: z
                .strictObject({
                    /** The issuer URL (https). */
                    issuer: z.string().regex(/^https:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?(\/\S*)?$/, { error: "must be an https:// issuer URL" }),
                    /** The OIDC client id (not a secret). */
                    clientId: z.string().min(1),
                    /** The client secret's name in the secret store (synced into the `argocd` namespace, never in config). */
                    clientSecret: storeSecretName,
                    /** Groups (the `groups` claim) granted Argo CD's admin role. @default [] (read-only for everyone) */
                    adminGroups: z.array(z.string().min(1)).default([]),
                })
                .optional(),
            /**
             * Private repositories Argo CD reads, each with its credentials in the secret store (a
             * JSON object with `username`/`password`, or `sshPrivateKey`). @default []
             */
            repositories: z
                .array(
                    z.strictObject({
                        /** Names the Secret Argo CD reads (`repo-<name>`). */
                        name: dnsLabel,
                        url: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, { error: "must be an https://, ssh:// or git@ repository URL" }),
                        /** The credentials' secret name in the store. */
                        credentials: storeSecretName,
                    }),
                )
                .refine((l) => new Set(l.map((r) => r.name)).size === l.length, { error: "must not name a repository twice" })
                .default([]),
        })
        .prefault({}),
    /** Argo Rollouts (controller and CRDs), with the Istio traffic router. */
    argoRollouts: z
        .strictObject({
            /** @default "argo-rollouts" */
            namespace: dnsLabel.default("argo-rollouts"),
            /**
             * The canary steps of the platform's sample Rollout (the `canaryStrategy` stack output,
             * a template for services the control plane or users deploy).
             * @default [{ weight: 10, pause: "5m" }, { weight: 50, pause: "10m" }, { weight: 100 }]
             */
            canarySteps: rolloutStepsSchema.default(DEFAULT_CANARY_STEPS),
        })
        .prefault({}),
    /** KEDA (event- and metric-driven autoscaling) and elasti (HTTP scale to zero). */
    autoscaling: z
        .strictObject({
            /** @default phase >= 2 (resolved below) */
            enabled: z.boolean().optional(),
            /**
             * What holds HTTP requests while a scaled-to-zero service wakes: `elasti`
             * (TrueFoundry's, what the control plane's "auto shutdown" drives), or `none`.
             * @default "elasti"
             */
            httpScaleToZero: z.enum(["elasti", "none"]).default("elasti"),
        })
        .prefault({}),
    /** Prometheus (kube-prometheus-stack) and metrics-server. */
    metrics: z
        .strictObject({
            /** The agent reads `prometheus-operated.<namespace>.svc:9090`. @default "prometheus" */
            namespace: dnsLabel.default("prometheus"),
            /** @default 7 in dev, 15 in staging, 30 in prod (resolved below) */
            retentionDays: z.number().int().min(1).max(365).optional(),
            /** Size of Prometheus's volume in GiB; the retention size is 90 % of it. @default 20 in dev, 50 in staging, 100 in prod */
            storageGi: z.number().int().min(5).max(4096).optional(),
            /** Install metrics-server. @default true on AWS (EKS has none), false on Azure (AKS ships one) */
            metricsServer: z.boolean().optional(),
            /** Install Grafana from the same chart (ClusterIP only). @default false */
            grafana: z.boolean().default(false),
            /**
             * The split plane's Grafana dashboards (AI gateway requests, errors, latency, tokens and
             * cost; the split plane's pods) as ConfigMaps Grafana's sidecar loads, the scrape of the
             * mesh's sidecars they read, and the chart's own Kubernetes dashboards even without its Grafana.
             * @default phase >= 1 (resolved below)
             */
            dashboards: z.boolean().optional(),
        })
        .prefault({}),
    /** The OpenTelemetry Collector: receives OTLP from the gateway and platform services. */
    telemetry: z
        .strictObject({
            /** @default "observability" */
            namespace: dnsLabel.default("observability"),
            /**
             * Where the collector exports traces, metrics and logs (OTLP over HTTP, https only).
             * @default the self-hosted control plane's collector inside the cluster; required with a hosted control plane or none
             */
            endpoint: otlpEndpoint.optional(),
            /** Headers sent with every export: literals for ids, `{ secret }` for credentials. @default {} */
            headers: z.record(headerName, headerValue).default({}),
        })
        .superRefine((v, ctx) => {
            for (const [name, h] of Object.entries(v.headers)) {
                if (!("value" in h)) continue;
                const problem = literalHeaderProblem(name, h.value);
                if (problem) ctx.addIssue({ code: "custom", path: ["headers", name, "value"], input: "<redacted>", message: problem });
            }
        })
        .prefault({}),
    /**
     * Idle pause: `paused: true` scales the listed pools to zero (no new nodes, existing ones
     * drained and removed) and `false` brings them back. The on-demand pool that controllers and
     * the control plane run on, and the system pool, are never paused.
     */
    idle: z
        .strictObject({
            /** @default false */
            paused: z.boolean().default(false),
            /** @default ["general", "gpu"] */
            pools: z
                .array(
                    z.string().refine((p) => p === "general" || p === "gpu", {
                        error: (issue) =>
                            `must be "general" or "gpu" (got ${JSON.stringify(issue.input)}): the ${issue.input === "onDemand" || issue.input === "system" ? `${String(issue.input)} pool runs the controllers and is never paused` : "pools idle pause can scale to zero"}`,
                    }),
                )
                .min(1)
                .refine((l) => new Set(l).size === l.length, { error: "must not list a pool twice" })
                .default(["general", "gpu"])
                .transform((l) => l as ("general" | "gpu")[]),
        })
        .prefault({}),
});

export type OperationsConfig = z.infer<typeof operationsConfigSchema>;

/** The operations settings with every environment- and cloud-dependent default decided. */
export interface ResolvedOperations extends Omit<OperationsConfig, "autoscaling" | "metrics"> {
    autoscaling: OperationsConfig["autoscaling"] & { enabled: boolean };
    metrics: OperationsConfig["metrics"] & { retentionDays: number; storageGi: number; metricsServer: boolean; dashboards: boolean };
}

/**
 * | key | dev | staging | prod |
 * |---|---|---|---|
 * | metrics.retentionDays | 7 | 15 | 30 |
 * | metrics.storageGi | 20 | 50 | 100 |
 * | autoscaling.enabled | phase >= 2 | phase >= 2 | phase >= 2 |
 * | metrics.metricsServer | AWS: true, Azure: false | | |
 * | metrics.dashboards | phase >= 1 | phase >= 1 | phase >= 1 |
 */
export function resolveOperations(ops: OperationsConfig, env: { environment: "dev" | "staging" | "prod"; phase: number; cloud: "aws" | "azure" }): ResolvedOperations {
    const bySize = { dev: { retentionDays: 7, storageGi: 20 }, staging: { retentionDays: 15, storageGi: 50 }, prod: { retentionDays: 30, storageGi: 100 } }[env.environment];
    return {
        ...ops,
        autoscaling: { ...ops.autoscaling, enabled: ops.autoscaling.enabled ?? env.phase >= 2 },
        metrics: {
            ...ops.metrics,
            retentionDays: ops.metrics.retentionDays ?? bySize.retentionDays,
            storageGi: ops.metrics.storageGi ?? bySize.storageGi,
            // AKS runs metrics-server as a managed add-on; EKS does not install one.
            metricsServer: ops.metrics.metricsServer ?? env.cloud === "aws",
            // Phase 1 of the adoption path (standardise LLM access) ships the dashboards.
            dashboards: ops.metrics.dashboards ?? env.phase >= 1,
        },
    };
}
