import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { gatewayValues, groupExceptions, istioBaseValues, istiodValues, meshWideStrictMtls, mtlsExceptionPolicy } from "../../components/platform/mesh";
import { errorsOf, lazyValidator } from "../aws/crd";
import { readJson, readYaml, reference, unknownValueKeys } from "../aws/reference";
import { helmMerge, ON_DEMAND } from "./operations/fixtures";

/**
 * Istio 1.30.3's charts and CRDs (../shared/reference, skipped visibly where absent). Istio's
 * values.yaml files keep their defaults under `_internal_defaults_do_not_set` while users set the
 * same keys at the top level (SOURCES.md), so keys are checked against that map. Helm is not run
 * here: chart properties are proved on the values.
 */

const defaultsOf = (p: string) => readYaml(p)._internal_defaults_do_not_set;

const baseYaml = reference("charts/istio-base/values.yaml");
const istiodYaml = reference("charts/istiod/values.yaml");
const gatewayYaml = reference("charts/istio-gateway/values.yaml");
const gatewaySchema = reference("charts/istio-gateway/values.schema.json");
const paCrd = reference("crds/istio/security.istio.io_peerauthentications.yaml");

const clusterIp = gatewayValues({ serviceType: "ClusterIP", internalServiceAnnotations: {}, placement: ON_DEMAND, podLabels: { istio: "ingressgateway" }, replicas: { min: 2, max: 5 } });
const internalLb = gatewayValues({
    serviceType: "LoadBalancer",
    internalServiceAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
    serviceIp: "10.90.8.10",
    serviceIpAnnotation: "service.beta.kubernetes.io/azure-load-balancer-ipv4",
    placement: ON_DEMAND,
    podLabels: { istio: "ingressgateway" },
    replicas: { min: 1, max: 3 },
});

describe.skipIf(!baseYaml.exists || !istiodYaml.exists)("istio base and istiod 1.30.3 values", () => {
    it("every key splitplane sets exists in the charts' values.yaml", () => {
        expect(unknownValueKeys(istioBaseValues(), defaultsOf(baseYaml.path))).toEqual([]);
        expect(unknownValueKeys(istiodValues({ placement: ON_DEMAND }), defaultsOf(istiodYaml.path))).toEqual([]);
    });

    it("a misspelt key fails (the check can fail)", () => {
        expect(unknownValueKeys({ ...istiodValues({ placement: ON_DEMAND }), autoscaleMinimum: 2 }, defaultsOf(istiodYaml.path))).toEqual(["autoscaleMinimum"]);
        expect(unknownValueKeys({ sidecarInjectorWebhook: { enableNamespaceByDefault: false } }, defaultsOf(istiodYaml.path))).toEqual(["sidecarInjectorWebhook.enableNamespaceByDefault"]);
    });
});

describe.skipIf(!gatewayYaml.exists || !gatewaySchema.exists)("istio gateway 1.30.3 values", () => {
    let compiled: ReturnType<Ajv["compile"]> | undefined;
    const validate = (v: unknown) => {
        compiled ??= new Ajv({ strict: false, allErrors: true }).compile(readJson(gatewaySchema.path));
        const ok = compiled(v);
        return { ok, errors: (compiled.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`) };
    };
    // The schema judges what the templates see: the chart's defaults with splitplane's values over them.
    const merged = (v: Record<string, unknown>) => helmMerge(defaultsOf(gatewayYaml.path), v);

    it("every key exists in values.yaml, for both Service shapes", () => {
        expect(unknownValueKeys(clusterIp, defaultsOf(gatewayYaml.path))).toEqual([]);
        expect(unknownValueKeys(internalLb, defaultsOf(gatewayYaml.path))).toEqual([]);
    });

    it("the values validate against values.schema.json (additionalProperties: false at the top)", () => {
        for (const v of [clusterIp, internalLb]) {
            const r = validate(merged(v));
            expect(r.errors).toEqual([]);
            expect(r.ok).toBe(true);
        }
    });

    it("an unknown top-level key or a wrong type fails the schema, as it would fail the install", () => {
        expect(validate(merged({ ...clusterIp, serviceType: "ClusterIP" })).ok).toBe(false);
        expect(validate(merged({ ...clusterIp, autoscaling: { enabled: true, minReplicas: "two" } })).ok).toBe(false);
    });
});

describe.skipIf(!paCrd.exists)("PeerAuthentications conform to the security.istio.io/v1 CRD (1.30.3)", () => {
    // Istio's CRD schemas describe `spec` and `status` only (no apiVersion, kind or metadata).
    const crdValidate = lazyValidator(paCrd.path);
    const validate = Object.assign((o: any) => {
        const ok = crdValidate({ spec: o.spec });
        validate.errors = crdValidate.errors;
        return ok;
    }, { errors: undefined as typeof crdValidate.errors });
    const [exception] = groupExceptions([{ namespace: "team-a", selector: { app: "webhook" }, port: 9443, reason: "the API server calls this webhook without a mesh certificate" }]);

    it("the mesh-wide STRICT policy and an exception validate", () => {
        for (const p of [meshWideStrictMtls(), mtlsExceptionPolicy(exception)]) {
            const ok = validate(p);
            expect(errorsOf(validate as never)).toEqual([]);
            expect(ok).toBe(true);
        }
    });

    it("a misspelt mode fails", () => {
        const bad = structuredClone(mtlsExceptionPolicy(exception)) as any;
        bad.spec.portLevelMtls["9443"].mode = "PLAINTEXT";
        expect(validate(bad)).toBe(false);
    });

    it("the CRD's CEL rule 'portLevelMtls requires selector' holds for every exception (CEL is not evaluated offline, so asserted here)", () => {
        const crd = readYaml(paCrd.path);
        const v1 = crd.spec.versions.find((v: { name: string }) => v.name === "v1");
        const rules = v1.schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"].map((r: { message: string }) => r.message);
        expect(rules).toContain("portLevelMtls requires selector");
        const spec = (mtlsExceptionPolicy(exception) as any).spec;
        expect(Object.keys(spec.selector.matchLabels).length).toBeGreaterThan(0);
        for (const port of Object.keys(spec.portLevelMtls)) expect(Number(port)).toBeGreaterThan(0);
    });
});
