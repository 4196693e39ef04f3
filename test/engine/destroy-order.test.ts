import { beforeAll, describe, expect, it } from "vitest";
import { destroyProblems, rendersLoadBalancer } from "../../engine/destroy-order";
import { programFromFile } from "../../engine/program";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";

// Every example stack is checked in example-stacks.test.ts; this holds the checker to its rules.
describe("destroy order: owners of controller-made resources wait for their controllers, controllers for their path to the API", () => {
    let wired: ProgramRun;
    let bare: ProgramRun;
    beforeAll(async () => {
        wired = await runProgram({ program: programFromFile("test/fixtures/destroy/program.ts"), stack: "destroy", config: { "aws:region": "eu-west-1", "destroy:wired": "true" } });
        bare = await runProgram({ program: programFromFile("test/fixtures/destroy/program.ts"), stack: "destroy", config: { "aws:region": "eu-west-1", "destroy:wired": "false" } });
    });

    it("passes a graph with every edge (the cluster through the Kubernetes provider)", () => {
        expect(destroyProblems(wired)).toEqual([]);
    });

    it("names each missing edge: NodePool -> Karpenter, Ingress and a LoadBalancer chart -> the LB controller, controllers -> their endpoints or NAT", () => {
        const problems = destroyProblems(bare);
        expect(problems).toEqual([
            expect.stringMatching(/^kubernetes:karpenter\.sh\/v1:NodePool pool must wait for kubernetes:helm\.sh\/v3:Release karpenter \(Karpenter terminates/),
            expect.stringMatching(/^kubernetes:helm\.sh\/v3:Release gateway must wait for kubernetes:helm\.sh\/v3:Release lb-controller/),
            expect.stringMatching(/^kubernetes:networking\.k8s\.io\/v1:Ingress ingress must wait for kubernetes:helm\.sh\/v3:Release lb-controller \(the Load Balancer Controller deletes/),
            "kubernetes:helm.sh/v3:Release karpenter must wait for endpoints-ec2, nat (its path to the ec2, sqs, ssm, sts, eks-auth APIs (those VPC endpoints, or else the NAT gateways): pulumi destroy may delete them while it still deletes what it made)",
            expect.stringMatching(/^kubernetes:helm\.sh\/v3:Release lb-controller must wait for endpoints-ec2, nat /),
        ]);
    });

    it("finds a LoadBalancer Service anywhere in chart values, and only there", () => {
        expect(rendersLoadBalancer({ controller: { service: { type: "LoadBalancer" } } })).toBe(true);
        expect(rendersLoadBalancer({ service: { type: "ClusterIP" }, other: [{ type: "NodePort" }] })).toBe(false);
    });
});
