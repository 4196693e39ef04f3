import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import type { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { inputsOf, one } from "../../engine/testing";
import { type CompiledGateway, GATEWAY_VERSION, compile, describeCredential, loadGatewayConfig } from "../../gateway";
import { walk } from "../../gateway/validate/credentials";

/** Delivery: the compiled manifests as a versioned, immutable ConfigMap in the control plane namespace. */

let compiled: CompiledGateway;
let run: ProgramRun;

beforeAll(async () => {
    compiled = compile((await loadGatewayConfig("gateway/examples/phase1")).config);
    run = await runProgram({
        program: async () => {
            const k8s = await import("@pulumi/kubernetes");
            const { GatewayConfig } = await import("../../components/platform/gateway-config");
            const provider = new k8s.Provider("control-plane", { kubeconfig: "{}" });
            const gw = new GatewayConfig("gateway", { manifests: compiled.manifests, namespace: "truefoundry", provider, labels: { "splitplane.dev/gateway-version": "spoofed", team: "platform" } });
            return { configMapName: gw.configMapName };
        },
    });
});

describe("GatewayConfig", () => {
    it("registers one ConfigMap as a child of the splitplane:platform:GatewayConfig component", () => {
        const component = one(run, "splitplane:platform:GatewayConfig", "gateway");
        const cm = one(run, "kubernetes:core/v1:ConfigMap", "gateway-manifests");
        expect(cm.parent).toBe(component.urn);
    });

    it("names the ConfigMap after the content hash, so a config change rolls a new object", async () => {
        const cm = inputsOf(one(run, "kubernetes:core/v1:ConfigMap"));
        expect(cm.metadata.name).toBe(`gateway-${compiled.contentHash.slice(0, 10)}`);
        expect(run.outputs.configMapName).toBe(cm.metadata.name);
        const { gatewayConfigMapName } = await import("../../components/platform/gateway-config");
        const changed = compiled.manifests.map((m, i) => (i === 0 ? { ...m, content: `${m.content}# edited\n` } : m));
        expect(gatewayConfigMapName("gateway", changed)).not.toBe(cm.metadata.name);
    });

    it("puts it in the control plane namespace, immutable, labelled with the gateway version", () => {
        const cm = inputsOf(one(run, "kubernetes:core/v1:ConfigMap"));
        expect(cm.metadata.namespace).toBe("truefoundry");
        expect(cm.immutable).toBe(true);
        expect(cm.metadata.labels).toMatchObject({
            "splitplane.dev/gateway-version": GATEWAY_VERSION, // the enforced label wins over the caller's
            "splitplane.dev/content-hash": compiled.contentHash.slice(0, 40),
            "app.kubernetes.io/managed-by": "splitplane",
            team: "platform",
        });
    });

    it("carries exactly the compiled manifests, one key per `tfy apply -f` file, and no credential", () => {
        const cm = inputsOf(one(run, "kubernetes:core/v1:ConfigMap"));
        expect(cm.data).toEqual(Object.fromEntries(compiled.manifests.map((m) => [m.file, m.content])));
        walk(cm.data, [], undefined, (p, key, value) => expect(describeCredential(key, value), p.join(".")).toBeUndefined());
    });

    it("uses the given provider, never the ambient kubeconfig", () => {
        const provider = one(run, "pulumi:providers:kubernetes", "control-plane");
        expect(one(run, "kubernetes:core/v1:ConfigMap").provider?.startsWith(`${provider.urn}::`)).toBe(true);
    });
});

describe("GatewayConfig args", () => {
    it("rejects a bad namespace and an empty manifest list as config errors naming the component", async () => {
        const { gatewayConfigArgsSchema } = await import("../../components/platform/gateway-config");
        const bad = gatewayConfigArgsSchema.safeParse({ manifests: [], namespace: "TrueFoundry", provider: {} });
        expect(bad.success).toBe(false);
        expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(["manifests", "namespace", "provider"]);
        await expect(
            runProgram({
                program: async () => {
                    const k8s = await import("@pulumi/kubernetes");
                    const { GatewayConfig } = await import("../../components/platform/gateway-config");
                    new GatewayConfig("gw", { manifests: compiled.manifests, namespace: "Bad_NS", provider: new k8s.Provider("p", {}) });
                },
            }),
        ).rejects.toSatisfy((e: unknown) => ConfigError.is(e) && e.problems[0]!.startsWith('splitplane:platform:GatewayConfig "gw": namespace must be a DNS-1123 label'));
    });
});
