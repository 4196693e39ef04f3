import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { PlanResult, StackPlanner } from "../../engine/plan";
import { markdownReport, planJson, textReport } from "../../engine/report";
import { configKeyHolding, isStackName, parseStackName } from "../../engine/stack-name";
import { byType, dependsOn, inputsOf, one } from "../../engine/testing";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, "test/fixtures/stack-references");
const program = path.join(dir, "program.ts");
const file = (stack: string) => path.join(dir, `Pulumi.${stack}.yaml`);
const planner = () => new StackPlanner({ projectRoot: root, program, policySet: { policies: [] } });

/** The ConfigError lines a plan fails with (fails the test when it does not fail that way). */
async function configErrorOf(p: Promise<unknown>): Promise<string[]> {
    const err = await p.then(() => undefined, (e: unknown) => e);
    if (!ConfigError.is(err)) throw new Error(`expected a ConfigError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return [...err.problems];
}

describe("pulumi.StackReference resolved from the referenced stack's own offline plan", () => {
    let compute: PlanResult;
    let computeNew: PlanResult;
    beforeAll(async () => {
        const p = planner();
        compute = await p.plan(file("ref-compute"));
        computeNew = await p.plan(file("ref-compute"), { newStack: true });
    });

    it("answers getOutput with the referenced stack's output", () => {
        expect(compute.run.outputs.upstreamUrl).toBe("https://ref-control.example.com");
        expect(inputsOf(one(compute.run, "aws:sqs/queue:Queue")).tags).toEqual({ upstream: "https://ref-control.example.com" });
    });

    it("keeps a secret output secret (getOutput of it is secret), and only that one", () => {
        expect(compute.run.outputs.upstreamToken).toBe("[secret]");
        expect(compute.run.stackOutputs?.upstreamToken).toMatchObject({ secret: true, value: "token-of-ref-control" });
        expect(compute.run.stackOutputs?.upstreamUrl).toMatchObject({ secret: false });
        expect(JSON.stringify(planJson(compute))).not.toContain("token-of-ref-control");
        expect(markdownReport(compute) + textReport(compute)).not.toContain("token-of-ref-control");
    });

    it("answers getOutput of an output the stack does not have with undefined", () => {
        expect(compute.run.stackOutputs?.upstreamMissing).toBeUndefined();
        expect(Object.keys(compute.run.outputs)).not.toContain("upstreamMissing");
    });

    it("records the read as a node that what uses the outputs depends on", () => {
        const read = one(compute.run, "pulumi:pulumi:StackReference");
        expect(read.read).toBe(true);
        expect(read.id).toBe("organization/splitplane/ref-control");
        expect(dependsOn(compute.run, one(compute.run, "aws:sqs/queue:Queue"), read)).toBe(true);
        expect(compute.references).toEqual([{ urn: read.urn, name: "organization/splitplane/ref-control", stack: "ref-control", key: "refs:reads" }]);
    });

    it("reports the read in the terminal, report.md (a diagram edge) and plan.json, and does not count it as a resource to create", () => {
        expect(textReport(compute)).toContain("Reads (pulumi.StackReference, planned first as stacks that exist): organization/splitplane/ref-control (stack ref-control, from refs:reads)");
        expect(textReport(compute)).toMatch(/Resources: 3 resources \(.*\), 1 read/);
        expect(markdownReport(compute)).toMatch(/ref0\[\("stack ref-control"\)\]\n {2}ref0 -\. StackReference \.-> n0/);
        expect(planJson(compute).stackReferences).toEqual(compute.references);
    });

    it("in --new-stack mode reads the referenced stack as one that exists: its outputs are known", () => {
        expect(computeNew.newStack).toBe(true);
        expect(computeNew.run.outputs.upstreamUrl).toBe("https://ref-control.example.com");
        expect(computeNew.run.outputs.upstreamToken).toBe("[secret]");
    });

    it("accepts a Pulumi Cloud organization as well as a self-managed backend's `organization`", async () => {
        const cloud = await planner().plan(file("ref-cloud"));
        expect(cloud.run.outputs.upstreamUrl).toBe("https://ref-control.example.com");
        expect(cloud.references[0]).toMatchObject({ name: "acme/splitplane/ref-control", stack: "ref-control" });
    });

    it("plans a referenced stack first even when no config value names it, and runs it once per planner", async () => {
        const p = planner();
        const computed = await p.plan(file("ref-computed"));
        expect(computed.run.outputs.upstreamUrl).toBe("https://ref-control.example.com");
        expect(computed.references[0].key).toBeUndefined();
        const control = await p.plan(file("ref-control"));
        // The same run object: the referenced stack's cached run, not a second one.
        expect(control.run).toBe(await p.plan(file("ref-control")).then((x) => x.run));
        expect(byType(control.run, "pulumi:pulumi:StackReference")).toEqual([]);
    });

    it("honours requireOutput's error for an output the referenced stack does not have", async () => {
        await expect(planner().plan(file("ref-require"))).rejects.toThrow("Required output 'controlPlaneUrl' does not exist on stack 'organization/splitplane/ref-control'.");
    });
});

describe("bad stack references are config errors naming the stack file, the key and the stacks", () => {
    it("refuses a cycle, naming every stack on it, from either end", async () => {
        const p = planner();
        expect(await configErrorOf(p.plan(file("ref-cycle-a")))).toEqual([
            `test/fixtures/stack-references/Pulumi.ref-cycle-b.yaml: refs:reads ("organization/splitplane/ref-cycle-a") makes a cycle of stack references: ref-cycle-a -> ref-cycle-b -> ref-cycle-a (a stack can only read stacks deployed before it)`,
        ]);
        expect((await configErrorOf(p.plan(file("ref-cycle-b"))))[0]).toContain("ref-cycle-b -> ref-cycle-a -> ref-cycle-b");
    });

    it("refuses a stack that reads itself", async () => {
        expect((await configErrorOf(planner().plan(file("ref-self"))))[0]).toContain("refs:reads (\"organization/splitplane/ref-self\") makes a cycle of stack references: ref-self -> ref-self");
    });

    it("refuses a stack that does not exist, listing the stacks there are", async () => {
        const [line] = await configErrorOf(planner().plan(file("ref-nowhere")));
        expect(line).toMatch(/^test\/fixtures\/stack-references\/Pulumi\.ref-nowhere\.yaml: refs:reads \("organization\/splitplane\/ref-absent"\) references stack "ref-absent", but there is no test\/fixtures\/stack-references\/Pulumi\.ref-absent\.yaml \(stacks here: .*ref-control.*\)$/);
    });

    it("refuses another project's stack: offline cannot plan it", async () => {
        const [line] = await configErrorOf(planner().plan(file("ref-other-project")));
        expect(line).toContain(`refs:reads ("organization/other-project/ref-control") references project "other-project", but this project is "splitplane" (Pulumi.yaml)`);
    });

    it("refuses a short name, which resolves against whichever organization the deployer is logged in to", async () => {
        const [line] = await configErrorOf(planner().plan(file("ref-short")));
        expect(line).toBe(`test/fixtures/stack-references/Pulumi.ref-short.yaml: refs:reads ("ref-control") must be a fully qualified stack name <org>/<project>/<stack> (organization/<project>/<stack> on a self-managed backend) (got "ref-control")`);
    });
});

describe("stack names and the config key holding one", () => {
    it("splits a fully qualified name and rejects others", () => {
        expect(parseStackName("organization/splitplane/aws-phase3-prod")).toEqual({ org: "organization", project: "splitplane", stack: "aws-phase3-prod" });
        expect(isStackName("acme/splitplane/prod")).toBe(true);
        for (const bad of ["prod", "splitplane/prod", "a/b/c/d", "a//c", "a/b c/d"]) expect(isStackName(bad)).toBe(false);
    });

    it("finds the key a name came from, nested in a structured key", () => {
        const values = { "splitplane:phase": "3", "splitplane:controlPlane": JSON.stringify({ mode: "remote", stackReference: "organization/splitplane/cp" }), "x:list": JSON.stringify(["a", "organization/splitplane/other"]) };
        expect(configKeyHolding(values, "organization/splitplane/cp")).toBe("splitplane:controlPlane.stackReference");
        expect(configKeyHolding(values, "organization/splitplane/other")).toBe("x:list[1]");
        expect(configKeyHolding(values, "organization/splitplane/none")).toBeUndefined();
    });
});
