import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { loosenedDefaults } from "../../config/loosening";
import { clusterStoreReason } from "../../config/platform";
import { parseStackConfig } from "../../config/parse";
import { byType, dependsOn, inputsOf } from "../../engine/testing";
import { runProgram } from "../../engine/run";
import { find, json } from "../aws/scenario";
import { FAKE_READER_ROLE, FAKE_VAULT, fakePlane, runOnFakePlane } from "./fake-plane";
import { MASTER_SECRET, PlatformRun, runOnAws, runOnFake } from "./foundation-scenario";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    store: "kubernetes:external-secrets.io/v1:SecretStore",
    externalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    sa: "kubernetes:core/v1:ServiceAccount",
    secret: "kubernetes:core/v1:Secret",
};

const runs: Record<"aws" | "fake", PlatformRun> = {} as never;
beforeAll(async () => {
    runs.aws = await runOnAws("aws-sync");
    runs.fake = await runOnFake("fake-sync");
}, 60_000);

describe.each(["aws", "fake"] as const)("secret sync on the %s plane (the same code)", (which) => {
    const run = () => runs[which].run;

    it("installs ESO 2.9.0 from its repository, controllers on the plane's on-demand placement", () => {
        const eso = inputsOf(find(run(), T.release, "secret-sync-operator"));
        expect(eso).toMatchObject({ chart: "external-secrets", version: "2.9.0", namespace: "external-secrets", repositoryOpts: { repo: "https://charts.external-secrets.io" } });
        const onDemand = which === "aws" ? { "karpenter.sh/nodepool": "on-demand" } : { "fake.example/pool": "on-demand" };
        for (const part of [eso.values, eso.values.webhook, eso.values.certController]) {
            expect(part.nodeSelector).toEqual(onDemand);
            expect(part.tolerations.length).toBe(1);
        }
    });

    it("least privilege in the operator: no blanket token minting, no cluster-wide stores, no push back to the cloud", () => {
        const v = inputsOf(find(run(), T.release, "secret-sync-operator")).values;
        expect(v.rbac.serviceAccountTokenCreate).toBe(false);
        expect(v).toMatchObject({ processClusterStore: false, processClusterExternalSecret: false, processPushSecret: false, processClusterPushSecret: false, processSecretStore: true });
    });

    it("one namespaced SecretStore per consumer, authenticated as that namespace's reader account", () => {
        const stores = byType(run(), T.store).map(inputsOf);
        expect(stores.map((s) => s.metadata)).toEqual([{ name: "splitplane-secrets", namespace: "truefoundry", labels: { "app.kubernetes.io/managed-by": "splitplane" } }]);
        expect(byType(run(), "kubernetes:external-secrets.io/v1:ClusterSecretStore")).toEqual([]);
        const provider = stores[0].spec.provider;
        if (which === "aws") expect(provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: "secret-reader", namespace: "truefoundry" });
        else expect(provider.azurekv.serviceAccountRef).toEqual({ name: "secret-reader" });
        const sa = inputsOf(find(run(), T.sa, "tfy-store-reader-sa"));
        expect(sa.metadata).toMatchObject({ name: "secret-reader", namespace: "truefoundry" });
        expect(sa.automountServiceAccountToken).toBe(false);
    });

    it("ESO may request tokens for that one reader account only", () => {
        const role = inputsOf(find(run(), T.role, "tfy-store-token-role"));
        expect(role.metadata.namespace).toBe("truefoundry");
        expect(role.rules).toEqual([{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: ["secret-reader"] }]);
        const binding = inputsOf(find(run(), T.roleBinding, "tfy-store-token-binding"));
        expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "external-secrets", namespace: "external-secrets" }]);
        expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name });
        // The chart's service account is the one bound: its name is fixed in the values.
        expect(inputsOf(find(run(), T.release, "secret-sync-operator")).values.serviceAccount).toEqual({ create: true, name: "external-secrets" });
    });

    it("CRDs before their users: the store and the ExternalSecret wait for the ESO release; the store waits for its reader and token binding", () => {
        const eso = find(run(), T.release, "secret-sync-operator");
        const store = find(run(), T.store, "tfy-store-store");
        const es = find(run(), T.externalSecret, "tfy-store-creds");
        expect(dependsOn(run(), store, eso)).toBe(true);
        expect(dependsOn(run(), es, eso)).toBe(true);
        expect(dependsOn(run(), es, store)).toBe(true);
        expect(dependsOn(run(), store, find(run(), T.sa, "tfy-store-reader-sa"))).toBe(true);
        expect(dependsOn(run(), store, find(run(), T.roleBinding, "tfy-store-token-binding"))).toBe(true);
        expect(dependsOn(run(), eso, find(run(), "kubernetes:core/v1:Namespace", "secret-sync-namespace"))).toBe(true);
    });

    it("the ExternalSecret reads only granted secrets, by the plane's remote keys, into a Secret ESO owns", () => {
        const es = inputsOf(find(run(), T.externalSecret, "tfy-store-creds"));
        expect(es.spec.secretStoreRef).toEqual({ kind: "SecretStore", name: "splitplane-secrets" });
        expect(es.spec.target).toMatchObject({ name: "truefoundry-creds", creationPolicy: "Owner" });
        const apiKey = which === "aws" ? "splitplane/aws-sync/truefoundry/api-key" : "fake-truefoundry-api-key";
        expect(es.spec.data).toEqual([
            { secretKey: "TFY_API_KEY", remoteRef: { key: apiKey } },
            { secretKey: "DB_PASSWORD", remoteRef: { key: MASTER_SECRET, property: "password" } },
        ]);
        expect(es.spec.refreshInterval).toBe("1h");
    });

    it("no Kubernetes Secret at all: every secret value is written by ESO in the cluster, never in Pulumi's inputs or state", () => {
        expect(byType(run(), T.secret)).toEqual([]);
    });

    it("the operator's namespace is outside the mesh (its webhook is called by the API server)", () => {
        expect(inputsOf(find(run(), "kubernetes:core/v1:Namespace", "secret-sync-namespace")).metadata.labels["istio-injection"]).toBe("disabled");
    });
});

describe("each store's identity can read exactly its secrets", () => {
    it("AWS: an IRSA role for truefoundry/secret-reader whose policy names the granted ARNs and nothing else", () => {
        const { run } = runs.aws;
        const doc = json(inputsOf(find(run, "aws:iam/rolePolicy:RolePolicy", "tfy-store-reader-secret-read")).policy);
        expect(doc.Statement[0].Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/aws-sync/truefoundry/api-key-??????", MASTER_SECRET]);
        const trust = json(inputsOf(find(run, "aws:iam/role:Role", "tfy-store-reader-role")).assumeRolePolicy).Statement[0];
        expect(Object.values(trust.Condition.StringEquals)).toEqual(["system:serviceaccount:truefoundry:secret-reader", "sts.amazonaws.com"]);
        expect(inputsOf(find(run, T.sa, "tfy-store-reader-sa")).metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam::123456789012:role\//);
    });

    it("fake (Azure-shaped): one role assignment per granted secret, each scoped to that secret, none to the vault", async () => {
        const { plane } = await runOnFakePlane(async (fp) => {
            const { installPlatform } = await import("../../stacks/platform");
            const platform = installPlatform(fp, parseStackConfig({ "splitplane:cloud": "aws", "splitplane:environment": "dev" }, "f.yaml"), "f.yaml");
            platform.secretSync.storeFor("s", { namespace: "team-a", secrets: [{ name: "team-a/key" }, { name: "team-a/other" }] });
        });
        const binding = plane.bindings.find((b) => b.namespace === "team-a");
        expect(binding?.serviceAccountName).toBe("secret-reader");
        expect(binding?.permissions).toEqual({
            kind: "azure-rbac",
            roleAssignments: [
                { roleDefinitionId: FAKE_READER_ROLE, scope: `${FAKE_VAULT}/secrets/fake-team-a-key` },
                { roleDefinitionId: FAKE_READER_ROLE, scope: `${FAKE_VAULT}/secrets/fake-team-a-other` },
            ],
        });
    });
});

describe("bad input stops the program before anything is registered", () => {
    const configRun = async (extra: Record<string, string>) => {
        let err: unknown;
        const run = await runProgram({
            stack: "bad",
            program: async () => {
                try {
                    const plane = fakePlane();
                    const { installPlatform } = await import("../../stacks/platform");
                    installPlatform(plane, parseStackConfig({ "splitplane:cloud": "aws", "splitplane:environment": "dev", ...extra }, "stacks/Pulumi.bad.yaml"), "stacks/Pulumi.bad.yaml");
                } catch (e) {
                    err = e;
                }
            },
        });
        const platform = run.resources.filter((r) => !r.type.startsWith("pulumi:") && !r.name.startsWith("fake-"));
        return { err, platform };
    };

    it("a consumer secret outside the plane's prefix names the file, the key, the prefix and the value", async () => {
        const { err, platform } = await configRun({ "splitplane:secretSync": JSON.stringify({ consumers: [{ namespace: "team-a", secrets: ["fake-ok", "other-env/key"] }] }) });
        expect(ConfigError.is(err)).toBe(true);
        expect((err as ConfigError).problems).toEqual(['stacks/Pulumi.bad.yaml: splitplane:secretSync.consumers[0].secrets[1] must be a secret under this environment\'s prefix fake- (got "other-env/key")']);
        expect(platform).toEqual([]);
    });

    it("a consumer namespace that is not a DNS label is a schema error naming the key", () => {
        expect(() => parseStackConfig({ "splitplane:cloud": "aws", "splitplane:environment": "dev", "splitplane:secretSync": JSON.stringify({ consumers: [{ namespace: "Team_A", secrets: ["x"] }] }) }, "stacks/Pulumi.bad.yaml")).toThrow(
            /stacks\/Pulumi\.bad\.yaml: splitplane:secretSync\.consumers\[0\]\.namespace must be a DNS label.*\(got "Team_A"\)/,
        );
    });

    it("an ExternalSecret that names a secret its store was not granted throws, naming the secret and the grants", async () => {
        let err: unknown;
        await runProgram({
            stack: "bad-es",
            program: async () => {
                const plane = fakePlane();
                const { installPlatform } = await import("../../stacks/platform");
                const store = installPlatform(plane, parseStackConfig({ "splitplane:cloud": "aws", "splitplane:environment": "dev" }, "f.yaml"), "f.yaml").secretSync.storeFor("s", {
                    namespace: "team-a",
                    secrets: [{ name: "team-a/key" }],
                });
                try {
                    store.externalSecret("x", { name: "x", targetName: "x", data: [{ secretKey: "K", from: { name: "team-b/key" } }] });
                } catch (e) {
                    err = e;
                }
            },
        });
        expect(String(err)).toContain('secret "team-b/key" is not among the secrets the team-a store may read (secret "team-a/key")');
    });
});

describe("consumers from config and the ClusterSecretStore loosening", () => {
    it("a configured consumer gets its namespace, a reader granted exactly its secrets (relative to the prefix) and its own store", async () => {
        const r = await runOnFake("fake-consumers", { "splitplane:secretSync": JSON.stringify({ consumers: [{ namespace: "team-a", secrets: ["fake-team-a/openai"] }] }) });
        const store = inputsOf(find(r.run, T.store, "consumer-team-a-store"));
        expect(store.metadata.namespace).toBe("team-a");
        expect(dependsOn(r.run, find(r.run, T.sa, "consumer-team-a-reader-sa"), find(r.run, "kubernetes:core/v1:Namespace", "consumer-team-a-namespace"))).toBe(true);
    });

    it("ClusterSecretStores only with a written reason, shown among the loosened defaults; off otherwise", () => {
        const base = { "splitplane:cloud": "aws", "splitplane:environment": "dev", "aws:region": "eu-west-1" };
        expect(loosenedDefaults(parseStackConfig(base, "f.yaml")).filter((l) => l.includes("secretSync"))).toEqual([]);
        const reason = "the agent's webhook store for TrueFoundry-managed secrets";
        const cfg = parseStackConfig({ ...base, "splitplane:secretSync": JSON.stringify({ clusterStores: { reason } }) }, "f.yaml");
        expect(loosenedDefaults(cfg)).toContain(`splitplane:secretSync.clusterStores: ESO reconciles ClusterSecretStores (${reason})`);
        // The agent's tfy-secret-store is a ClusterSecretStore with its reason written down: on when the stack asks for it (off by default).
        const cp = { "splitplane:controlPlane": JSON.stringify({ url: "https://tfy.example.com", tenantName: "acme" }) };
        expect(clusterStoreReason(parseStackConfig({ ...base, ...cp, "splitplane:agent": JSON.stringify({ truefoundrySecretStore: true }) }, "f.yaml"))).toMatch(/tfy-secret-store/);
        expect(clusterStoreReason(parseStackConfig({ ...base, ...cp }, "f.yaml"))).toBeUndefined();
        expect(() => parseStackConfig({ ...base, "splitplane:secretSync": JSON.stringify({ clusterStores: { reason: "because" } }) }, "f.yaml")).toThrow(/splitplane:secretSync\.clusterStores\.reason must be at least 20 characters long \(got "because"\)/);
    });
});
