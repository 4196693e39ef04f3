import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/parse";
import { resolveSplitPlane, splitPlaneLoosened, splitPlaneProblems } from "../../config/split-plane";

const FILE = "stacks/Pulumi.t.yaml";
const base = { "splitplane:cloud": "aws", "splitplane:environment": "dev" };
const cp = { url: "https://tfy.example.com", tenantName: "acme" };

function parse(extra: Record<string, unknown>) {
    const flat: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(extra)) flat[`splitplane:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    return parseStackConfig(flat, FILE);
}

function problems(extra: Record<string, unknown>): string[] {
    try {
        const cfg = parse(extra);
        return splitPlaneProblems(cfg, FILE);
    } catch (err) {
        if (ConfigError.is(err)) return [...err.problems];
        throw err;
    }
}

describe("split-plane config sections", () => {
    it("defaults: self-hosted in the truefoundry namespace, agent on in strict mode, gateway on", () => {
        const cfg = parse({ controlPlane: cp });
        expect(cfg.controlPlane).toEqual({ mode: "self-hosted", url: "https://tfy.example.com", tenantName: "acme", namespace: "truefoundry", resourceTier: "medium" });
        expect(cfg.agent).toEqual({ enabled: true, namespace: "tfy-agent", allowedNamespaces: [], clusterWideAccess: false, truefoundrySecretStore: false });
        expect(cfg.llmGateway).toMatchObject({ enabled: true, replicas: { max: 10 }, resourceTier: "medium" });
        expect(cfg.charts).toMatchObject({ truefoundry: "0.168.2", tfyAgent: "0.2.100", tfyLlmGateway: "0.168.0" });
        expect(problems({ controlPlane: cp })).toEqual([]);
    });

    it("a control-plane URL that is not https names the key and the value", () => {
        expect(problems({ controlPlane: { ...cp, url: "http://tfy.example.com" } })).toEqual([
            `${FILE}: splitplane:controlPlane.url must be an https:// URL such as https://truefoundry.example.com (got "http://tfy.example.com")`,
        ]);
        expect(problems({ controlPlane: { ...cp, url: "https://tfy.example.com/" } })).toEqual([
            `${FILE}: splitplane:controlPlane.url must not end with '/' (the charts append paths to it) (got "https://tfy.example.com/")`,
        ]);
    });

    it("a tenant name or an allowed namespace that is not a DNS label", () => {
        expect(problems({ controlPlane: { ...cp, tenantName: "Acme_Corp" } })).toEqual([
            `${FILE}: splitplane:controlPlane.tenantName must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "Acme_Corp")`,
        ]);
        expect(problems({ controlPlane: cp, agent: { allowedNamespaces: ["apps", "-bad"] } })).toEqual([
            `${FILE}: splitplane:agent.allowedNamespaces[1] must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "-bad")`,
        ]);
    });

    it("a gateway minimum above its maximum", () => {
        expect(problems({ controlPlane: cp, llmGateway: { replicas: { min: 12, max: 4 } } })).toEqual([`${FILE}: splitplane:llmGateway.replicas.min must not exceed llmGateway.replicas.max (4) (got 12)`]);
    });

    it("a misspelt key is refused, not ignored", () => {
        expect(problems({ controlPlane: { ...cp, controlPlaneUrl: "https://x" } })).toEqual([
            `${FILE}: splitplane:controlPlane.controlPlaneUrl is not a known key; known keys here: mode, url, tenantName, stackReference, namespace, resourceTier, sso`,
        ]);
    });

    it("cross-section rules: the agent and gateway need a control plane; no self-hosted control plane on Azure", () => {
        expect(problems({ agent: { allowedNamespaces: ["apps"] } })).toEqual([
            `${FILE}: splitplane:agent needs splitplane:controlPlane (the agent connects with a control plane) (got agent settings and no controlPlane)`,
        ]);
        expect(problems({ llmGateway: { host: "llm.example.com" } })).toEqual([
            `${FILE}: splitplane:llmGateway needs splitplane:controlPlane (the gateway registers with a control plane) (got llmGateway settings and no controlPlane)`,
        ]);
        const azure = { "splitplane:cloud": "azure", "splitplane:environment": "dev", "splitplane:controlPlane": JSON.stringify(cp) };
        const cfg = parseStackConfig(azure, FILE);
        expect(splitPlaneProblems(cfg, FILE)).toEqual([
            `${FILE}: splitplane:controlPlane.mode must be "hosted" on azure (the truefoundry chart takes only a database password and a Blob account key there) (got "self-hosted")`,
        ]);
    });

    it("the chart-wide ClusterRole and a namespace list are contradictory", () => {
        expect(problems({ controlPlane: cp, agent: { clusterWideAccess: true, allowedNamespaces: ["apps"] } })).toEqual([
            `${FILE}: splitplane:agent.clusterWideAccess must not be true when agent.allowedNamespaces is set (the chart then grants only the listed namespaces) (got true)`,
        ]);
    });
});

describe("resolveSplitPlane: defaults that depend on the tier and the mode", () => {
    const resolved = (extra: Record<string, unknown>, environment = "dev") => {
        const cfg = parseStackConfig({ ...base, "splitplane:environment": environment, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`splitplane:${k}`, JSON.stringify(v)])) }, FILE);
        return resolveSplitPlane(cfg, "aws-dev");
    };
    it("nothing without a control plane", () => {
        expect(resolved({})).toBeUndefined();
    });
    it("gateway beside a self-hosted control plane, in its namespace; in its own namespace with a hosted one", () => {
        expect(resolved({ controlPlane: cp })?.llmGateway).toMatchObject({ namespace: "truefoundry", gatewayId: "acme-aws-dev" });
        expect(resolved({ controlPlane: { ...cp, mode: "hosted" } })?.llmGateway?.namespace).toBe("tfy-llm-gateway");
        expect(resolved({ controlPlane: cp })?.selfHosted).toBe(true);
    });
    it("minimum replicas by tier, never above the maximum; a set minimum wins", () => {
        expect(resolved({ controlPlane: cp })?.llmGateway?.replicas).toEqual({ min: 1, max: 10 });
        expect(resolved({ controlPlane: cp }, "prod")?.llmGateway?.replicas).toEqual({ min: 3, max: 10 });
        expect(resolved({ controlPlane: cp, llmGateway: { replicas: { max: 2 } } }, "prod")?.llmGateway?.replicas).toEqual({ min: 2, max: 2 });
        expect(resolved({ controlPlane: cp, llmGateway: { replicas: { min: 5 } } }, "prod")?.llmGateway?.replicas).toEqual({ min: 5, max: 10 });
    });
    it("the agent and the gateway can be left out", () => {
        const r = resolved({ controlPlane: cp, agent: { enabled: false }, llmGateway: { enabled: false } });
        expect([r?.agent, r?.llmGateway]).toEqual([undefined, undefined]);
    });
    it("the cluster-wide ClusterRole is a reported loosening", () => {
        const cfg = parse({ controlPlane: cp, agent: { clusterWideAccess: true } });
        expect(splitPlaneLoosened(cfg)).toEqual(["splitplane:agent.clusterWideAccess: the agent's proxy holds the chart's default ClusterRole (every verb on every resource of every API group)"]);
        expect(splitPlaneLoosened(parse({ controlPlane: cp }))).toEqual([]);
    });
});
