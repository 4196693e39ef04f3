import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../components/platform/agent";
import { ControlPlane, truefoundryCredsTemplateData } from "../../components/platform/control-plane";
import { LlmGateway } from "../../components/platform/llm-gateway";
import { SecretSync } from "../../components/platform/secret-sync";
import { ConfigError } from "../../config/errors";
import { ProgramRun, RecordedResource } from "../../engine/resource";
import { byType, dependsOn, inputsOf, one } from "../../engine/testing";
import { FakePlane, runOnFakePlane } from "./fake-plane";

/**
 * The three charts on a plane no cloud made (Azure-shaped secret store, LoadBalancer gateway):
 * self-hosted control plane with the gateway beside it, and the agent. One run; assertions on
 * what the engine records (Helm releases are not rendered offline: chart properties are proved
 * on their values).
 */

const ES = "kubernetes:external-secrets.io/v1:ExternalSecret";
const RELEASE = "kubernetes:helm.sh/v3:Release";

function install(plane: FakePlane, opts: { sso?: boolean } = {}) {
    const sync = new SecretSync("secret-sync", { plane });
    const storeFor = sync.storeFor.bind(sync);
    const ns = new k8s.core.v1.Namespace("control-plane-namespace", { metadata: { name: "truefoundry" } }, { provider: plane.provider });
    const cp = new ControlPlane("control-plane", {
        plane,
        chartVersion: "0.168.2",
        tenantName: "acme",
        url: "https://tfy.example.com",
        namespace: ns,
        namespaceName: "truefoundry",
        resourceTier: "medium",
        database: { host: "db.fake.example", name: "truefoundry", credentials: { id: "fake-db-master" } },
        storage: { kind: "s3", bucketName: "bucket", region: "fakeregion", permissions: { kind: "azure-rbac", roleAssignments: [] } },
        storeFor,
        gatewayBackendHost: "tfy-llm-gateway.truefoundry.svc.cluster.local",
        sso: opts.sso ? { issuer: "https://idp.example.com", clientId: "tfy" } : undefined,
        dependsOn: sync.crdsReady,
    });
    new LlmGateway("llm-gateway", {
        plane,
        chartVersion: "0.168.0",
        controlPlaneUrl: "https://tfy.example.com",
        tenantName: "acme",
        gatewayId: "acme-fake",
        namespace: "truefoundry",
        besideControlPlane: { namespace: ns, internalUrl: cp.internalUrl },
        replicas: { min: 2, max: 10 },
        resourceTier: "medium",
        route: { gateway: "istio-ingress/platform-gateway", host: "llm.example.com" },
        storeFor,
        dependsOn: [cp.release],
    });
    new Agent("agent", { plane, chartVersion: "0.2.100", controlPlaneUrl: "https://tfy.example.com", tenantName: "acme", namespace: "tfy-agent", allowedNamespaces: [], reloader: true, storeFor, dependsOn: sync.crdsReady });
}

const release = (run: ProgramRun, name: string) => one(run, RELEASE, name);
const values = (r: RecordedResource) => inputsOf(r).values as Record<string, any>;
const targetsIn = (run: ProgramRun, namespace: string) => byType(run, ES).filter((r) => inputsOf(r).metadata.namespace === namespace).map((r) => inputsOf(r).spec.target.name as string);

/** Every `${k8s-secret/<name>/<key>}` reference anywhere in a values tree. */
function secretRefs(v: unknown, out = new Set<string>()): Set<string> {
    if (typeof v === "string") for (const m of v.matchAll(/\$\{k8s-secret\/([^/}]+)\/[^}]+\}/g)) out.add(m[1]);
    else if (Array.isArray(v)) v.forEach((x) => secretRefs(x, out));
    else if (v && typeof v === "object") Object.values(v).forEach((x) => secretRefs(x, out));
    return out;
}

describe("split plane on the fake plane (self-hosted control plane, gateway beside it, agent)", () => {
    let run: ProgramRun;
    let plane: FakePlane;

    beforeAll(async () => {
        ({ run, plane } = await runOnFakePlane((p) => void install(p)));
    }, 60_000);

    it("no Kubernetes Secret is registered at all: every one is written by ESO in the cluster", () => {
        expect(byType(run, "kubernetes:core/v1:Secret")).toEqual([]);
    });

    it("every Secret the control plane's values name is the target of an ExternalSecret in its namespace", () => {
        const v = values(release(run, "control-plane-chart"));
        const named = new Set([...secretRefs(v), v.global.existingTruefoundryCredsSecret, ...v.global.imagePullSecrets.map((s: { name: string }) => s.name), ...v.servicefoundryServer.extraVolumes.map((x: any) => x.secret.secretName)]);
        expect([...named].sort()).toEqual(["truefoundry-creds", "truefoundry-db-ca", "truefoundry-image-pull"]);
        for (const s of named) expect(targetsIn(run, "truefoundry")).toContain(s);
        expect(v.global.truefoundryImagePullConfigJSON).toBeUndefined();
        expect(v.global.database).toBeUndefined();
        expect(v.global.tfyApiKey).toBeUndefined();
    });

    it("truefoundry-creds: the database credentials from the cloud-managed secret, the API key from the store", () => {
        const creds = byType(run, ES).find((r) => inputsOf(r).spec.target.name === "truefoundry-creds" && inputsOf(r).metadata.namespace === "truefoundry");
        const data = inputsOf(creds as RecordedResource).spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property ?? null]);
        expect(data).toEqual([
            ["DB_USERNAME", "fake-db-master", "username"],
            ["DB_PASSWORD", "fake-db-master", "password"],
            ["TFY_API_KEY", "fake-truefoundry-api-key", null],
        ]);
    });

    it("truefoundry-creds' template (ESO v2, Merge) adds DB_HOST and DB_NAME as literals beside the fetched credentials, and names no credential", () => {
        const creds = byType(run, ES).find((r) => inputsOf(r).spec.target.name === "truefoundry-creds" && inputsOf(r).metadata.namespace === "truefoundry") as RecordedResource;
        const spec = inputsOf(creds).spec;
        expect(spec.target.template).toEqual({ engineVersion: "v2", mergePolicy: "Merge", data: { DB_HOST: "db.fake.example", DB_NAME: "truefoundry" } });
        // The Secret then holds the template's keys and every fetched key: all five the chart references.
        const keys = [...Object.keys(spec.target.template.data), ...spec.data.map((d: any) => d.secretKey)].sort();
        expect(keys).toEqual(["DB_HOST", "DB_NAME", "DB_PASSWORD", "DB_USERNAME", "TFY_API_KEY"]);
        // The chart's env keeps its references to the Secret: no DB_HOST or DB_NAME override in values.
        const v = values(release(run, "control-plane-chart"));
        for (const part of [v.servicefoundryServer.env, v.mlfoundryServer.env]) {
            expect(part.DB_HOST).toBeUndefined();
            expect(part.DB_NAME).toBeUndefined();
        }
    });

    it("the control plane's metrics reach Prometheus through the sidecar's merged port, not the chart's ServiceMonitors (STRICT mTLS refuses plaintext scrapes)", () => {
        const v = values(release(run, "control-plane-chart"));
        for (const [part, port] of [[v.servicefoundryServer, "3000"], [v.tfyK8sController, "3002"]] as const) {
            expect(part.serviceMonitor).toEqual({ enabled: false });
            expect(part.podAnnotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": port, "prometheus.io/path": "/metrics" });
        }
    });

    it("the template refuses template syntax in its literals", () => {
        expect(() => truefoundryCredsTemplateData({ host: "{{ .DB_PASSWORD }}", name: "truefoundry" })).toThrow(/DB_HOST must be a plain value/);
    });

    it("the control plane's store may read exactly its secrets", () => {
        const binding = plane.bindings.find((b) => b.namespace === "truefoundry" && b.serviceAccountName !== "truefoundry");
        const scopes = binding?.permissions.kind === "azure-rbac" ? binding.permissions.roleAssignments.map((r) => r.scope) : [];
        expect(scopes).toEqual(["fake-db-master", ...["truefoundry-api-key", "truefoundry-image-pull", "database-server-ca"].map((n) => `/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/fake-kv/secrets/fake-${n}`)]);
    });

    it("TLS to Postgres is required and the server verified against the CA bundle from the store", () => {
        const v = values(release(run, "control-plane-chart"));
        expect(v.servicefoundryServer.env).toMatchObject({ DB_SSL_MODE: "verify-full", DB_SSL_CA_PATH: "/etc/splitplane/db-ca/ca.pem" });
        expect(v.mlfoundryServer.env).toMatchObject({ PGSSLMODE: "verify-full", PGSSLROOTCERT: "/etc/splitplane/db-ca/ca.pem" });
        expect(v.tfyWorkflowAdmin.database.postgres.options).not.toContain("disable");
        expect(v.servicefoundryServer.extraVolumeMounts).toEqual([{ name: "db-ca", mountPath: "/etc/splitplane/db-ca", readOnly: true }]);
    });

    it("the control plane, the gateway and the agent run on the plane's on-demand placement, never spot", () => {
        const od = plane.nodePools.onDemand;
        const cp = values(release(run, "control-plane-chart"));
        expect({ nodeSelector: cp.global.nodeSelector, tolerations: cp.global.tolerations }).toEqual({ nodeSelector: od.nodeSelector, tolerations: od.tolerations });
        expect(JSON.stringify(cp.global.tolerations)).not.toMatch(/spot/);
        expect(values(release(run, "llm-gateway-chart")).global.nodeSelector).toEqual(od.nodeSelector);
        const agent = values(release(run, "agent-chart"));
        for (const c of ["tfyAgent", "tfyAgentProxy", "sdsServer"]) expect(agent[c].nodeSelector).toEqual(od.nodeSelector);
    });

    it("the agent exposes nothing: ClusterIP Services, no Ingress, no LoadBalancer", () => {
        const agent = values(release(run, "agent-chart"));
        expect([agent.tfyAgent.service.type, agent.sdsServer.service.type]).toEqual(["ClusterIP", "ClusterIP"]);
        expect(JSON.stringify(agent)).not.toMatch(/LoadBalancer|NodePort|ingress/i);
        expect(byType(run, "kubernetes:networking.k8s.io/v1:Ingress")).toEqual([]);
        expect(byType(run, "kubernetes:core/v1:Service").filter((r) => inputsOf(r).spec?.type === "LoadBalancer")).toEqual([]);
    });

    it("the agent reads its cluster token by reference, in strict mode, with the chart's own ESO off", () => {
        const agent = values(release(run, "agent-chart"));
        expect(agent.config.clusterToken).toBeUndefined();
        expect(agent.config.clusterTokenSecret).toBe("tfy-agent-cluster-token");
        expect(targetsIn(run, "tfy-agent")).toEqual(["tfy-agent-cluster-token"]);
        expect(agent.tfyAgentProxy.clusterRole.strictMode).toBe(true);
        expect(agent["external-secrets-operator"].enabled).toBe(false);
        const token = byType(run, ES).find((r) => inputsOf(r).metadata.namespace === "tfy-agent") as RecordedResource;
        expect(inputsOf(token).spec.target.template.metadata.labels).toEqual({ "external-secrets.io/type": "webhook" });
    });

    it("the gateway: API key and Redis password by reference, sandbox off, VirtualService on the platform Gateway", () => {
        const gw = values(release(run, "llm-gateway-chart"));
        expect(gw.env.TFY_API_KEY).toBe("${k8s-secret/truefoundry-creds/TFY_API_KEY}");
        expect(gw.redis.auth).toEqual({ enabled: true, existingSecret: "tfy-llm-gateway-redis", existingSecretPasswordKey: "REDIS_PASSWORD" });
        expect(targetsIn(run, "truefoundry")).toContain("tfy-llm-gateway-redis");
        expect(gw.sandbox.devMode.enabled).toBe(false);
        expect(gw.serviceMonitor.enabled).toBe(false);
        expect(gw.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 10 });
        expect(gw.istio.virtualservice).toEqual({ enabled: true, gateways: ["istio-ingress/platform-gateway"], hosts: ["llm.example.com"] });
        expect(gw.env.CONTROL_PLANE_URL).toBe("http://truefoundry-tfy-proxy.truefoundry.svc.cluster.local:8080");
    });

    it("each release waits for the ExternalSecrets it reads (and so is deleted before them)", () => {
        const cp = release(run, "control-plane-chart");
        for (const es of byType(run, ES).filter((r) => inputsOf(r).metadata.namespace === "truefoundry" && inputsOf(r).spec.target.name !== "tfy-llm-gateway-redis")) expect(dependsOn(run, cp, es)).toBe(true);
        const agentEs = byType(run, ES).find((r) => inputsOf(r).metadata.namespace === "tfy-agent") as RecordedResource;
        expect(dependsOn(run, release(run, "agent-chart"), agentEs)).toBe(true);
        expect(dependsOn(run, release(run, "llm-gateway-chart"), cp)).toBe(true);
    });

    it("the first up does not wait for pods that wait for bootstrap secrets", () => {
        for (const name of ["control-plane-chart", "llm-gateway-chart", "agent-chart"]) expect(inputsOf(release(run, name)).skipAwait).toBe(true);
    });
});

describe("a gateway plane of its own (hosted control plane): the gateway syncs its own API key and pull secret", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        ({ run } = await runOnFakePlane((plane) => {
            const sync = new SecretSync("secret-sync", { plane });
            new LlmGateway("llm-gateway", {
                plane,
                chartVersion: "0.168.0",
                controlPlaneUrl: "https://acme.truefoundry.cloud",
                tenantName: "acme",
                gatewayId: "acme-fake",
                namespace: "tfy-llm-gateway",
                replicas: { min: 1, max: 3 },
                resourceTier: "small",
                storeFor: sync.storeFor.bind(sync),
                externalOauth: true,
            });
        }));
    }, 60_000);

    it("truefoundry-creds (TFY_API_KEY only), the pull secret and Redis's password, all in its namespace", () => {
        expect(targetsIn(run, "tfy-llm-gateway").sort()).toEqual(["tfy-llm-gateway-redis", "truefoundry-creds", "truefoundry-image-pull"]);
        const creds = byType(run, ES).find((r) => inputsOf(r).spec.target.name === "truefoundry-creds") as RecordedResource;
        expect(inputsOf(creds).spec.data.map((d: any) => d.secretKey)).toEqual(["TFY_API_KEY"]);
        const pull = byType(run, ES).find((r) => inputsOf(r).spec.target.name === "truefoundry-image-pull") as RecordedResource;
        expect(inputsOf(pull).spec.target.template.type).toBe("kubernetes.io/dockerconfigjson");
    });
    it("calls the control plane at its public URL, no route without a host, no Secret registered", () => {
        const gw = values(release(run, "llm-gateway-chart"));
        expect(gw.global.controlPlaneURL).toBe("https://acme.truefoundry.cloud");
        expect(gw.env.CONTROL_PLANE_URL).toBeUndefined();
        expect(gw.env.ENABLE_EXTERNAL_OAUTH).toBe("true");
        expect(gw.istio.virtualservice).toEqual({ enabled: false });
        expect(byType(run, "kubernetes:core/v1:Secret")).toEqual([]);
    });
});

describe("SSO: the client secret and the signing JWKS come from the store, by reference", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        ({ run } = await runOnFakePlane((p) => void install(p, { sso: true })));
    }, 60_000);
    it("values name the issuer and client id, and reference the two secrets in truefoundry-creds", () => {
        const env = values(release(run, "control-plane-chart")).servicefoundryServer.env;
        expect(env).toMatchObject({
            OAUTH_PROVIDER_TYPE: "EXTERNAL",
            EXTERNAL_OAUTH_ISSUER: "https://idp.example.com",
            EXTERNAL_OAUTH_CLIENT_ID: "tfy",
            EXTERNAL_OAUTH_CLIENT_SECRET: "${k8s-secret/truefoundry-creds/EXTERNAL_OAUTH_CLIENT_SECRET}",
            INTERNAL_JWT_JWKS: "${k8s-secret/truefoundry-creds/INTERNAL_JWT_JWKS}",
        });
        const creds = byType(run, ES).find((r) => inputsOf(r).spec.target.name === "truefoundry-creds") as RecordedResource;
        expect(inputsOf(creds).spec.data.map((d: any) => d.secretKey)).toEqual(["DB_USERNAME", "DB_PASSWORD", "TFY_API_KEY", "EXTERNAL_OAUTH_CLIENT_SECRET", "INTERNAL_JWT_JWKS"]);
        // Merged beside the template's two infrastructure keys, never named in it.
        expect(Object.keys(inputsOf(creds).spec.target.template.data)).toEqual(["DB_HOST", "DB_NAME"]);
    });
});

describe("bad component args fail before anything is registered", () => {
    it("names the component, the arg and the value", async () => {
        let err: unknown;
        const { run } = await runOnFakePlane((plane) => {
            try {
                new Agent("agent", { plane, chartVersion: "0.3.0", controlPlaneUrl: "http://tfy", tenantName: "acme", namespace: "tfy-agent", storeFor: () => ({ namespace: "x", ready: [], externalSecret: () => undefined as never }) });
            } catch (e) {
                err = e;
            }
        });
        expect(ConfigError.is(err) ? err.problems : err).toEqual([
            `splitplane:platform:Agent "agent": chartVersion must be a tfy-agent 0.2.x chart version such as 0.2.100 (got "0.3.0")`,
            `splitplane:platform:Agent "agent": controlPlaneUrl must start with "https://" (got "http://tfy")`,
        ]);
        expect(byType(run, RELEASE)).toEqual([]);
    });
});
