import type { Input } from "@pulumi/pulumi";
import { NodePlacement } from "../../compute-plane";

/**
 * Values of the `truefoundry` chart (the control plane), as plain data checked in tests against
 * the pinned chart's values.yaml (`../shared/reference/charts/truefoundry`). Leaves that come from
 * other resources (bucket name, region, service-account annotations) are generic: tests pass
 * strings, the component passes Outputs.
 *
 * Sources: TrueFoundry's "Install on AWS" guide
 * (https://www.truefoundry.com/docs/platform/deploy-control-plane-install-aws) for the keys; the
 * chart's templates at infra-charts 8e7de51 (truefoundry-0.168.2) for what they do.
 */

/**
 * The Secret every component's env reads (`${k8s-secret/truefoundry-creds/DB_PASSWORD}` …). The
 * chart hard-codes this name in its default `env` maps and in its bootstrap job, so
 * `global.existingTruefoundryCredsSecret` must name exactly this Secret.
 */
export const TRUEFOUNDRY_CREDS_SECRET = "truefoundry-creds";
/** The credential keys of that Secret, each fetched from the store, plus the SSO keys when SSO is on. */
export const TRUEFOUNDRY_CREDS_KEYS = ["DB_USERNAME", "DB_PASSWORD", "TFY_API_KEY"] as const;
/** Its infrastructure keys: not secret, known once the database exists, written into the Secret by the ExternalSecret's template. */
export const TRUEFOUNDRY_CREDS_INFRA_KEYS = ["DB_HOST", "DB_NAME"] as const;
export const SSO_CREDS_KEYS = ["EXTERNAL_OAUTH_CLIENT_SECRET", "INTERNAL_JWT_JWKS"] as const;
/** The chart's service account; TrueFoundry's IAM trust is for `system:serviceaccount:truefoundry:truefoundry`. */
export const TRUEFOUNDRY_SERVICE_ACCOUNT = "truefoundry";
/** Image-pull Secret (type kubernetes.io/dockerconfigjson) synced from the store. */
export const IMAGE_PULL_SECRET = "truefoundry-image-pull";
/** The database server's CA bundle, synced from the store and mounted into every pod that talks to Postgres. */
export const DB_CA_SECRET = "truefoundry-db-ca";
export const DB_CA_KEY = "ca.pem";
export const DB_CA_MOUNT = "/etc/splitplane/db-ca";
export const DB_CA_PATH = `${DB_CA_MOUNT}/${DB_CA_KEY}`;
/** The release name: the chart derives its Service names from it (`truefoundry-tfy-proxy` …). */
export const CONTROL_PLANE_RELEASE = "truefoundry";

/**
 * What the ESO template (engine v2, `mergePolicy: Merge`) of `truefoundry-creds` adds to the
 * fetched credentials: the database's host and name, infrastructure outputs that are not secret
 * (the RDS-managed secret holds only the username and the password). With `Merge`, the keys of
 * `data` (DB_USERNAME, DB_PASSWORD, TFY_API_KEY …) pass through untouched beside these
 * (external-secrets/external-secrets#1362 added the policy for exactly this), so no credential is
 * ever named or written in the template; the literals may not carry template syntax.
 */
export function truefoundryCredsTemplateData<S extends Input<string>>(database: { host: S; name: string }): Record<(typeof TRUEFOUNDRY_CREDS_INFRA_KEYS)[number], S | string> {
    const literal = (key: string, v: string) => {
        if (v.includes("{{") || v.includes("}}")) throw new Error(`truefoundry-creds: ${key} must be a plain value, not template syntax (got ${JSON.stringify(v)})`);
        return v;
    };
    return {
        DB_HOST: typeof database.host === "string" ? (literal("DB_HOST", database.host) as S) : database.host,
        DB_NAME: literal("DB_NAME", database.name),
    };
}

/** `${k8s-secret/<secret>/<key>}`: the charts turn this into a `secretKeyRef` (with `optional: true`). */
export const k8sSecretRef = (secret: string, key: string): string => `\${k8s-secret/${secret}/${key}}`;

export interface ControlPlaneValuesArgs<S extends Input<string> = string> {
    tenantName: string;
    controlPlaneUrl: string;
    cloud: "aws" | "azure";
    resourceTier: "small" | "medium" | "large";
    storage: { kind: "s3"; bucketName: S; region: S };
    /** Annotations of the chart's `truefoundry` service account (from `plane.bindServiceAccount`). */
    serviceAccountAnnotations: Input<Record<string, string>>;
    /** On-demand capacity: the control plane never runs on spot. */
    placement: NodePlacement;
    /** The gateway installed beside the control plane, by its in-cluster Service host. @default the chart's own subchart name (unused: that subchart is off) */
    gatewayBackendHost?: string;
    sso?: { issuer: string; clientId: string };
    /** Bind the chart's Istio VirtualService to the platform's mesh Gateway (`<namespace>/<name>`) for the control plane's host. @default none */
    route?: { gateway: Input<string>; host: string };
}

/**
 * TLS to Postgres with the server's identity verified against the cloud's CA. TrueFoundry's guide
 * turns SSL off (`sslmode=disable`, `rds.force_ssl=0`); splitplane does not. Each component that
 * connects gets the same mode and CA file:
 * - servicefoundry-server (Node) reads `DB_SSL_MODE` / `DB_SSL_CA_PATH`;
 * - mlfoundry-server (psycopg2, i.e. libpq) reads libpq's `PGSSLMODE` / `PGSSLROOTCERT`;
 * - tfy-workflow-admin (off here) takes a connection-options string; the chart gives it no volume
 *   for the CA, so should anyone enable it, it still requires TLS (`sslmode=require`).
 */
export const DB_SSL_MODE = "verify-full";

const caVolume = { name: "db-ca", secret: { secretName: DB_CA_SECRET, items: [{ key: DB_CA_KEY, path: DB_CA_KEY }] } };
const caMount = { name: "db-ca", mountPath: DB_CA_MOUNT, readOnly: true };

export function controlPlaneValues<S extends Input<string>>(a: ControlPlaneValuesArgs<S>): Record<string, unknown> {
    const placement = { nodeSelector: { ...a.placement.nodeSelector }, tolerations: a.placement.tolerations.map((t) => ({ ...t })) };
    const ssoEnv = a.sso
        ? {
              // https://www.truefoundry.com/docs/deploy-control-plane-with-external-oauth
              OAUTH_PROVIDER_TYPE: "EXTERNAL",
              EXTERNAL_OAUTH_ISSUER: a.sso.issuer,
              EXTERNAL_OAUTH_CLIENT_ID: a.sso.clientId,
              EXTERNAL_OAUTH_CLIENT_SECRET: k8sSecretRef(TRUEFOUNDRY_CREDS_SECRET, "EXTERNAL_OAUTH_CLIENT_SECRET"),
              INCLUDE_TRUEFOUNDRY_MANAGED_JWKS: "false",
              INTERNAL_JWT_SERVICE_ENABLED: "true",
              INTERNAL_JWT_JWKS: k8sSecretRef(TRUEFOUNDRY_CREDS_SECRET, "INTERNAL_JWT_JWKS"),
          }
        : {};
    return {
        global: {
            tenantName: a.tenantName,
            controlPlaneURL: a.controlPlaneUrl,
            resourceTier: a.resourceTier,
            // Credentials only by reference: the chart then renders no Secret of its own.
            existingTruefoundryCredsSecret: TRUEFOUNDRY_CREDS_SECRET,
            // Never `truefoundryImagePullConfigJSON`: it renders a literal Secret from the value.
            imagePullSecrets: [{ name: IMAGE_PULL_SECRET }],
            config: {
                defaultCloudProvider: a.cloud,
                // No access keys: the pods reach the bucket as the `truefoundry` service account.
                storageConfiguration: { awsS3BucketName: a.storage.bucketName, awsRegion: a.storage.region },
            },
            serviceAccount: { create: true, name: TRUEFOUNDRY_SERVICE_ACCOUNT, annotations: a.serviceAccountAnnotations },
            // Replaces the chart's default tolerations, which admit spot nodes (GKE, AKS).
            ...placement,
            // Restart on a rotated database password (Reloader watches the annotated Secret).
            deploymentAnnotations: { "secret.reloader.stakater.com/reload": TRUEFOUNDRY_CREDS_SECRET },
            ...(a.route ? { virtualservice: { enabled: true, gateways: [a.route.gateway], hosts: [a.route.host] } } : {}),
            // The proxy's /api/llm route goes to the gateway splitplane installs beside it.
            ...(a.gatewayBackendHost ? { proxy: { llmGateway: { backendHost: a.gatewayBackendHost } } } : {}),
        },
        // splitplane installs the gateway itself (components/platform/llm-gateway).
        tags: { llmGateway: false },
        "tfy-llm-gateway": { enabled: false },
        devMode: { enabled: false },
        servicefoundryServer: {
            // DB_HOST, DB_NAME and the credentials keep the chart's `${k8s-secret/truefoundry-creds/…}` references.
            env: { DB_SSL_MODE, DB_SSL_CA_PATH: DB_CA_PATH, ...ssoEnv },
            extraVolumes: [caVolume],
            extraVolumeMounts: [caMount],
            ...scrapedThroughSidecar(SERVICEFOUNDRY_METRICS_PORT),
        },
        tfyK8sController: scrapedThroughSidecar(TFY_K8S_CONTROLLER_METRICS_PORT),
        mlfoundryServer: {
            env: { PGSSLMODE: DB_SSL_MODE, PGSSLROOTCERT: DB_CA_PATH },
            extraVolumes: [caVolume],
            extraVolumeMounts: [caMount],
        },
        tfyWorkflowAdmin: { enabled: false, database: { postgres: { options: "sslmode=require" } } },
    };
}

/**
 * The metrics ports the chart's own ServiceMonitors target (templates servicefoundry-server and
 * tfy-k8s-controller/servicemonitor.yaml of truefoundry 0.168: `targetPort` 3000 and 3002, `/metrics`).
 */
export const SERVICEFOUNDRY_METRICS_PORT = 3000;
export const TFY_K8S_CONTROLLER_METRICS_PORT = 3002;

/**
 * The control plane's pods are in the mesh (STRICT mTLS) and Prometheus is not, so the chart's
 * ServiceMonitors (on by default for these two) would scrape plaintext and be refused; port 3000
 * is also the API's own, which must not go PERMISSIVE for it. Instead the pods carry the
 * `prometheus.io/*` annotations: istiod's `enablePrometheusMerge` has their sidecar serve these
 * metrics with its own on 15020, which the dashboards' `istio-sidecars` PodMonitor scrapes.
 * https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging
 */
function scrapedThroughSidecar(port: number): Record<string, unknown> {
    return {
        serviceMonitor: { enabled: false },
        podAnnotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(port), "prometheus.io/path": "/metrics" },
    };
}

/**
 * Keys set here that the chart's values.yaml omits, with what reads them (checked in
 * test/platform/conformance.test.ts against the reference Chart.yaml).
 */
export const CONTROL_PLANE_TEMPLATE_KEYS: Readonly<Record<string, string>> = {
    "tfy-llm-gateway.enabled": "Chart.yaml: the condition of the tfy-llm-gateway dependency (it overrides tags.llmGateway)",
};
