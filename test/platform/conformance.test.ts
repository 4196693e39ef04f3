import { describe, expect, it } from "vitest";
import { agentValues, AgentValuesArgs } from "../../components/platform/agent/values";
import { CONTROL_PLANE_TEMPLATE_KEYS, controlPlaneValues, ControlPlaneValuesArgs } from "../../components/platform/control-plane/values";
import { LLM_GATEWAY_TEMPLATE_KEYS, llmGatewayValues, LlmGatewayValuesArgs } from "../../components/platform/llm-gateway/values";
import { chartsConfigSchema } from "../../config/schema";
import { readYaml, reference } from "../aws/reference";
import { at, unknownChartKeys } from "./chart-keys";

/**
 * Every key splitplane sets exists in the pinned chart's values.yaml (open maps stay open); keys
 * that only a template or a dependency reads are listed with what reads them, and that claim is
 * checked too. Skips visibly where ../shared/reference is absent.
 */

const onDemand = { nodeSelector: { "karpenter.sh/capacity-type": "on-demand" }, tolerations: [{ key: "splitplane.io/on-demand", operator: "Exists" as const, effect: "NoSchedule" as const }] };

const cpArgs: ControlPlaneValuesArgs = {
    tenantName: "acme",
    controlPlaneUrl: "https://tfy.example.com",
    cloud: "aws",
    resourceTier: "medium",
    storage: { kind: "s3", bucketName: "acme-tfy", region: "eu-west-1" },
    serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/tfy" },
    placement: onDemand,
    gatewayBackendHost: "tfy-llm-gateway.truefoundry.svc.cluster.local",
    sso: { issuer: "https://idp.example.com", clientId: "tfy" },
    route: { gateway: "istio-ingress/platform-gateway", host: "tfy.example.com" },
};
const agentArgs: AgentValuesArgs = {
    controlPlaneUrl: "https://tfy.example.com",
    tenantName: "acme",
    allowedNamespaces: ["apps"],
    clusterWideAccess: false,
    truefoundrySecretStore: true,
    reloader: true,
    placement: onDemand,
    imagePullSecretName: "truefoundry-image-pull",
};
const gwArgs: LlmGatewayValuesArgs = {
    controlPlaneUrl: "https://tfy.example.com",
    tenantName: "acme",
    gatewayId: "acme-dev",
    controlPlaneInternalUrl: "http://truefoundry-tfy-proxy.truefoundry.svc.cluster.local:8080",
    replicas: { min: 1, max: 10 },
    resourceTier: "medium",
    placement: onDemand,
    imagePullSecretName: "truefoundry-image-pull",
    route: { gateway: "istio-ingress/platform-gateway", host: "llm.example.com" },
    serviceMonitor: false,
    externalOauth: true,
};

const charts = {
    truefoundry: reference("charts/truefoundry/values.yaml"),
    truefoundryChart: reference("charts/truefoundry/Chart.yaml"),
    agent: reference("charts/tfy-agent/values.yaml"),
    agentChart: reference("charts/tfy-agent/Chart.yaml"),
    gateway: reference("charts/tfy-llm-gateway/values.yaml"),
    gatewayChart: reference("charts/tfy-llm-gateway/Chart.yaml"),
};

describe.skipIf(!charts.truefoundry.exists || !charts.truefoundryChart.exists)("truefoundry chart values exist in its values.yaml (0.168.2)", () => {
    it("every key splitplane sets (with SSO on) is a chart key or a listed template key", () => {
        expect(unknownChartKeys(controlPlaneValues(cpArgs), readYaml(charts.truefoundry.path), CONTROL_PLANE_TEMPLATE_KEYS)).toEqual([]);
    });
    it("a misspelt key fails: controlPlaneUrl is not controlPlaneURL", () => {
        const v = controlPlaneValues(cpArgs) as { global: Record<string, unknown> };
        v.global.controlPlaneUrl = v.global.controlPlaneURL;
        expect(unknownChartKeys(v, readYaml(charts.truefoundry.path), CONTROL_PLANE_TEMPLATE_KEYS)).toEqual(["global.controlPlaneUrl"]);
    });
    it("the template-only key is the condition of the gateway subchart in Chart.yaml", () => {
        const deps = readYaml(charts.truefoundryChart.path).dependencies as { name: string; condition?: string }[];
        expect(deps.find((d) => d.name === "tfy-llm-gateway")?.condition).toBe("tfy-llm-gateway.enabled");
    });
    it("the pinned version is the reference's", () => {
        expect(readYaml(charts.truefoundryChart.path).version).toBe(chartsConfigSchema.parse({}).truefoundry);
    });
});

describe.skipIf(!charts.agent.exists || !charts.agentChart.exists)("tfy-agent chart values exist in its values.yaml (0.2.100)", () => {
    it("every key splitplane sets is a chart key", () => {
        expect(unknownChartKeys(agentValues(agentArgs), readYaml(charts.agent.path))).toEqual([]);
        expect(unknownChartKeys(agentValues({ ...agentArgs, allowedNamespaces: [], imagePullSecretName: undefined }), readYaml(charts.agent.path))).toEqual([]);
    });
    it("a misspelt key fails: config.controlPlaneUrl", () => {
        const v = agentValues(agentArgs) as { config: Record<string, unknown> };
        v.config.controlPlaneUrl = "https://tfy.example.com";
        expect(unknownChartKeys(v, readYaml(charts.agent.path))).toEqual(["config.controlPlaneUrl"]);
    });
    it("an env map where the chart has none is not waved through (tfyAgent takes extraEnvVars)", () => {
        const v = agentValues(agentArgs) as { tfyAgent: Record<string, unknown> };
        v.tfyAgent.env = { X: "1" };
        expect(unknownChartKeys(v, readYaml(charts.agent.path))).toEqual(["tfyAgent.env"]);
    });
    it("the chart's ESO and Reloader are the dependencies the values switch", () => {
        const deps = readYaml(charts.agentChart.path).dependencies as { alias?: string; name: string; condition?: string }[];
        expect(deps.map((d) => d.condition).sort()).toEqual(["external-secrets-operator.enabled", "reloader.enabled"]);
        expect(readYaml(charts.agentChart.path).version).toBe(chartsConfigSchema.parse({}).tfyAgent);
    });
});

describe.skipIf(!charts.gateway.exists || !charts.gatewayChart.exists)("tfy-llm-gateway chart values exist in its values.yaml (0.168.0)", () => {
    it("every key splitplane sets is a chart key or a listed template key", () => {
        expect(unknownChartKeys(llmGatewayValues(gwArgs), readYaml(charts.gateway.path), LLM_GATEWAY_TEMPLATE_KEYS)).toEqual([]);
    });
    it("a misspelt key fails: gatewayID", () => {
        const v = llmGatewayValues(gwArgs);
        v.gatewayID = "x";
        expect(unknownChartKeys(v, readYaml(charts.gateway.path), LLM_GATEWAY_TEMPLATE_KEYS)).toEqual(["gatewayID"]);
    });
    it("global.tenantName is what the chart's TENANT_NAME template reads", () => {
        expect(at(readYaml(charts.gateway.path), "env.TENANT_NAME")).toContain(".Values.global.tenantName");
        expect(at(readYaml(charts.gateway.path), "global.tenantName")).toBeUndefined();
    });
    it("the redis auth keys belong to the chart's redis dependency", () => {
        const chart = readYaml(charts.gatewayChart.path);
        expect((chart.dependencies as { name: string; condition: string }[]).find((d) => d.name === "redis")?.condition).toBe("redis.enabled");
        expect(chart.version).toBe(chartsConfigSchema.parse({}).tfyLlmGateway);
    });
});
