import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/catalog";

/**
 * The pack as CrossGuard runs it: `pulumi preview --policy-pack policies` starts the Node policy
 * runner in the pack's folder (ts-node with type checking, the pack's own tsconfig.json and
 * package.json), reads the analyzer's port from stdout and speaks gRPC to it. This test does
 * exactly that, with no Pulumi CLI: it proves the entry compiles, constructs one PolicyPack with
 * valid names and schemas, and judges resources over the wire the way the offline engine does.
 */

/* eslint-disable @typescript-eslint/no-var-requires */
const grpc = require("@grpc/grpc-js");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-var-requires */

const root = path.resolve(__dirname, "../..");
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let pack: ChildProcess;
let client: any;

const call = <T>(method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

function analyzeRequest(type: string, name: string, props: Record<string, unknown>) {
    const req = new pb.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:ci::splitplane::${type}::${name}`);
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(new pb.AnalyzerResourceOptions());
    return req;
}

interface Diagnostic {
    policy: string;
    level: number;
    message: string;
}

async function analyze(type: string, name: string, props: Record<string, unknown>): Promise<{ diagnostics: Diagnostic[]; notApplicable: Map<string, string> }> {
    const res: any = await call("analyze", analyzeRequest(type, name, props));
    return {
        diagnostics: res.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() })),
        notApplicable: new Map(res.getNotApplicableList().map((n: any) => [n.getPolicyName(), n.getReason()])),
    };
}

async function analyzeStack(stack: string, resources: Array<{ type: string; name: string; props: Record<string, unknown> }>): Promise<Diagnostic[]> {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const a = new pb.AnalyzerResource();
            a.setType(r.type);
            a.setName(r.name);
            a.setUrn(`urn:pulumi:${stack}::splitplane::${r.type}::${r.name}`);
            a.setProperties(Struct.fromJavaScript(r.props));
            a.setOptions(new pb.AnalyzerResourceOptions());
            return a;
        }),
    );
    const res: any = await call("analyzeStack", req);
    return res.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
}

describe("the pack under the CrossGuard policy runner", () => {
    beforeAll(async () => {
        pack = spawn(process.execPath, [path.join(root, "node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js"), "127.0.0.1:0", "."], { cwd: path.join(root, "policies") });
        let stderr = "";
        pack.stderr?.on("data", (d) => (stderr += d));
        const port = await new Promise<string>((resolve, reject) => {
            pack.stdout?.on("data", (d) => resolve(String(d).trim()));
            pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
        });
        client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }, 60_000);

    afterAll(() => {
        client?.close();
        pack?.kill();
    });

    it("serves one pack named splitplane-policies at the package.json version, with every policy and its level", async () => {
        const info: any = await call("getAnalyzerInfo", new Empty());
        expect(info.getName()).toBe("splitplane-policies");
        expect(info.getVersion()).toBe("0.1.0");
        const served = info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]);
        expect(served).toEqual(allPolicies.map((p) => [p.name, p.enforcementLevel === "mandatory" ? pb.EnforcementLevel.MANDATORY : pb.EnforcementLevel.ADVISORY]));
    });

    it("reports a mandatory violation for a security group open to the internet", async () => {
        const { diagnostics } = await analyze("aws:ec2/securityGroup:SecurityGroup", "web", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
        expect(diagnostics).toEqual([{ policy: "aws-sg-no-internet-ingress", level: pb.EnforcementLevel.MANDATORY, message: expect.stringContaining("ingress[0] admits 0.0.0.0/0 (the internet) on port 443") }]);
    });

    it("reports a known violation, then downgrades the unknown value to an advisory 'can't run during preview'", async () => {
        const { diagnostics } = await analyze("aws:ec2/securityGroup:SecurityGroup", "mixed", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [UNKNOWN_STRING] }] });
        expect(diagnostics.map((d) => d.level)).toEqual([pb.EnforcementLevel.MANDATORY, pb.EnforcementLevel.ADVISORY]);
        expect(diagnostics[1].message).toMatch(/can't run policy 'aws-sg-no-internet-ingress' from policy pack .* during preview: string value at \.ingress\.1\.cidrBlocks\.0/);
    });

    it("treats a missing allowSharedKeyAccess as enabled, and passes the hardened account", async () => {
        const open = await analyze("azure-native:storage:StorageAccount", "open", { allowBlobPublicAccess: false, publicNetworkAccess: "Disabled" });
        expect(open.diagnostics.map((d) => d.policy)).toEqual(["azure-storage-no-shared-key", "azure-storage-tls-disk-encryption", "azure-customer-managed-keys"]);
        const hardened = await analyze("azure-native:storage:StorageAccount", "hardened", { allowBlobPublicAccess: false, allowSharedKeyAccess: false, publicNetworkAccess: "Disabled", minimumTlsVersion: "TLS1_2", encryption: { keySource: "Microsoft.Keyvault" } });
        expect(hardened.diagnostics).toEqual([]);
    });

    it("with no --policy-pack-config, blocks no unprotected stateful resource outside prod and no Pod Identity cluster", async () => {
        const resources = [
            { type: "aws:kms/key:Key", name: "data", props: { enableKeyRotation: true } },
            { type: "aws:eks/cluster:Cluster", name: "plane", props: { roleArn: "r", vpcConfig: { endpointPublicAccess: false, subnetIds: ["s"] }, identities: [{ oidcs: [{ issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF" }] }] } },
        ];
        expect((await analyzeStack("dev", resources)).filter((d) => d.level === pb.EnforcementLevel.MANDATORY)).toEqual([]);
        const prod = await analyzeStack("aws-prod", resources);
        expect(prod.filter((d) => d.level === pb.EnforcementLevel.MANDATORY).map((d) => d.policy)).toEqual(["stack-prod-stateful-protected", "stack-prod-stateful-protected"]);
    });

    it("lists an exemption from policy config as not applicable, with its reason", async () => {
        const cfg = new pb.ConfigureAnalyzerRequest();
        const lb = new pb.PolicyConfig();
        lb.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
        lb.setProperties(Struct.fromJavaScript({ exemptions: [{ urn: "urn:pulumi:ci::splitplane::aws:lb/loadBalancer:LoadBalancer::public", reason: "public inference endpoint behind WAF" }], tagExemptions: false }));
        cfg.getPolicyconfigMap().set("aws-lb-internal-only", lb);
        await call("configure", cfg);
        const { diagnostics, notApplicable } = await analyze("aws:lb/loadBalancer:LoadBalancer", "public", { internal: false });
        expect(diagnostics).toEqual([]);
        expect(notApplicable.get("aws-lb-internal-only")).toBe("exempted: public inference endpoint behind WAF");
    });
});
