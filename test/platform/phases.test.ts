import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../config/parse";
import { architectureMermaid, ArchitectureStack } from "../../stacks/architecture";
import { stackBootstrapSteps } from "../../stacks/bootstrap";
import { gpuRoutingProblem } from "../../stacks/gateway";

const FILE = "stacks/Pulumi.t.yaml";
const aws = (extra: Record<string, unknown>) =>
    parseStackConfig(
        Object.fromEntries(Object.entries({ cloud: "aws", environment: "dev", ...extra }).map(([k, v]) => [`splitplane:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
        FILE,
    );
const CP = { url: "https://tfy.example.com", tenantName: "acme" };

describe("bootstrap steps left after pulumi up (stack output bootstrapSteps)", () => {
    it("phase 0, self-hosted: fill the secrets, open the control plane, register the cluster and store its token, apply the gateway config", () => {
        const steps = stackBootstrapSteps(aws({ phase: "0", controlPlane: CP, gateway: { config: "gateway/examples/phase0" } }), { stack: "aws-x", gatewayDelivered: "configmap" });
        expect(steps).toEqual([
            'fill the secrets listed under "Secrets to fill" (the licence values TrueFoundry issues first); kubectl get externalsecrets -A shows each one synced',
            "open https://tfy.example.com (its DNS name points at the internal load balancer, stack output ingressHostname) and sign in: the control plane is up",
            "register cluster splitplane-aws-x in the control plane at https://tfy.example.com (Platform > Clusters) and store the token it issues in truefoundry-cluster-token; the agent then connects out to it",
            "apply the gateway config: CI runs tfy apply -f on each key of the ConfigMap in stack output gatewayConfigMap (docs/gateway.md)",
        ]);
    });

    it("phase 2 adds pgvector and the artifact bucket; a shared control plane is named with the stack that hosts it", () => {
        const steps = stackBootstrapSteps(aws({ phase: "2", controlPlane: { ...CP, mode: "hosted" }, gateway: { config: "gateway/examples/phase2" } }), { stack: "aws-y", sharedFrom: "aws-cp", gatewayDelivered: "ci" });
        expect(steps).toContain("register cluster splitplane-aws-y in the shared control plane https://tfy.example.com (hosted by aws-cp) (Platform > Clusters) and store the token it issues in truefoundry-cluster-token; the agent then connects out to it");
        expect(steps).toContain("apply the gateway config from CI: npm run gateway -- compile gateway/examples/phase2, then tfy apply -f on each manifest, against https://tfy.example.com (docs/gateway.md)");
        expect(steps.some((s) => s.startsWith("enable pgvector"))).toBe(true);
        expect(steps.some((s) => s.startsWith("register the bucket in stack output artifactBucket"))).toBe(true);
        expect(steps.some((s) => s.startsWith("open "))).toBe(false);
    });

    it("nothing is left to a human without a control plane", () => {
        expect(stackBootstrapSteps(aws({ phase: "1" }), { stack: "aws-z" })).toEqual([]);
    });
});

describe("a phase that needs a part the user disabled", () => {
    const set = { providerAccounts: [{ value: { type: "provider-account/self-hosted-model", name: "onprem-vllm", integrations: [{ name: "llama", url: "https://vllm.inference.svc.cluster.local:8443/v1" }] } }] } as never;
    it("routing to self-hosted models in the plane with the GPU pools off names both keys", () => {
        expect(gpuRoutingProblem(aws({ phase: "2", nodePools: { gpu: { enabled: false } }, gateway: { config: "gateway/examples/phase2" } }), set, FILE)).toEqual({
            error: `${FILE}: splitplane:gateway.config routes to self-hosted models in this plane (onprem-vllm/llama at vllm.inference.svc.cluster.local), which need GPU nodes, but splitplane:nodePools.gpu.enabled is false: enable the GPU pools or route to models outside the plane (got "gateway/examples/phase2")`,
        });
        // Below phase 2 the pools are not built yet: a warning, since a promotion adds them.
        expect(gpuRoutingProblem(aws({ phase: "1", gateway: { config: "gateway/examples/phase2" } }), set, FILE)).toEqual({
            warning: "splitplane:gateway.config routes to self-hosted models in this plane (onprem-vllm/llama at vllm.inference.svc.cluster.local), which need GPU nodes, and the GPU pools arrive at phase 2 (this stack is at phase 1): requests routed there fail until then",
        });
        expect(gpuRoutingProblem(aws({ phase: "2", gateway: { config: "gateway/examples/phase2" } }), set, FILE)).toEqual({});
        // A self-hosted model outside the plane needs no GPU here.
        const remote = { providerAccounts: [{ value: { type: "provider-account/self-hosted-model", name: "dc", integrations: [{ name: "m", url: "https://models.example.com/v1" }] } }] } as never;
        expect(gpuRoutingProblem(aws({ phase: "1", nodePools: { gpu: { enabled: false } } }), remote, FILE)).toEqual({});
    });
});

describe("the architecture diagram: every connection leaves a compute plane", () => {
    const stacks: ArchitectureStack[] = [
        { stack: "aws-cp", cloud: "aws", environment: "prod", phase: 3, components: ["splitplane:platform:ControlPlane", "splitplane:platform:LlmGateway", "splitplane:platform:Agent", "splitplane:platform:OtelCollector"], controlPlane: { url: "https://tfy.example.com", mode: "self-hosted" }, reads: [] },
        { stack: "azure-x", cloud: "azure", environment: "prod", phase: 3, components: ["splitplane:platform:LlmGateway", "splitplane:platform:Agent", "splitplane:platform:OtelCollector"], controlPlane: { url: "https://tfy.example.com", mode: "hosted", reference: "organization/splitplane/aws-cp" }, reads: ["aws-cp"], telemetryEndpoint: "https://otlp.example.com" },
    ];
    const lines = architectureMermaid(stacks);

    it("the Azure plane's agent and gateway dial the AWS-hosted control plane; the collector exports out; the read is dotted", () => {
        expect(lines).toContain('  azure_x_agent -- "outbound wss/443" --> aws_cp_cp');
        expect(lines).toContain('  azure_x_gw -- "outbound 443: config, auth" --> aws_cp_cp');
        expect(lines).toContain('  azure_x_otel -- "outbound OTLP/HTTPS" --> ext_otlp_example_com');
        expect(lines).toContain('  aws_cp -. "StackReference: controlPlane" .-> azure_x');
    });

    it("nothing reaches into a plane from another one: solid edges between stacks only go to a control plane", () => {
        const solid = lines.filter((l) => / --(>| ")/.test(l) && !l.includes(" -. "));
        for (const l of solid) {
            const [from, to] = [l.trim().split(" ")[0], l.trim().split(" ").pop() as string];
            const stackOf = (n: string) => ["aws_cp", "azure_x"].find((s) => n.startsWith(`${s}_`));
            if (stackOf(from) !== stackOf(to)) expect(to === "aws_cp_cp" || to.startsWith("ext_"), l).toBe(true);
        }
    });
});
