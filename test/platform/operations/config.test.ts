import { describe, expect, it } from "vitest";
import { literalHeaderProblem, resolveOperations } from "../../../config/operations";
import { parseStackConfig } from "../../../config/parse";
import type { ComputePlane } from "../../../components/compute-plane";
import { installOperations } from "../../../stacks/operations";
import { configProblems } from "../../config-problems";
import { GENERAL, ON_DEMAND, SYSTEM } from "./fixtures";

const FILE = "stacks/Pulumi.aws-dev.yaml";
const base = { "aws:region": "eu-west-1", "splitplane:cloud": "aws", "splitplane:environment": "dev" };
const withOps = (ops: unknown) => ({ ...base, "splitplane:operations": JSON.stringify(ops) });

describe("splitplane:operations defaults", () => {
    it("an absent section takes every default: unpaused, elasti, the agent's Prometheus namespace, three canary steps", () => {
        const ops = parseStackConfig(base, FILE).operations;
        expect(ops.idle).toEqual({ paused: false, pools: ["general", "gpu"] });
        expect(ops.autoscaling.httpScaleToZero).toBe("elasti");
        expect(ops.metrics.namespace).toBe("prometheus");
        expect(ops.argoRollouts.canarySteps.map((s) => s.weight)).toEqual([10, 50, 100]);
        expect(ops.telemetry.headers).toEqual({});
    });

    it("retention and storage are sized per environment; autoscaling from phase 2; metrics-server where the cloud has none", () => {
        const ops = parseStackConfig(base, FILE).operations;
        expect(resolveOperations(ops, { environment: "dev", phase: 1, cloud: "aws" }).metrics).toMatchObject({ retentionDays: 7, storageGi: 20, metricsServer: true });
        expect(resolveOperations(ops, { environment: "prod", phase: 3, cloud: "azure" }).metrics).toMatchObject({ retentionDays: 30, storageGi: 100, metricsServer: false });
        expect(resolveOperations(ops, { environment: "staging", phase: 1, cloud: "aws" }).autoscaling.enabled).toBe(false);
        expect(resolveOperations(ops, { environment: "staging", phase: 2, cloud: "aws" }).autoscaling.enabled).toBe(true);
        // A value in the file wins over the tier's default.
        const set = parseStackConfig(withOps({ metrics: { retentionDays: 3 } }), FILE).operations;
        expect(resolveOperations(set, { environment: "prod", phase: 3, cloud: "aws" }).metrics.retentionDays).toBe(3);
    });
});

describe("splitplane:operations bad input: one line naming file, key, expected and actual", () => {
    it("a canary weight outside 0-100, and a step going back", () => {
        expect(configProblems(withOps({ argoRollouts: { canarySteps: [{ weight: 150 }] } }), FILE)).toEqual([
            `${FILE}: splitplane:operations.argoRollouts.canarySteps[0].weight must be between 0 and 100 (got 150)`,
        ]);
        expect(configProblems(withOps({ argoRollouts: { canarySteps: [{ weight: 60 }, { weight: 30 }] } }), FILE)).toEqual([
            `${FILE}: splitplane:operations.argoRollouts.canarySteps[1].weight must not be below the previous step's weight (60): a canary only moves forward (got 30)`,
        ]);
    });

    it("an idle pause that would remove the capacity controllers run on", () => {
        const lines = configProblems(withOps({ idle: { paused: true, pools: ["general", "onDemand"] } }), FILE);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^stacks\/Pulumi\.aws-dev\.yaml: splitplane:operations\.idle\.pools\[1\] must be "general" or "gpu" \(got "onDemand"\): the onDemand pool runs the controllers and is never paused/);
        expect(configProblems(withOps({ idle: { pools: ["system"] } }), FILE)[0]).toMatch(/idle\.pools\[0\] .*the system pool runs the controllers and is never paused/);
    });

    it("an OTLP endpoint that is not https", () => {
        expect(configProblems(withOps({ telemetry: { endpoint: "http://otlp.example.com:4318" } }), FILE)).toEqual([
            `${FILE}: splitplane:operations.telemetry.endpoint must be an https:// URL such as https://otlp.example.com (telemetry never leaves the cluster in plain text) (got "http://otlp.example.com:4318")`,
        ]);
    });

    it("a literal header value that looks like a credential, without echoing it", () => {
        const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
        const lines = configProblems(withOps({ telemetry: { endpoint: "https://otlp.example.com", headers: { "x-forward": { value: token }, authorization: { value: "Bearer abc.def" } } } }), FILE);
        expect(lines).toHaveLength(2);
        expect(lines[0]).toBe(`${FILE}: splitplane:operations.telemetry.headers.x-forward.value looks like a GitHub token; put it in the secret store and write { secret: <name> } (got "<redacted>")`);
        expect(lines[1]).toMatch(/headers\.authorization\.value is a credential header; its value must come from the secret store/);
        expect(lines.join("\n")).not.toContain(token);
        expect(lines.join("\n")).not.toContain("abc.def");
    });

    it("passes: ids as literals, credentials by secret name", () => {
        expect(configProblems(withOps({ telemetry: { endpoint: "https://otlp.example.com", headers: { "x-scope-orgid": { value: "tenant-a" }, authorization: { secret: "observability/otlp-token" } } } }), FILE)).toEqual([]);
        expect(literalHeaderProblem("tfy-tracing-project", "chat")).toBeUndefined();
        expect(literalHeaderProblem("x-custom", "Basic dXNlcjpwYXNz")).toMatch(/auth scheme \(Basic …\)/);
    });

    it("an unknown key names the closest known one", () => {
        expect(configProblems(withOps({ idle: { pasued: true } }), FILE)[0]).toMatch(/splitplane:operations\.idle\.pasued is not a known key \(did you mean splitplane:operations\.idle\.paused\?\)/);
    });
});

describe("settings that need secret sync are refused until it is wired, before anything is registered", () => {
    const plane = { nodePools: { system: SYSTEM, general: GENERAL, onDemand: ON_DEMAND } } as unknown as ComputePlane;
    const attempt = (ops: unknown) => () => installOperations(plane, parseStackConfig(withOps(ops), FILE), FILE);
    it("Argo CD SSO and repositories, and a { secret } exporter header", () => {
        expect(attempt({ argoCd: { sso: { issuer: "https://login.example.com", clientId: "argocd", clientSecret: "argocd/oidc" } } })).toThrow(/splitplane:operations\.argoCd\.sso needs secret sync/);
        expect(attempt({ argoCd: { repositories: [{ name: "apps", url: "https://git.example.com/apps.git", credentials: "argocd/apps" }] } })).toThrow(/splitplane:operations\.argoCd\.repositories needs secret sync .*got 1 repositories/);
        expect(attempt({ telemetry: { endpoint: "https://otlp.example.com", headers: { authorization: { secret: "observability/otlp" } } } })).toThrow(/splitplane:operations\.telemetry\.headers\.authorization\.secret needs secret sync/);
    });
});
