import { beforeAll, describe, expect, it } from "vitest";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { inputsOf, one } from "../../engine/testing";
import { UNKNOWN, toReportJson } from "../../engine/values";
import { programFromFile } from "../../engine/program";

describe("runProgram records registrations as the engine sees them", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = await runProgram({
            program: programFromFile("test/fixtures/engine/recorded.ts"),
            stack: "dev",
            config: { "aws:region": "eu-west-1", "aws:profile": "ops" },
        });
    });

    it("adds the root stack and parents top-level resources to it", () => {
        const stack = one(run, "pulumi:pulumi:Stack");
        expect(stack.urn).toBe("urn:pulumi:dev::splitplane::pulumi:pulumi:Stack::splitplane-dev");
        expect(one(run, "aws:kms/key:Key").parent).toBe(stack.urn);
    });

    it("records component parentage in the URN and the parent field", () => {
        const box = one(run, "splitplane:test:Box");
        const role = one(run, "aws:iam/role:Role");
        expect(role.parent).toBe(box.urn);
        expect(role.urn).toBe("urn:pulumi:dev::splitplane::splitplane:test:Box$aws:iam/role:Role::box-role");
        expect(box.custom).toBe(false);
    });

    it("synthesizes the default provider from the stack's aws:* config and points resources at it", () => {
        const provider = one(run, "pulumi:providers:aws", "default_7_48_0");
        expect(inputsOf(provider)).toMatchObject({ region: "eu-west-1", profile: "ops", version: "7.48.0" });
        expect(one(run, "aws:kms/key:Key").provider).toBe(`${provider.urn}::${provider.id}`);
    });

    it("keeps explicit providers as resources and references", () => {
        const explicit = one(run, "pulumi:providers:aws", "explicit");
        expect(inputsOf(explicit).region).toBe("eu-central-1");
        expect(one(run, "aws:ec2/vpc:Vpc").provider?.startsWith(`${explicit.urn}::`)).toBe(true);
    });

    it("records options: protect, retainOnDelete, deleteBeforeReplace, ignoreChanges, custom timeouts, aliases", () => {
        const key = one(run, "aws:kms/key:Key");
        expect(key.options.protect).toBe(true);
        expect(key.options.retainOnDelete).toBe(true);
        const attach = one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        expect(attach.options.deleteBeforeReplace).toBe(true);
        expect(attach.options.ignoreChanges).toEqual(["policyArn"]);
        expect(attach.options.customTimeouts).toEqual({ create: "10m", update: undefined, delete: "1h30m" });
        expect(one(run, "splitplane:test:Box").options.aliases).toContainEqual(expect.objectContaining({ name: "old-box" }));
    });

    it("records dependencies and property dependencies, including explicit dependsOn", () => {
        const role = one(run, "aws:iam/role:Role");
        const attach = one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        expect(attach.propertyDependencies.role).toEqual([role.urn]);
        expect(attach.dependencies).toContain(role.urn);
        expect(one(run, "aws:ec2/subnet:Subnet").dependencies).toContain(one(run, "aws:kms/key:Key").urn);
    });

    it("feeds realistic mocked outputs into dependent inputs (role.name is the autoname, not undefined)", () => {
        const attachRole = inputsOf(one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).role;
        expect(attachRole).toMatch(/^box-role-[0-9a-f]{7}$/);
        expect(inputsOf(one(run, "aws:ec2/subnet:Subnet")).vpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
    });

    it("keeps unknown values unknown during preview", () => {
        expect(inputsOf(one(run, "aws:ec2/subnet:Subnet")).availabilityZone).toBe(UNKNOWN);
        expect(run.outputs.subnetAz).toBe("[unknown]");
    });

    it("never lets a secret into report JSON, but hands its plaintext to policies", () => {
        const key = one(run, "aws:kms/key:Key");
        expect(inputsOf(key).description).toBe("do-not-print");
        expect(JSON.stringify(toReportJson(key.rawInputs))).not.toContain("do-not-print");
        expect((toReportJson(key.rawInputs) as Record<string, unknown>).description).toBe("[secret]");
        expect(run.outputs.secretDescription).toBe("[secret]");
    });

    it("runs again in the same process without leaking the previous run's resources", async () => {
        const again = await runProgram({ program: programFromFile("test/fixtures/engine/clean.ts"), stack: "other" });
        expect(again.resources.map((r) => r.type).sort()).toEqual(["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/vpc:Vpc", "pulumi:providers:aws", "pulumi:pulumi:Stack"]);
        expect(again.resources.every((r) => r.urn.startsWith("urn:pulumi:other::"))).toBe(true);
    });
});

describe("runProgram guards the global runtime", () => {
    it("refuses a second run while one is in progress, instead of mixing their records", async () => {
        const first = runProgram({ program: programFromFile("test/fixtures/engine/clean.ts"), stack: "first" });
        await expect(runProgram({ program: programFromFile("test/fixtures/engine/clean.ts"), stack: "second" })).rejects.toThrow("another run is in progress");
        expect((await first).resources.every((r) => r.urn.startsWith("urn:pulumi:first::"))).toBe(true);
    });
});

describe("runProgram as the first preview of a new stack", () => {
    let fresh: ProgramRun;
    beforeAll(async () => {
        fresh = await runProgram({ program: programFromFile("test/fixtures/engine/recorded.ts"), stack: "fresh", config: { "aws:region": "eu-west-1" }, newStack: true });
    });

    it("leaves every provider-computed output unknown: ids, ARNs", () => {
        expect(inputsOf(one(fresh, "aws:ec2/subnet:Subnet")).vpcId).toBe(UNKNOWN);
        expect(fresh.outputs.keyArn).toBe("[unknown]");
        expect(one(fresh, "aws:kms/key:Key").id).toBeUndefined();
    });

    it("knows what the provider fills in when it checks inputs: autonames", () => {
        expect(inputsOf(one(fresh, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).role).toMatch(/^box-role-[0-9a-f]{7}$/);
    });

    it("keeps the inputs the program gave", () => {
        expect(inputsOf(one(fresh, "aws:ec2/subnet:Subnet")).cidrBlock).toBe("10.0.1.0/24");
    });
});

describe("the SDK's promise traces (engine/sdk-traces.ts)", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const debuggable = require("@pulumi/pulumi/runtime/debuggable");

    it("still go through the export the engine wraps, and are recorded without frames during a run", async () => {
        // The SDK calls `debuggable_1.debuggablePromise(...)`: a spy on the export sees every call.
        const seen: string[] = [];
        const wrapped = debuggable.debuggablePromise;
        debuggable.debuggablePromise = (p: Promise<unknown>, ctx: unknown) => {
            const out = wrapped(p, ctx);
            seen.push(String((p as unknown as { _debugStackTrace?: string })._debugStackTrace));
            return out;
        };
        try {
            await runProgram({ program: programFromFile("test/fixtures/engine/recorded.ts"), stack: "dev", config: { "aws:region": "eu-west-1" } });
        } finally {
            debuggable.debuggablePromise = wrapped;
        }
        expect(debuggable.debugPromiseLeaks).toBe(false);
        expect(seen.length).toBeGreaterThan(20);
        expect(seen.filter((trace) => / at /.test(trace))).toEqual([]);
        // Outside the SDK's wrapper, stack traces are whole.
        expect(new Error("x").stack).toMatch(/\n +at /);
    });
});
