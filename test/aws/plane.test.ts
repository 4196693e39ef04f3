import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { byType, inputsOf } from "../../engine/testing";
import { runProgram } from "../../engine/run";
import { crdValidator, errorsOf } from "./crd";
import { reference } from "./reference";
import { find, ins, json, outs, runAwsStack, Scenario, T } from "./scenario";

const MASTER_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123-AbCdEf";

const BASE = {
    "aws:region": "eu-west-1",
    "splitplane:cloud": "aws",
    "splitplane:environment": "dev",
    "splitplane:cluster": JSON.stringify({ admins: ["arn:aws:iam::111122223333:role/platform-admin"] }),
};

describe("the ComputePlane contract, as a platform component uses it", () => {
    let s: Scenario;
    beforeAll(async () => {
        s = await runAwsStack("aws-plane", { ...BASE, "splitplane:phase": "2" }, (plane) => {
            const sync = plane.bindServiceAccount("secret-sync", { namespace: "platform", serviceAccountName: "secret-sync", permissions: plane.secretStore.readPermissions });
            const reader = plane.bindServiceAccount("tfy-reader", {
                namespace: "truefoundry",
                serviceAccountName: "secret-reader",
                permissions: plane.secretStore.readPermissionsFor([{ name: "truefoundry/api-key" }, { id: MASTER_SECRET }]),
            });
            return {
                readerIdentity: reader.identity,
                remoteKeys: [plane.secretStore.remoteKey({ name: "truefoundry/api-key" }), plane.secretStore.remoteKey({ id: MASTER_SECRET })],
                gpuDevicePlugin: plane.gpuDevicePlugin,
                cloud: plane.cloud,
                region: plane.region,
                clusterName: plane.clusterName,
                issuer: plane.oidcIssuerUrl,
                identity: sync.identity,
                annotations: sync.annotations,
                esoProvider: plane.secretStore.externalSecretsProvider({ name: "secret-sync", namespace: "platform" }),
                nodePools: plane.nodePools,
                ingress: {
                    className: plane.ingress.className,
                    internetFacing: plane.ingress.internetFacing,
                    gatewayService: plane.ingress.gatewayService,
                    internal: plane.ingress.internalServiceAnnotations,
                    serviceType: plane.ingress.gatewayServiceType,
                    hasServiceIp: plane.ingress.gatewayServiceIp !== undefined,
                },
                ready: plane.ready.length,
            };
        });
    }, 30_000);

    it("describes the cluster: cloud, region, name, issuer", () => {
        expect(s.probe).toMatchObject({ cloud: "aws", region: "eu-west-1", clusterName: "splitplane-aws-plane" });
        expect(s.probe.issuer).toMatch(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    });

    it("bindServiceAccount: an IRSA role for exactly platform/secret-sync and a ServiceAccount annotated with its ARN", () => {
        const role = ins(s.run, T.role, "secret-sync-role");
        const trust = json(role.assumeRolePolicy).Statement[0];
        expect(Object.values(trust.Condition.StringEquals)).toEqual(["system:serviceaccount:platform:secret-sync", "sts.amazonaws.com"]);
        const sa = ins(s.run, "kubernetes:core/v1:ServiceAccount", "secret-sync-sa");
        expect(sa.metadata).toMatchObject({ name: "secret-sync", namespace: "platform", annotations: { "eks.amazonaws.com/role-arn": s.probe.identity } });
        expect(s.probe.annotations).toEqual({ "eks.amazonaws.com/role-arn": s.probe.identity });
    });

    it("secret store read permissions: this environment's prefix only; the RDS master secret is left to the one consumer that needs it", () => {
        const doc = json(ins(s.run, T.rolePolicy, "secret-sync-secret-read").policy);
        const masterSecretArn = (find(s.run, T.rds, "postgres-postgres").rawOutputs as any).masterUserSecrets[0].secretArn;
        expect(masterSecretArn).toMatch(/:secret:rds!db-/);
        expect(doc.Statement[0].Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/aws-plane/*"]);
        expect(JSON.stringify(doc)).not.toContain("rds!");
        // The seam for that consumer: the master secret's ARN is still published.
        expect(s.run.outputs.databaseMasterSecretArn).toBe(masterSecretArn);
    });

    it("readPermissionsFor: one consumer's identity reads exactly its secrets (one name under the prefix, one id), nothing else", () => {
        const doc = json(ins(s.run, T.rolePolicy, "tfy-reader-secret-read").policy);
        expect(doc.Statement[0].Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/aws-plane/truefoundry/api-key-??????", MASTER_SECRET]);
        expect(doc.Statement[1].Resource).toBe(outs(s.run, "aws:kms/key:Key", "secrets-kms-key").arn);
        const trust = json(ins(s.run, T.role, "tfy-reader-role").assumeRolePolicy).Statement[0];
        expect(Object.values(trust.Condition.StringEquals)).toEqual(["system:serviceaccount:truefoundry:secret-reader", "sts.amazonaws.com"]);
        expect(s.probe.remoteKeys).toEqual(["splitplane/aws-plane/truefoundry/api-key", MASTER_SECRET]);
    });

    it("readPermissionsFor refuses a wildcard before anything is registered for it", async () => {
        let err: unknown;
        await runAwsStack("aws-plane-bad", { ...BASE, "splitplane:phase": "1" }, (plane) => {
            try {
                plane.secretStore.readPermissionsFor([{ name: "truefoundry/*" }]);
            } catch (e) {
                err = e;
            }
            return {};
        });
        expect(String(err)).toContain('secret grant "truefoundry/*" must be a Secrets Manager name');
    });

    const eso = reference("crds/external-secrets/external-secrets.io_clustersecretstores.yaml");
    it.skipIf(!eso.exists)("the External Secrets provider block is a valid ClusterSecretStore (v1) provider", () => {
        const validate = crdValidator(eso.path);
        const store = { apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name: "aws" }, spec: { provider: s.probe.esoProvider } };
        expect(validate(store), errorsOf(validate).join("\n")).toBe(true);
        expect(s.probe.esoProvider).toEqual({ aws: { service: "SecretsManager", region: "eu-west-1", auth: { jwt: { serviceAccountRef: { name: "secret-sync", namespace: "platform" } } } } });
    });

    it("placements: system tolerates CriticalAddonsOnly, on-demand its own taint, GPU nvidia.com/gpu; ingress is internal alb with a ClusterIP gateway", () => {
        expect(s.probe.nodePools).toEqual({
            system: { nodeSelector: { "splitplane.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }] },
            general: { nodeSelector: { "karpenter.sh/nodepool": "general" }, tolerations: [] },
            onDemand: { nodeSelector: { "karpenter.sh/nodepool": "on-demand" }, tolerations: [{ key: "splitplane.io/on-demand", operator: "Exists", effect: "NoSchedule" }] },
            gpu: { nodeSelector: { "karpenter.sh/nodepool": "gpu" }, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] },
        });
        expect(s.probe.ingress).toMatchObject({ className: "alb", internetFacing: false, gatewayService: { namespace: "istio-ingress", name: "istio-ingressgateway", port: 80 }, serviceType: "ClusterIP", hasServiceIp: false });
        expect((s.probe.ingress as any).internal["service.beta.kubernetes.io/aws-load-balancer-scheme"]).toBe("internal");
    });
});

describe("the on-demand placement is real capacity: a tainted on-demand-only NodePool", () => {
    let s: Scenario;
    beforeAll(async () => {
        s = await runAwsStack("aws-ondemand", { ...BASE, "splitplane:phase": "1" }, (plane) => ({ onDemand: plane.nodePools.onDemand, gpuDevicePlugin: plane.gpuDevicePlugin, ready: plane.ready.map((r) => r.urn) }));
    }, 30_000);

    it("the pool the placement selects allows only on-demand capacity and carries the taint the placement tolerates", () => {
        const pool = ins(s.run, T.nodePool, "pool-on-demand-nodepool");
        const placement = s.probe.onDemand as { nodeSelector: Record<string, string>; tolerations: { key: string }[] };
        expect(placement.nodeSelector).toEqual({ "karpenter.sh/nodepool": pool.metadata.name });
        expect(pool.spec.template.spec.requirements).toContainEqual({ key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] });
        expect(pool.spec.template.spec.requirements.filter((r: { key: string }) => r.key === "karpenter.sh/capacity-type")).toHaveLength(1);
        expect(pool.spec.template.spec.taints).toEqual([{ key: "splitplane.io/on-demand", value: "true", effect: "NoSchedule" }]);
        expect(placement.tolerations.map((t) => t.key)).toEqual(pool.spec.template.spec.taints.map((t: { key: string }) => t.key));
        expect(pool.spec.limits).toEqual({ cpu: "64", memory: "256Gi" });
    });

    it("platform releases wait for it (it is in plane.ready)", () => {
        expect(s.probe.ready).toContain(find(s.run, T.nodePool, "pool-on-demand-nodepool").urn);
    });

    it("AL2023 GPU nodes need the device plugin installed; Bottlerocket's bring their own", async () => {
        expect(s.probe.gpuDevicePlugin).toBe("required");
        const br = await runAwsStack("aws-br", { ...BASE, "splitplane:phase": "1", "splitplane:nodePools": JSON.stringify({ amiAlias: "bottlerocket@latest" }) }, (plane) => ({ plugin: plane.gpuDevicePlugin }));
        expect(br.probe.plugin).toBe("bundled");
    });
});

describe("the plane's storage class: the cluster's default, gp3 encrypted with the volume key", () => {
    let s: Scenario;
    beforeAll(async () => {
        s = await runAwsStack("aws-storage", { ...BASE, "splitplane:phase": "1" }, (plane) => ({ storageClassName: plane.storageClassName, ready: plane.ready.map((r) => r.urn) }));
    }, 30_000);

    it("is the default class, EBS CSI gp3, encrypted with the `volumes` key, bound where the pod lands", () => {
        const sc = find(s.run, "kubernetes:storage.k8s.io/v1:StorageClass", "eks-storage-class");
        const spec = inputsOf(sc);
        expect(spec.metadata.name).toBe(s.probe.storageClassName);
        expect(spec.metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
        expect(spec.provisioner).toBe("ebs.csi.aws.com");
        expect(spec.parameters).toMatchObject({ type: "gp3", encrypted: "true" });
        expect(spec.parameters.kmsKeyId).toBe(outs(s.run, "aws:kms/key:Key", "keys-volumes-key").arn);
        expect(spec.volumeBindingMode).toBe("WaitForFirstConsumer");
        expect(s.probe.ready).toContain(sc.urn);
    });

    it("the EBS CSI driver's role may use that key, for grants to AWS resources only, and no other key", () => {
        const policy = json(ins(s.run, T.rolePolicy, "eks-ebs-csi-irsa-volume-key").policy);
        const keyArn = outs(s.run, "aws:kms/key:Key", "keys-volumes-key").arn;
        for (const st of policy.Statement) expect(st.Resource).toEqual([keyArn]);
        const grants = policy.Statement.find((st: { Action: string[] }) => st.Action.includes("kms:CreateGrant"));
        expect(grants.Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
    });
});

describe("a promotion does not roll the nodes", () => {
    it("the EC2NodeClasses' spec and the system launch template's tag specifications are the same at phase 1 and 2 (no phase tag on machines)", async () => {
        const at = (phase: string) => runAwsStack("aws-roll", { ...BASE, "splitplane:phase": phase, "splitplane:nodePools": JSON.stringify({ gpu: { enabled: true } }) });
        const [one, two] = [await at("1"), await at("2")];
        for (const name of ["pool-general-nodeclass", "pool-on-demand-nodeclass"]) {
            const spec = (s: Scenario) => ins(s.run, T.nodeClass, name).spec;
            expect(spec(one).tags["splitplane:phase"]).toBeUndefined();
            expect(spec(two)).toEqual(spec(one));
        }
        const lt = (s: Scenario) => byType(s.run, T.lt).map((r) => inputsOf(r).tagSpecifications);
        expect(lt(one).length).toBeGreaterThan(0);
        expect(lt(two)).toEqual(lt(one));
        // The phase stays on the resources themselves, where a change rolls nothing.
        expect(ins(two.run, T.cluster, "eks-cluster").tags["splitplane:phase"]).toBe("2");
    }, 60_000);
});

describe("phases (the adoption path: the cluster from phase 0, the database when something needs it)", () => {
    const SELF_HOSTED = { "splitplane:controlPlane": JSON.stringify({ url: "https://truefoundry.example.com", tenantName: "example" }) };
    const HOSTED = { "splitplane:controlPlane": JSON.stringify({ mode: "hosted", url: "https://example.truefoundry.cloud", tenantName: "example" }) };
    const at = (phase: number, extra: Record<string, string>) => runAwsStack("aws-phases", { ...BASE, ...extra, "splitplane:phase": String(phase) });
    const REPLACING = ["identifier", "engine", "instanceClass", "storageEncrypted", "kmsKeyId", "dbSubnetGroupName", "masterUsername", "dbName", "parameterGroupName"];

    it("phase 0 registers the network, keys, secret store, the cluster with its pools and the ingress; with a hosted control plane no database and no GPU pool", async () => {
        const { run } = await at(0, HOSTED);
        const types = new Set(run.resources.map((r) => r.type));
        expect(types.has("aws:ec2/vpc:Vpc")).toBe(true);
        expect(byType(run, "aws:kms/key:Key")).toHaveLength(5);
        expect(byType(run, T.cluster)).toHaveLength(1);
        expect(byType(run, T.nodePool).map((r) => inputsOf(r).metadata.name)).toEqual(["general", "on-demand"]);
        expect(byType(run, T.release).map((r) => r.name)).toEqual(expect.arrayContaining(["karpenter-controller", "ingress-controller"]));
        expect([...types].filter((t) => t.startsWith("aws:rds/"))).toEqual([]);
        expect(run.outputs).toMatchObject({ phase: 0, natStrategy: "Single", secretStorePrefix: "splitplane/aws-phases/", clusterName: "splitplane-aws-phases" });
        expect(run.outputs).not.toHaveProperty("databaseAddress");
        // Flow logs are encrypted with the logs key, whose policy admits CloudWatch Logs.
        const logsKeyPolicy = json(ins(run, "aws:kms/key:Key", "keys-logs-key").policy);
        expect(logsKeyPolicy.Statement.map((st: any) => st.Sid)).toEqual(["AccountAdministersThroughIam", "CloudWatchLogsOwnGroupsOnly"]);
        expect(inputsOf(find(run, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs"))).toMatchObject({ name: "/splitplane/aws-phases/vpc-flow-logs", retentionInDays: 365 });
    });

    it("the database arrives at phase 0 for a self-hosted control plane and at phase 2 otherwise, with the inputs it keeps through phase 3", async () => {
        const hosted1 = (await at(1, HOSTED)).run;
        expect(byType(hosted1, T.rds)).toEqual([]);
        const dbOf = async (phase: number, extra: Record<string, string>) => ins((await at(phase, extra)).run, T.rds, "postgres-postgres");
        const first = await dbOf(0, SELF_HOSTED);
        const pick = (db: Record<string, unknown>) => Object.fromEntries(REPLACING.map((k) => [k, db[k]]));
        expect(first.instanceClass).toBe("db.t4g.medium");
        for (const later of [await dbOf(2, HOSTED), await dbOf(3, SELF_HOSTED)]) expect(pick(later)).toEqual(pick(first));
        // Hardening at phase 3 changes only what RDS modifies in place.
        const hardened = await dbOf(3, SELF_HOSTED);
        expect([first.multiAz, hardened.multiAz, first.deletionProtection, hardened.deletionProtection]).toEqual([false, true, false, true]);
    });
});

describe("config problems stop the program before anything is registered", () => {
    it("missing aws:region and no admin (the cluster exists from phase 0) are reported together, naming the file; nothing is registered", async () => {
        const config = { "splitplane:cloud": "aws", "splitplane:environment": "dev", "splitplane:phase": "0" };
        let err: unknown;
        const run = await runProgram({
            stack: "aws-broken",
            config,
            program: async () => {
                const { parseStackConfig } = await import("../../config/parse");
                const { provisionAws } = await import("../../stacks/aws");
                // Caught here so that the run completes and its (empty) record can be inspected.
                await provisionAws(parseStackConfig(config, "stacks/Pulumi.aws-broken.yaml")).catch((e: unknown) => (err = e));
            },
        });
        expect(ConfigError.is(err)).toBe(true);
        expect((err as ConfigError).problems).toEqual([
            "stacks/Pulumi.aws-broken.yaml: aws:region must be set, e.g. eu-west-1 (got nothing)",
            "stacks/Pulumi.aws-broken.yaml: splitplane:cluster.admins must list at least one IAM role (the cluster exists from phase 0), including the one that runs pulumi up (got [])",
        ]);
        expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });
});
