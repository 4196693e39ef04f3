import { beforeAll, describe, expect, it } from "vitest";
import { evaluatePolicies, PolicyResult, violationsOf } from "../../engine/policy";
import { programFromFile } from "../../engine/program";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { testPolicies } from "../fixtures/engine/test-policies";

const find = (results: PolicyResult[], policy: string, urnEnd?: string) =>
    results.filter((r) => r.policy === policy && (urnEnd === undefined || (r.urn ?? "").endsWith(urnEnd)));

describe("evaluatePolicies follows the CrossGuard contract", () => {
    let open: ProgramRun;
    let recorded: ProgramRun;
    beforeAll(async () => {
        open = await runProgram({ program: programFromFile("test/fixtures/engine/open-ingress.ts"), stack: "open", config: { "aws:region": "us-east-1", "aws:accessKey": "[secret]" }, secretKeys: ["aws:accessKey"] });
        recorded = await runProgram({ program: programFromFile("test/fixtures/engine/recorded.ts"), stack: "rec" });
    });

    it("reports a violation on the offending resource at the policy's level", async () => {
        const results = await evaluatePolicies(open.resources, { policies: testPolicies });
        const [sg] = find(results, "test-no-open-ingress", "::web");
        expect(sg).toMatchObject({ outcome: "violation", enforcementLevel: "mandatory", message: "ingress admits 0.0.0.0/0" });
    });

    it("marks other types not applicable (validateResourceOfType and args.notApplicable)", async () => {
        const results = await evaluatePolicies(open.resources, { policies: testPolicies });
        expect(find(results, "test-no-open-ingress", "::main")[0].outcome).toBe("not-applicable");
        expect(find(results, "test-subnet-az-known", "::web")[0]).toMatchObject({ outcome: "not-applicable", message: "only subnets" });
    });

    it("judges default providers built from stack config (a static key in aws:accessKey)", async () => {
        const results = await evaluatePolicies(open.resources, { policies: testPolicies });
        const [p] = find(results, "test-provider-static-keys", "default_7_48_0");
        expect(p.outcome).toBe("violation");
        expect(p.message).not.toContain("[secret]");
    });

    it("fills getConfig from schema defaults and lets policy config override values and levels", async () => {
        const byDefault = await evaluatePolicies(open.resources, { policies: testPolicies });
        expect(find(byDefault, "test-vpc-cidr-size", "::main")[0].outcome).toBe("pass");
        const strict = await evaluatePolicies(open.resources, { policies: testPolicies, config: { "test-vpc-cidr-size": { enforcementLevel: "mandatory", maxPrefix: 8 } } });
        expect(find(strict, "test-vpc-cidr-size", "::main")[0]).toMatchObject({ outcome: "violation", enforcementLevel: "mandatory" });
        const off = await evaluatePolicies(open.resources, { policies: testPolicies, config: { "test-no-open-ingress": "disabled" } });
        expect(find(off, "test-no-open-ingress")).toEqual([]);
    });

    it("reports a read of an unknown value as unknown-during-preview, never as a pass", async () => {
        const results = await evaluatePolicies(recorded.resources, { policies: testPolicies });
        const [subnet] = find(results, "test-subnet-az-known", "::subnet");
        expect(subnet.outcome).toBe("unknown");
        expect(subnet.message).toContain(".availabilityZone can't be known during preview");
        const notice = violationsOf(results).find((v) => v.policy === "test-subnet-az-known");
        expect(notice).toMatchObject({ enforcementLevel: "advisory" });
        expect(notice?.message).toMatch(/^can't run policy 'test-subnet-az-known' during preview/);
    });

    it("gives stack policies outputs, parents and property dependencies as PolicyResources", async () => {
        const results = await evaluatePolicies(recorded.resources, { policies: testPolicies });
        expect(find(results, "test-attachment-reads-role")).toEqual([expect.objectContaining({ outcome: "pass", kind: "stack" })]);
        // Remove the role: the attachment's property dependency no longer resolves.
        const withoutRole = recorded.resources.filter((r) => r.type !== "aws:iam/role:Role");
        const broken = await evaluatePolicies(withoutRole, { policies: testPolicies });
        expect(find(broken, "test-attachment-reads-role")[0]).toMatchObject({ outcome: "violation", message: "attachment's role is not a role in this stack" });
    });

    it("passes clean resources", async () => {
        const clean = await runProgram({ program: programFromFile("test/fixtures/engine/clean.ts"), stack: "clean" });
        const results = await evaluatePolicies(clean.resources, { policies: testPolicies });
        expect(violationsOf(results)).toEqual([]);
        expect(find(results, "test-no-open-ingress", "::web")[0].outcome).toBe("pass");
    });
});
