import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { loosenedDefaults } from "../../config/loosening";
import { parseStackConfig } from "../../config/parse";
import { runProgram } from "../../engine/run";
import { platformConfigProblems } from "../../stacks/platform";
import * as path from "node:path";
import { programFromFile } from "../../engine/program";
import { ROOT, stackFileConfig } from "../aws/scenario";
import { fakePlane } from "./fake-plane";

/**
 * Bad mesh settings: a config error naming the file, the key, what was expected and what was
 * given, before anything is registered. Exceptions are loosenings: the plan report lists each.
 */

const FILE = "stacks/Pulumi.t.yaml";
const base = { "splitplane:cloud": "aws", "splitplane:environment": "dev" };
const plane = { secretStore: { namePrefix: "splitplane/t/" }, ingress: { gatewayService: { namespace: "istio-ingress", name: "istio-ingressgateway", port: 80 } } } as never;
const exception = (over: Record<string, unknown> = {}) => ({ namespace: "team-a", selector: { app: "webhook" }, port: 9443, reason: "the API server calls this admission webhook", ...over });

function problems(extra: Record<string, unknown>): string[] {
    const flat: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(extra)) flat[`splitplane:${k}`] = JSON.stringify(v);
    try {
        return platformConfigProblems(plane, parseStackConfig(flat, FILE), FILE);
    } catch (err) {
        if (ConfigError.is(err)) return [...err.problems];
        throw err;
    }
}

describe("mesh config: bad input names file, key, expected and got", () => {
    it("defaults: every host, no namespaces of the user's, no exceptions, two to five gateway replicas", () => {
        const cfg = parseStackConfig(base, FILE);
        expect(cfg.mesh).toEqual({ hosts: ["*"], namespaces: [], gateway: { minReplicas: 2, maxReplicas: 5 }, mtlsExceptions: [] });
        expect(cfg.charts.istio).toBe("1.30.3");
        expect(problems({})).toEqual([]);
    });

    it("a namespace that is not a DNS label", () => {
        expect(problems({ mesh: { namespaces: ["Team_A"] } })).toEqual([
            `${FILE}: splitplane:mesh.namespaces[0] must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "Team_A")`,
        ]);
    });

    it("an exception port out of range, an empty selector, a short reason", () => {
        expect(problems({ mesh: { namespaces: ["team-a"], mtlsExceptions: [exception({ port: 70000 })] } })).toEqual([`${FILE}: splitplane:mesh.mtlsExceptions[0].port must be between 1 and 65535 (got 70000)`]);
        expect(problems({ mesh: { namespaces: ["team-a"], mtlsExceptions: [exception({ port: 0 })] } })).toEqual([`${FILE}: splitplane:mesh.mtlsExceptions[0].port must be between 1 and 65535 (got 0)`]);
        expect(problems({ mesh: { namespaces: ["team-a"], mtlsExceptions: [exception({ selector: {}, reason: "short" })] } })).toEqual([
            `${FILE}: splitplane:mesh.mtlsExceptions[0].selector must select the workload by at least one label (got {})`,
            `${FILE}: splitplane:mesh.mtlsExceptions[0].reason must be at least 20 characters long (got "short")`,
        ]);
    });

    it("a controller's or the cluster's namespace cannot join the mesh", () => {
        for (const ns of ["kube-system", "istio-system", "istio-ingress", "external-secrets", "argocd"]) {
            expect(problems({ mesh: { namespaces: [ns] } })).toEqual([expect.stringMatching(new RegExp(`^${FILE}: splitplane:mesh\\.namespaces\\[0\\] must be a namespace of your own, not the cluster's or a controller's \\(.*\\) \\(got "${ns}"\\)$`))]);
        }
    });

    it("a namespace the platform already puts in the mesh, or listed twice", () => {
        const cp = { url: "https://tfy.example.com", tenantName: "acme" };
        expect(problems({ controlPlane: cp, mesh: { namespaces: ["tfy-agent"] } })).toEqual([
            `${FILE}: splitplane:mesh.namespaces[0] must not be a namespace the platform already puts in the mesh (truefoundry, tfy-agent) (got "tfy-agent")`,
        ]);
        expect(problems({ mesh: { namespaces: ["team-a", "team-a"] } })).toEqual([`${FILE}: splitplane:mesh.namespaces[1] must be unique (got "team-a" twice)`]);
    });

    it("an exception outside the user's namespaces in the mesh (its PeerAuthentication would have no effect, or no namespace)", () => {
        expect(problems({ mesh: { namespaces: ["team-a"], mtlsExceptions: [exception({ namespace: "team-b" })] } })).toEqual([
            `${FILE}: splitplane:mesh.mtlsExceptions[0].namespace must be one of your namespaces in the mesh (mesh.namespaces or secretSync.consumers: team-a) (got "team-b")`,
        ]);
        expect(problems({ mesh: { namespaces: ["team-a"], mtlsExceptions: [exception({ namespace: "kube-system" })] } })).toHaveLength(1);
    });

    it("a routed host the platform Gateway does not serve (its VirtualService would never bind)", () => {
        const cp = { url: "https://tfy.example.com", tenantName: "acme" };
        expect(problems({ controlPlane: cp, llmGateway: { host: "llm.other.org" }, mesh: { hosts: ["*.example.com"] } })).toEqual([
            `${FILE}: splitplane:llmGateway.host must be a host the platform Gateway serves (mesh.hosts: *.example.com) (got "llm.other.org")`,
        ]);
        expect(problems({ controlPlane: cp, llmGateway: { host: "llm.example.com" }, mesh: { hosts: ["llm.example.com"] } })).toEqual([
            `${FILE}: splitplane:controlPlane.url must be a host the platform Gateway serves (mesh.hosts: llm.example.com) (got "tfy.example.com")`,
        ]);
        expect(problems({ controlPlane: cp, llmGateway: { host: "llm.example.com" }, mesh: { hosts: ["*.example.com"] } })).toEqual([]);
        // A wildcard covers one or more labels below its suffix, never the suffix itself.
        expect(problems({ controlPlane: cp, mesh: { hosts: ["*.tfy.example.com"] } })).toHaveLength(1);
    });

    it("nothing is registered when the mesh config is wrong", async () => {
        const run = await runProgram({
            stack: "bad-mesh",
            program: async () => {
                const p = fakePlane();
                const { installPlatform } = await import("../../stacks/platform");
                const cfg = parseStackConfig({ ...base, "splitplane:mesh": JSON.stringify({ mtlsExceptions: [exception()] }) }, FILE);
                expect(() => installPlatform(p, cfg, FILE)).toThrow(/mtlsExceptions\[0\]\.namespace must be one of your namespaces/);
                return {};
            },
        });
        // The fake plane's own provider and ready marker only.
        expect(run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.name)).toEqual(["fake-ready"]);
    });
});

describe("the whole program refuses a bad mesh before the cloud's first resource", () => {
    it("aws-phase1 with a controller's namespace in the mesh: a ConfigError naming the file and key, and nothing registered", async () => {
        const stack = "aws-phase1";
        const config = { ...stackFileConfig(stack), "splitplane:mesh": JSON.stringify({ namespaces: ["argocd"] }) };
        let err: unknown;
        const main = programFromFile(path.join(ROOT, "stacks/index.ts"));
        const run = await runProgram({ stack, config, program: () => main().catch((e: unknown) => (err = e)) });
        expect(ConfigError.is(err)).toBe(true);
        expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^stacks\/Pulumi\.aws-phase1\.yaml: splitplane:mesh\.namespaces\[0\] must be a namespace of your own, not the cluster's or a controller's \(.*\) \(got "argocd"\)$/)]);
        expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });
});

describe("each exception is a reported loosening", () => {
    it("the plan report's loosened defaults name the port, the workload and the reason", () => {
        const cfg = parseStackConfig({ ...base, "splitplane:mesh": JSON.stringify({ namespaces: ["team-a"], mtlsExceptions: [exception(), exception({ port: 8443 })] }) }, FILE);
        const mesh = loosenedDefaults(cfg).filter((l) => l.startsWith("splitplane:mesh."));
        expect(mesh).toEqual([
            "splitplane:mesh.mtlsExceptions: plain text admitted on port 9443 of team-a/{app=webhook} (the API server calls this admission webhook)",
            "splitplane:mesh.mtlsExceptions: plain text admitted on port 8443 of team-a/{app=webhook} (the API server calls this admission webhook)",
        ]);
        expect(loosenedDefaults(parseStackConfig(base, FILE)).filter((l) => l.startsWith("splitplane:mesh."))).toEqual([]);
    });
});
