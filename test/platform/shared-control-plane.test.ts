import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/parse";
import { PlanResult, StackPlanner } from "../../engine/plan";
import { dependsOn, inputsOf, one } from "../../engine/testing";
import { allPolicies, packConfigFor } from "../../policies/policies";
import { controlPlaneExport, referenceProblems } from "../../stacks/shared-control-plane";
import { configProblems } from "../config-problems";

const root = path.resolve(__dirname, "../..");
const RELEASE = "kubernetes:helm.sh/v3:Release";
const values = (r: { rawInputs?: unknown }) => inputsOf(r as never).values;
const planner = () => new StackPlanner({ projectRoot: root, policySet: { policies: allPolicies, configFor: packConfigFor } });
const FILE = "stacks/Pulumi.t.yaml";

async function configErrorOf(p: Promise<unknown>): Promise<string[]> {
    const err = await p.then(() => undefined, (e: unknown) => e);
    if (!ConfigError.is(err)) throw new Error(`expected a ConfigError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return [...err.problems];
}

describe("splitplane:controlPlane.stackReference in config", () => {
    const base = { "splitplane:cloud": "aws", "splitplane:environment": "staging" };
    const cp = (v: unknown) => configProblems({ ...base, "splitplane:controlPlane": JSON.stringify(v) }, FILE);

    it("takes a fully qualified name, and then neither a URL nor a tenant nor self-hosting: they are the hosting stack's", () => {
        expect(parseStackConfig({ ...base, "splitplane:controlPlane": JSON.stringify({ stackReference: "acme/splitplane/aws-phase3-prod" }) }, FILE).controlPlane).toMatchObject({ mode: "hosted", stackReference: "acme/splitplane/aws-phase3-prod" });
        expect(cp({ stackReference: "aws-phase3-prod" })).toEqual([`${FILE}: splitplane:controlPlane.stackReference must be a fully qualified stack name <org>/<project>/<stack> (organization/<project>/<stack> on a self-managed backend) (got "aws-phase3-prod")`]);
        expect(cp({ stackReference: "organization/splitplane/p", url: "https://tfy.example.com", tenantName: "t", mode: "self-hosted" })).toEqual([
            `${FILE}: splitplane:controlPlane.url must not be set with splitplane:controlPlane.stackReference: it is read from that stack's controlPlane output, never copied (got "https://tfy.example.com")`,
            `${FILE}: splitplane:controlPlane.tenantName must not be set with splitplane:controlPlane.stackReference: it is read from that stack's controlPlane output, never copied (got "t")`,
            `${FILE}: splitplane:controlPlane.mode must not be "self-hosted" with splitplane:controlPlane.stackReference: the referenced stack hosts the control plane (got "self-hosted")`,
        ]);
        expect(cp({ mode: "hosted" })).toEqual([
            `${FILE}: splitplane:controlPlane.url is required (or splitplane:controlPlane.stackReference, to read it from the stack that hosts the control plane) (got nothing)`,
            `${FILE}: splitplane:controlPlane.tenantName is required (or splitplane:controlPlane.stackReference, to read it from the stack that hosts the control plane) (got nothing)`,
        ]);
    });

    it("a reference to this very stack is a cycle, named with the key", () => {
        expect(referenceProblems("organization/splitplane/aws-x", { project: "splitplane", stack: "aws-x" }, FILE)).toEqual([
            `${FILE}: splitplane:controlPlane.stackReference must name the stack that hosts the control plane, not this stack itself (got "organization/splitplane/aws-x": a cycle of stack references aws-x -> aws-x)`,
        ]);
        expect(referenceProblems("organization/splitplane/aws-cp", { project: "splitplane", stack: "aws-x" }, FILE)).toEqual([]);
    });

    it("only a stack that hosts the control plane exports it (by URL or by reference: nothing to follow)", () => {
        const parsed = (v: unknown, extra: Record<string, string> = {}) => parseStackConfig({ ...base, "splitplane:controlPlane": JSON.stringify(v), ...extra }, FILE);
        expect(controlPlaneExport(parsed({ url: "https://tfy.example.com", tenantName: "acme" }, { "splitplane:llmGateway": JSON.stringify({ host: "llm.example.com" }) }), "aws-cp")).toEqual({
            url: "https://tfy.example.com",
            tenantName: "acme",
            stack: "aws-cp",
            gatewayUrl: "https://llm.example.com",
        });
        expect(controlPlaneExport(parsed({ mode: "hosted", url: "https://acme.truefoundry.cloud", tenantName: "acme" }), "x")).toBeUndefined();
        expect(controlPlaneExport(parsed({ stackReference: "organization/splitplane/aws-cp" }), "x")).toBeUndefined();
    });
});

describe("phase 3: compute planes read the one control plane from the stack that hosts it", () => {
    let prod: PlanResult;
    let staging: PlanResult;
    let azure: PlanResult;
    beforeAll(async () => {
        const p = planner();
        prod = await p.plan(path.join(root, "stacks/Pulumi.aws-phase3-prod.yaml"));
        staging = await p.plan(path.join(root, "stacks/Pulumi.aws-phase3-staging.yaml"));
        azure = await p.plan(path.join(root, "stacks/Pulumi.azure-phase3-prod.yaml"));
    }, 120_000);

    it("the hosting stack exports its URL, tenant and gateway URL under controlPlane", () => {
        expect(prod.run.outputs.controlPlane).toMatchObject({ url: "https://truefoundry.example.com", tenantName: "example", stack: "aws-phase3-prod", gatewayUrl: "https://llm.example.com" });
        // What its gateway config puts in the tenant, so that the others cannot redefine it.
        const objects = (prod.run.outputs.controlPlane as { gatewayObjects: Record<string, string> }).gatewayObjects;
        expect(Object.keys(objects)).toEqual(expect.arrayContaining(["provider-account/openai/openai-main", "provider-account/virtual-model/platform", "gateway-rate-limiting-config"]));
        expect(prod.references).toEqual([]);
    });

    it.each(["aws-phase3-staging", "azure-phase3-prod"])("%s holds no control-plane URL or tenant in its stack file, reads them by StackReference and gives them to the agent and the gateway", (stack) => {
        const plan = stack === "azure-phase3-prod" ? azure : staging;
        const file = parse(readFileSync(path.join(root, `stacks/Pulumi.${stack}.yaml`), "utf8")).config["splitplane:controlPlane"];
        expect(file).toEqual({ stackReference: "organization/splitplane/aws-phase3-prod" });
        expect(plan.references.map((r) => [r.stack, r.key])).toEqual([["aws-phase3-prod", "splitplane:controlPlane.stackReference"]]);
        const read = one(plan.run, "pulumi:pulumi:StackReference");
        expect(read.read).toBe(true);
        const agent = one(plan.run, RELEASE, "agent-chart");
        const gateway = one(plan.run, RELEASE, "llm-gateway-chart");
        expect(values(agent).config).toMatchObject({ controlPlaneURL: "https://truefoundry.example.com", tenantName: "example" });
        expect(values(gateway).global.controlPlaneURL).toBe("https://truefoundry.example.com");
        // Nothing of the control plane runs here: no truefoundry chart, no gateway config delivered to a cluster.
        expect(plan.run.resources.filter((r) => r.type === RELEASE).map((r) => inputsOf(r).chart)).not.toContain("truefoundry");
        expect(plan.run.resources.some((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name === "gateway-manifests")).toBe(false);
        expect(plan.run.outputs).toMatchObject({ controlPlaneUrl: "https://truefoundry.example.com", controlPlaneMode: "hosted", controlPlaneStack: "aws-phase3-prod" });
        expect(plan.run.outputs.controlPlane).toBeUndefined();
        void dependsOn;
    });

    it("each stack exports what its gateway config puts in which tenant; planned together, the siblings agree", async () => {
        const { siblingTenantProblems, tenantEntryOf } = await import("../../stacks/shared-tenant");
        const entries = [prod, staging, azure].map((p) => tenantEntryOf(p, `stacks/Pulumi.${p.stack}.yaml`)!);
        for (const e of entries) {
            expect(e.tenant).toMatchObject({ controlPlaneUrl: "https://truefoundry.example.com", tenantName: "example", controlPlaneStack: "aws-phase3-prod", gatewayConfig: "gateway/examples/phase3" });
        }
        // The host's own entry holds what it exports to its readers.
        expect(entries[0].tenant.objects).toEqual((prod.run.outputs.controlPlane as { gatewayObjects: Record<string, string> }).gatewayObjects);
        expect(siblingTenantProblems(entries)).toEqual([]);
        // Staging's config changed so that one object differs: azure-phase3-prod, planned after it, is told.
        const changed = { ...entries[1], tenant: { ...entries[1].tenant, objects: { ...entries[1].tenant.objects, "provider-account/openai/openai-main": "0000000000000000" } } };
        const clash = siblingTenantProblems([changed, entries[2]]);
        expect(clash.map((c) => [c.file, c.problems.length])).toEqual([["stacks/Pulumi.azure-phase3-prod.yaml", 1]]);
        expect(clash[0].problems[0]).toMatch(/^stacks\/Pulumi\.azure-phase3-prod\.yaml: splitplane:gateway\.config defines provider-account\/openai\/openai-main, which stacks\/Pulumi\.aws-phase3-staging\.yaml defines differently in the shared tenant example \(https:\/\/truefoundry\.example\.com, hosted by stack aws-phase3-prod\)/);
    });

    it("each environment registers under its own names in the shared tenant: gateway ids and clusters never collide", () => {
        const ids = [prod, staging, azure].map((p) => p.run.outputs.llmGatewayId);
        expect(ids).toEqual(["example-aws-phase3-prod", "example-aws-phase3-staging", "example-azure-phase3-prod"]);
        expect(new Set([prod, staging, azure].map((p) => p.run.outputs.clusterName)).size).toBe(3);
    });
});

describe("one tenant: an environment may not redefine what the hosting environment's gateway config defines", () => {
    it("a different definition of the same object is a config error naming both stacks; the same one passes", async () => {
        const { sharedTenantProblems } = await import("../../stacks/shared-control-plane");
        const m = (type: string, name: string, body: string) => ({ type, name, content: `# Generated by splitplane\n# Do not edit\ntype: ${type}\nname: ${name}\n${body}\n` });
        const host = { url: "https://tfy.example.com", tenantName: "acme", stack: "aws-cp", gatewayObjects: (await import("../../stacks/shared-control-plane")).tenantObjects([m("provider-account/openai", "openai-main", "a: 1"), m("gateway-budget-config", "budgets", "rules: []")]) };
        expect(sharedTenantProblems([m("provider-account/openai", "openai-main", "a: 1")], host, FILE, "gw")).toEqual([]);
        expect(sharedTenantProblems([m("provider-account/openai", "openai-main", "a: 2"), m("gateway-budget-config", "my-budgets", "rules: [x]")], host, FILE, "gw")).toEqual([
            `${FILE}: splitplane:gateway.config defines provider-account/openai/openai-main, which stack aws-cp defines differently in the shared tenant acme: applying one would overwrite the other; name it for this environment (openai-main-<environment>) or share one definition (got "gw")`,
            `${FILE}: splitplane:gateway.config defines gateway-budget-config, which stack aws-cp defines differently in the shared tenant acme: applying one would overwrite the other; keep one such config for the tenant (its rules scoped by metadata environment), applied from one place (got "gw")`,
        ]);
    });
});

describe("bad references are config errors naming the stacks and the key", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sp-shared-cp-"));
    const write = (stack: string, body: Record<string, unknown>) => {
        const lines = Object.entries(body).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
        writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n${lines.join("\n")}\n`);
        return path.join(dir, `Pulumi.${stack}.yaml`);
    };
    const aws = { "aws:region": "eu-west-1", "splitplane:cloud": "aws", "splitplane:environment": "staging", "splitplane:phase": 3, "splitplane:cluster": { admins: ["arn:aws:iam::111122223333:role/platform-admin"] }, "splitplane:nodePools": { amiAlias: "al2023@v20260512" } };
    const reads = (stack: string) => ({ ...aws, "splitplane:controlPlane": { stackReference: `organization/splitplane/${stack}` }, "splitplane:operations": { telemetry: { endpoint: "https://otlp.example.com" } } });

    it("a stack that hosts no control plane (it connects to one by URL)", async () => {
        write("by-url", { ...aws, "splitplane:controlPlane": { mode: "hosted", url: "https://acme.truefoundry.cloud", tenantName: "acme" }, "splitplane:operations": { telemetry: { endpoint: "https://otlp.example.com" } } });
        const lines = await configErrorOf(planner().plan(write("reader", reads("by-url"))));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/Pulumi\.reader\.yaml: splitplane:controlPlane\.stackReference must name a stack that hosts the control plane \(a self-hosted splitplane:controlPlane, which exports controlPlane\), but stack by-url \(organization\/splitplane\/by-url\) exports no controlPlane \(got a stack without a control plane of its own\)$/);
    }, 60_000);

    it("a stack that does not exist, and a cycle", async () => {
        const missing = await configErrorOf(planner().plan(write("lost", reads("nowhere"))));
        expect(missing[0]).toMatch(/Pulumi\.lost\.yaml: splitplane:controlPlane\.stackReference \("organization\/splitplane\/nowhere"\) references stack "nowhere", but there is no .*Pulumi\.nowhere\.yaml/);
        write("cycle-a", reads("cycle-b"));
        const cycle = await configErrorOf(planner().plan(write("cycle-b", reads("cycle-a"))));
        expect(cycle.join("\n")).toMatch(/splitplane:controlPlane\.stackReference \("organization\/splitplane\/cycle-[ab]"\) makes a cycle of stack references: cycle-[ab] -> cycle-[ab] -> cycle-[ab]/);
    }, 60_000);
});
