import { beforeAll, describe, expect, it } from "vitest";
import { CREATE_SECONDS, criticalPath, criticalPathLine } from "../../engine/critical-path";
import { programFromFile } from "../../engine/program";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";

// Every example stack is held to the 1.15 budget in example-stacks.test.ts.
describe("the apply-time critical path against its inherent bound", () => {
    let lean: ProgramRun;
    let serial: ProgramRun;
    beforeAll(async () => {
        const program = programFromFile("test/fixtures/critical-path/program.ts");
        lean = await runProgram({ program, stack: "cp", config: { "aws:region": "eu-west-1" } });
        serial = await runProgram({ program, stack: "cp", config: { "aws:region": "eu-west-1", "cp:falseDependency": "true" } });
    });

    it("without false edges the critical path is the bound: the cluster and the database in parallel", () => {
        const cp = criticalPath(lean);
        expect(cp.seconds).toBe(cp.boundSeconds);
        expect(cp.path.map((p) => p.urn.split("::").pop())).toEqual(["vpc", "subnet-0", "db-subnets", "db"]);
        expect(cp.seconds).toBe(5 + 5 + 2 + CREATE_SECONDS["aws:rds/instance:Instance"]);
    });

    it("a false dependency serialising the database after the cluster breaks the 1.15 budget, and the path names it", () => {
        const cp = criticalPath(serial);
        expect(cp.boundSeconds).toBe(criticalPath(lean).boundSeconds);
        expect(cp.seconds / cp.boundSeconds).toBeGreaterThan(1.15);
        expect(cp.path.map((p) => p.urn.split("::").pop())).toEqual(["vpc", "subnet-0", "cluster", "db"]);
        expect(criticalPathLine(cp)).toMatch(/^first apply ~27\.\d min on the critical path \(inherent bound 15\.\d min, ratio 1\.7\d\): cluster \(12\.0 min\) -> db \(15\.0 min\)$/);
    });
});

describe("docs/engine.md lists both tables as the code has them", () => {
    it("names every duration row and every required-edge row", async () => {
        const { readFileSync } = await import("node:fs");
        const { REQUIRED_EDGES } = await import("../../engine/critical-path");
        const doc = readFileSync("docs/engine.md", "utf8");
        for (const [type, s] of Object.entries(CREATE_SECONDS)) expect(doc).toContain(`| \`${type}\` | ${s >= 60 ? `${s / 60} min` : `${s} s`} |`);
        for (const e of REQUIRED_EDGES) expect(doc).toContain(`| \`${e.type}\` | ${e.needs.map((n) => `\`${n}\``).join(", ")} | ${e.why} |`);
    });
});
