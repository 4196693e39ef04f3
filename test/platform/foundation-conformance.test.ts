import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { externalSecretObject, externalSecretsValues, secretStoreObject } from "../../components/platform/secret-sync";
import { errorsOf, lazyValidator } from "../aws/crd";
import { readJson, readYaml, reference, unknownValueKeys } from "../aws/reference";

/**
 * The platform foundation's chart values and objects against the pinned upstream files in
 * ../shared/reference (skipped, visibly, where absent). Helm is not run here, so chart
 * properties are proved on the values only.
 */

const placement = { nodeSelector: { "karpenter.sh/nodepool": "on-demand" }, tolerations: [{ key: "splitplane.io/on-demand", operator: "Exists" as const, effect: "NoSchedule" as const }] };
const esoValues = externalSecretsValues({ placement, replicas: 2, clusterStores: false });

const schemaValidator = (path: string) => {
    let compiled: ReturnType<Ajv2020["compile"]> | undefined;
    return (data: unknown) => {
        compiled ??= new Ajv2020({ strict: false, allErrors: true }).compile(readJson(path));
        const ok = compiled(data);
        return { ok, errors: (compiled.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`) };
    };
};

const esoYaml = reference("charts/external-secrets/values.yaml");
const esoSchema = reference("charts/external-secrets/values.schema.json");
const esoChart = reference("charts/external-secrets/Chart.yaml");

describe.skipIf(!esoYaml.exists || !esoSchema.exists)("external-secrets 2.9.0 chart values", () => {
    it("the pinned reference is the chart version splitplane installs", () => {
        expect(readYaml(esoChart.path).version).toBe("2.9.0");
    });

    it("every key splitplane sets exists in values.yaml", () => {
        expect(unknownValueKeys(esoValues, readYaml(esoYaml.path))).toEqual([]);
    });

    it("the values validate against values.schema.json", () => {
        const r = schemaValidator(esoSchema.path)(esoValues);
        expect(r.errors).toEqual([]);
        expect(r.ok).toBe(true);
    });

    it("a misspelt key or a wrong type fails (the checks can fail)", () => {
        expect(unknownValueKeys({ ...esoValues, processClusterStores: false }, readYaml(esoYaml.path))).toEqual(["processClusterStores"]);
        expect(schemaValidator(esoSchema.path)({ ...esoValues, replicaCount: "two" }).ok).toBe(false);
    });
});

const externalSecretsCrd = reference("crds/external-secrets/external-secrets.io_externalsecrets.yaml");
const storesCrd = reference("crds/external-secrets/external-secrets.io_clustersecretstores.yaml");

describe.skipIf(!externalSecretsCrd.exists)("ExternalSecret objects conform to the external-secrets.io/v1 CRD (2.9.0)", () => {
    const validate = lazyValidator(externalSecretsCrd.path);
    const es = externalSecretObject({
        name: "truefoundry-creds",
        namespace: "truefoundry",
        targetName: "truefoundry-creds",
        refreshInterval: "1h",
        data: [
            { secretKey: "TFY_API_KEY", remoteKey: "splitplane/dev/truefoundry/api-key" },
            { secretKey: "DB_PASSWORD", remoteKey: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf", property: "password" },
        ],
        dataFrom: [{ remoteKey: "splitplane/dev/truefoundry/extra" }],
        template: { type: "Opaque", mergePolicy: "Merge", data: { DB_HOST: "db.internal" }, labels: { a: "b" } },
    });

    it("a full ExternalSecret (data, dataFrom, template) validates", () => {
        const ok = validate(es);
        expect(errorsOf(validate)).toEqual([]);
        expect(ok).toBe(true);
    });

    it("a misspelt field fails", () => {
        const bad = structuredClone(es) as any;
        bad.spec.target.creationPolicyy = "Owner";
        expect(validate(bad)).toBe(false);
    });
});

describe.skipIf(!storesCrd.exists)("the namespaced SecretStore's spec conforms to the store spec of the v1 CRDs", () => {
    // Only the ClusterSecretStore CRD is kept in the reference; SecretStore's spec is the same
    // type (SecretStoreSpec) upstream, so the same schema judges it.
    const validate = lazyValidator(storesCrd.path);
    it("an AWS IRSA store validates; a misspelt auth field fails", () => {
        const store = secretStoreObject({ namespace: "truefoundry", provider: { aws: { service: "SecretsManager", region: "eu-west-1", auth: { jwt: { serviceAccountRef: { name: "secret-reader", namespace: "truefoundry" } } } } } });
        const ok = validate(store);
        expect(errorsOf(validate)).toEqual([]);
        expect(ok).toBe(true);
        const bad = structuredClone(store) as any;
        bad.spec.provider.aws.auth.jwt.serviceAccount = bad.spec.provider.aws.auth.jwt.serviceAccountRef;
        delete bad.spec.provider.aws.auth.jwt.serviceAccountRef;
        expect(validate(bad)).toBe(false);
    });
});
