import * as path from "node:path";
import * as YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { PlanResult, planStack } from "../../engine/plan";
import { secretsToFill } from "../../engine/report";
import { RecordedResource } from "../../engine/resource";
import { byType, dependsOn, inputsOf, one, outputsOf } from "../../engine/testing";
import { allPolicies, packConfigFor } from "../../policies/policies";

/**
 * The same split-plane code as test/platform/split-plane.test.ts, planned by the real program on
 * the AWS plane: the example dev stack (self-hosted control plane) and staging (hosted, a gateway
 * plane of its own). One plan each, with the policy pack.
 */
const root = path.resolve(__dirname, "../..");
const plan = (stack: string) => planStack({ stackFile: path.join(root, "stacks", `Pulumi.${stack}.yaml`), projectRoot: root, policySet: { policies: allPolicies, configFor: packConfigFor } });
const RELEASE = "kubernetes:helm.sh/v3:Release";
const ES = "kubernetes:external-secrets.io/v1:ExternalSecret";
const values = (r: RecordedResource) => inputsOf(r).values as Record<string, any>;

describe("aws-phase1: the self-hosted control plane on the AWS plane", () => {
    let p: PlanResult;
    beforeAll(async () => {
        p = await plan("aws-phase1");
    }, 60_000);

    it("installs the three charts at their pinned versions, and passes the pack", () => {
        const releases = byType(p.run, RELEASE).map((r) => [inputsOf(r).chart, inputsOf(r).version]);
        expect(releases).toEqual(expect.arrayContaining([["truefoundry", "0.168.2"], ["tfy-llm-gateway", "0.168.0"], ["tfy-agent", "0.2.100"]]));
        expect(p.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });

    it("no Kubernetes Secret with data anywhere in the stack", () => {
        expect(byType(p.run, "kubernetes:core/v1:Secret").filter((r) => inputsOf(r).data || inputsOf(r).stringData)).toEqual([]);
    });

    it("the control plane's store reads the RDS master secret by its ARN and its own names, nothing else", () => {
        const reader = byType(p.run, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name.startsWith("control-plane-secrets-reader"));
        const doc = JSON.parse(inputsOf(reader as RecordedResource).policy);
        const resources = doc.Statement.filter((s: any) => [s.Action].flat().includes("secretsmanager:GetSecretValue")).flatMap((s: any) => [s.Resource].flat());
        const master = outputsOf(one(p.run, "aws:rds/instance:Instance")).masterUserSecrets[0].secretArn;
        expect(resources).toContain(master);
        expect(resources.some((r: string) => r.endsWith("*"))).toBe(false);
        for (const name of ["truefoundry-api-key", "truefoundry-image-pull", "database-server-ca"]) expect(resources.some((r: string) => r.includes(`splitplane/aws-phase1/${name}`))).toBe(true);
        expect(resources.some((r: string) => r.includes("cluster-token"))).toBe(false);
    });

    it("values: the real bucket, region and database, the IRSA role, on-demand capacity", () => {
        const v = values(one(p.run, RELEASE, "control-plane-chart"));
        expect(v.global.config.storageConfiguration).toEqual({ awsS3BucketName: outputsOf(one(p.run, "aws:s3/bucket:Bucket")).bucket, awsRegion: "eu-west-1" });
        // The database's address reaches the pods through truefoundry-creds (the chart's env references it).
        const creds = byType(p.run, ES).find((r) => inputsOf(r).metadata.name === "truefoundry-creds" && inputsOf(r).metadata.namespace === "truefoundry") as RecordedResource;
        expect(inputsOf(creds).spec.target.template.data).toEqual({ DB_HOST: outputsOf(one(p.run, "aws:rds/instance:Instance")).address, DB_NAME: inputsOf(one(p.run, "aws:rds/instance:Instance")).dbName });
        expect(v.servicefoundryServer.env.DB_HOST).toBeUndefined();
        expect(v.global.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam::\d{12}:role\//);
        expect(v.global.nodeSelector).toEqual({ "karpenter.sh/nodepool": "on-demand" });
    });

    it("the chart's service account is trusted for exactly system:serviceaccount:truefoundry:truefoundry", () => {
        const role = byType(p.run, "aws:iam/role:Role").find((r) => r.name === "control-plane-identity-role") as RecordedResource;
        expect(inputsOf(role).assumeRolePolicy).toContain('"system:serviceaccount:truefoundry:truefoundry"');
    });

    it("the gateway config ConfigMap lands in the control plane's namespace", () => {
        expect(inputsOf(one(p.run, "kubernetes:core/v1:ConfigMap", "gateway-manifests")).metadata.namespace).toBe("truefoundry");
    });

    it("every bootstrap secret is an empty container with its command in the report", () => {
        const containers = byType(p.run, "aws:secretsmanager/secret:Secret").filter((r) => inputsOf(r).tags?.["splitplane:bootstrap"]);
        expect(containers.map((r) => inputsOf(r).name).sort()).toEqual(secretsToFill(p).map((f) => f.secret).sort());
        expect(byType(p.run, "aws:secretsmanager/secretVersion:SecretVersion")).toEqual([]);
    });

    it("provider credentials (phase 1): the role trusts exactly the control plane's own IRSA role, reads only llm-providers/, and the ConfigMap's manifest names it", () => {
        const cpRole = one(p.run, "aws:iam/role:Role", "control-plane-identity-role");
        const role = one(p.run, "aws:iam/role:Role", "llm-provider-credentials-role");
        const trust = JSON.parse(inputsOf(role).assumeRolePolicy);
        expect(trust.Statement).toEqual([{ Sid: "ControlPlaneAssumes", Effect: "Allow", Principal: { AWS: outputsOf(cpRole).arn }, Action: "sts:AssumeRole" }]);
        const read = JSON.parse(inputsOf(one(p.run, "aws:iam/rolePolicy:RolePolicy", "llm-provider-credentials-read")).policy);
        const secretsKey = outputsOf(one(p.run, "aws:kms/key:Key", "secrets-kms-key")).arn;
        expect(read.Statement.map((st: any) => st.Resource)).toEqual([`arn:aws:secretsmanager:eu-west-1:${outputsOf(role).arn.split(":")[4]}:secret:splitplane/aws-phase1/llm-providers/*`, secretsKey]);
        expect(read.Statement[1].Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
        // The control plane's own grant names that one role, and the manifest it applies carries the same ARN.
        const grant = JSON.parse(inputsOf(one(p.run, "aws:iam/rolePolicy:RolePolicy", "control-plane-identity-assume-llm-providers")).policy);
        expect(grant.Statement).toEqual([{ Sid: "AssumeProviderCredentials", Effect: "Allow", Action: "sts:AssumeRole", Resource: outputsOf(role).arn }]);
        const data = inputsOf(one(p.run, "kubernetes:core/v1:ConfigMap", "gateway-manifests")).data as Record<string, string>;
        const file = Object.keys(data).find((k) => k.startsWith("00-provider-account-aws-")) as string;
        const manifest = YAML.parse(data[file]!);
        expect(manifest.integrations[0]).toMatchObject({ type: "integration/secret-store/aws/secrets-manager", region: "eu-west-1", auth_data: { type: "assumed-role-based", assumed_role_arn: outputsOf(role).arn } });
        expect(manifest.auth_data).toEqual({ type: "assumed-role-based", assumed_role_arn: outputsOf(role).arn });
        expect(data[file]).not.toMatch(/access_key|secret_access|client_secret/);
        // Applied before the gateway config that references its secrets.
        expect(Object.keys(data).sort()[0]).toBe(file);
    });

    it("the control plane waits for its ExternalSecrets, and they for ESO", () => {
        const cp = one(p.run, RELEASE, "control-plane-chart");
        const creds = byType(p.run, ES).find((r) => inputsOf(r).metadata.name === "truefoundry-creds") as RecordedResource;
        expect(dependsOn(p.run, cp, creds)).toBe(true);
        expect(dependsOn(p.run, creds, one(p.run, RELEASE, "secret-sync-operator"))).toBe(true);
    });
});

describe("aws-phase2: a hosted control plane, the gateway in this plane", () => {
    let p: PlanResult;
    beforeAll(async () => {
        p = await plan("aws-phase2");
    }, 60_000);

    it("no truefoundry chart, no control-plane bucket; the gateway and the agent call the control plane by URL", () => {
        expect(byType(p.run, RELEASE).map((r) => inputsOf(r).chart)).not.toContain("truefoundry");
        // Phase 2's artifact bucket is the only one.
        expect(byType(p.run, "aws:s3/bucket:Bucket").map((b) => b.name)).toEqual(["artifact-storage-bucket"]);
        expect(values(one(p.run, RELEASE, "llm-gateway-chart")).global.controlPlaneURL).toBe("https://example.truefoundry.cloud");
        expect(values(one(p.run, RELEASE, "agent-chart")).config.controlPlaneURL).toBe("https://example.truefoundry.cloud");
    });

    it("phase 2's artifact bucket: private, its own key, CORS for the control plane's origin only, TLS only", () => {
        const bucket = one(p.run, "aws:s3/bucket:Bucket", "artifact-storage-bucket");
        expect(inputsOf(bucket).bucketPrefix).toBe("splitplane-aws-phase2-artifacts-");
        expect(inputsOf(one(p.run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "artifact-storage-public-access"))).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        const cors = inputsOf(one(p.run, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", "artifact-storage-cors")).corsRules;
        expect(cors.flatMap((r: { allowedOrigins: string[] }) => r.allowedOrigins)).toEqual(["https://example.truefoundry.cloud"]);
        const policy = JSON.parse(inputsOf(one(p.run, "aws:s3/bucketPolicy:BucketPolicy", "artifact-storage-policy")).policy);
        expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
        expect(p.run.outputs.artifactBucket).toBe(outputsOf(bucket).bucket);
    });

    it("the governance config is not delivered as a ConfigMap (the tfy apply CI job delivers it)", () => {
        expect(byType(p.run, "kubernetes:core/v1:ConfigMap").filter((r) => r.name === "gateway-manifests")).toEqual([]);
        expect(p.run.outputs.gatewayConfigHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("provider credentials with a hosted control plane: only the named hosted principal may assume the role; its manifest is a stack output for CI", () => {
        const role = one(p.run, "aws:iam/role:Role", "llm-provider-credentials-role");
        expect(JSON.parse(inputsOf(role).assumeRolePolicy).Statement).toEqual([
            { Sid: "ControlPlaneAssumes", Effect: "Allow", Principal: { AWS: "arn:aws:iam::416964291864:role/tfy-ctl-euwe1-production-truefoundry-deps" }, Action: "sts:AssumeRole" },
        ]);
        const manifests = p.run.outputs.controlPlaneManifests as Record<string, string>;
        expect(Object.keys(manifests)).toEqual(["00-provider-account-aws-aws-phase2-secrets.yaml"]);
        expect(YAML.parse(manifests["00-provider-account-aws-aws-phase2-secrets.yaml"]!).integrations[0].auth_data.assumed_role_arn).toBe(outputsOf(role).arn);
        expect((p.run.outputs.bootstrapSteps as string[]).some((s) => s.includes("tfy apply -f 00-provider-account-aws-aws-phase2-secrets.yaml"))).toBe(true);
    });

    it("passes the pack", () => {
        expect(p.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });
});
