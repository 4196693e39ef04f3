import * as path from "node:path";
import type { ComputePlane } from "../../components/compute-plane";
import { loadStackFile } from "../../config/load";
import { byType, inputsOf, outputsOf } from "../../engine/testing";
import { ProgramRun, RecordedResource } from "../../engine/resource";
import { runStackProgram } from "../stack-run";

export const ROOT = path.resolve(__dirname, "../..");

export interface Scenario {
    run: ProgramRun;
    /** Values the program resolved through the plane (binding a service account, the ESO provider block). */
    probe: Record<string, unknown>;
}

/**
 * Runs the AWS program for one stack config under the offline engine. With `probe`, the program
 * also exercises the ComputePlane the stack returns, as a platform component would. With
 * `newStack`, it runs as the first preview of a stack that does not exist yet (computed outputs unknown).
 */
export async function runAwsStack(
    stack: string,
    config: Record<string, string>,
    probe?: (plane: ComputePlane) => Record<string, unknown>,
    options: { newStack?: boolean } = {},
): Promise<Scenario> {
    const { provisionAws } = await import("../../stacks/aws");
    const k8s = await import("@pulumi/kubernetes");
    // The program's mesh owns the gateway's namespace (components/platform/mesh); the AWS program
    // alone stands one in, so the ALB Ingress in front of it is planned as `pulumi up` would.
    const provision = async (cfg: Parameters<typeof provisionAws>[0]) => {
        const d = await provisionAws(cfg);
        if (d.plane && d.exposeGateway) {
            const ns = new k8s.core.v1.Namespace("gateway-namespace-stand-in", { metadata: { name: d.plane.ingress.gatewayService.namespace } }, { provider: d.plane.provider });
            Object.assign(d.outputs, d.exposeGateway(ns));
        }
        return d;
    };
    return runStackProgram(stack, config, provision, probe && ((d) => (d.plane ? probe(d.plane) : undefined)), options);
}

/** The flat config of an example stack file. */
export const stackFileConfig = (stack: string) => loadStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), ROOT).values;

export const find = (run: ProgramRun, type: string, name: string): RecordedResource => {
    const r = byType(run, type).find((x) => x.name === name);
    if (!r) throw new Error(`no ${type} named ${name}; have: ${byType(run, type).map((x) => x.name).join(", ")}`);
    return r;
};
export const ins = (run: ProgramRun, type: string, name: string) => inputsOf(find(run, type, name));
export const outs = (run: ProgramRun, type: string, name: string) => outputsOf(find(run, type, name));
export const allInputs = (run: ProgramRun, type: string) => byType(run, type).map((r) => ({ name: r.name, inputs: inputsOf(r) }));
export const json = (s: unknown) => JSON.parse(String(s));

export const T = {
    cluster: "aws:eks/cluster:Cluster",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    sgRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    release: "kubernetes:helm.sh/v3:Release",
    nodePool: "kubernetes:karpenter.sh/v1:NodePool",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    rds: "aws:rds/instance:Instance",
    k8sProvider: "pulumi:providers:kubernetes",
} as const;
