import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

// The toolchain the project claims (engines, README, docs, CI) is the one its dependencies
// require and the one CI runs.

const root = path.resolve(__dirname, "../..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");
const pkg = JSON.parse(read("package.json")) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Whether Node major `m` satisfies an engines range of the forms npm packages use (`>=22`, `^20.0.0 || >=24`, `18 || 20`). */
function majorSatisfies(range: string, m: number): boolean {
    return range.split("||").some((clause) =>
        clause.trim().replace(/([<>=^~]+)\s+/g, "$1").split(/\s+/).every((part) => {
            const n = Number(/(\d+)/.exec(part)?.[1]);
            if (part.startsWith(">=")) return m >= n;
            if (part.startsWith(">")) return m > n;
            if (part.startsWith("<=")) return m <= n;
            if (part.startsWith("<")) return m < n;
            return m === n; // ^22, ~22, 22.x, 22
        }),
    );
}

/** The LTS lines the workflow tests on: `node-version: [22, 24, 26]` of the offline job. */
function workflowLines(): number[] {
    const m = /node-version:\s*\[([^\]]+)\]/.exec(read(".github/workflows/ci.yml"));
    if (!m) throw new Error(".github/workflows/ci.yml: the offline job has no node-version matrix");
    return m[1].split(",").map((s) => Number(s.trim()));
}

const ciNode = /^CI_NODE=(\d+)\.(\d+)\.(\d+)$/m.exec(read(".ci/run"));
const minMajor = Number(/^MIN_NODE_MAJOR=(\d+)$/m.exec(read(".ci/run"))?.[1]);

describe("the Node toolchain", () => {
    it("parses engines ranges as npm writes them", () => {
        expect(majorSatisfies(">=22", 22)).toBe(true);
        expect(majorSatisfies(">=22", 20)).toBe(false);
        expect(majorSatisfies("^20.0.0 || ^22.0.0 || >=24.0.0", 23)).toBe(false);
        expect(majorSatisfies("^20.19.0 || >=22.12.0", 26)).toBe(true);
        expect(majorSatisfies(">= 14.6", 22)).toBe(true);
    });

    it("claims no Node line that a dependency refuses, and every line the workflow tests is claimed", () => {
        const refusals: string[] = [];
        for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
            const engines = (JSON.parse(read(`node_modules/${name}/package.json`)) as { engines?: { node?: string } }).engines?.node;
            if (!engines) continue;
            for (const line of workflowLines()) if (!majorSatisfies(engines, line)) refusals.push(`${name} (node ${engines}) refuses Node ${line}`);
            if (!majorSatisfies(engines, minMajor)) refusals.push(`${name} (node ${engines}) refuses the minimum Node ${minMajor}`);
        }
        expect(refusals).toEqual([]);
        for (const line of workflowLines()) expect(majorSatisfies(pkg.engines.node, line), `engines ${pkg.engines.node} and Node ${line}`).toBe(true);
        // The oldest claimed line is the one @pulumi/pulumi requires: engines are not looser than the SDK.
        expect(majorSatisfies(pkg.engines.node, minMajor - 1)).toBe(false);
        expect(Math.min(...workflowLines())).toBe(minMajor);
    });

    it("CI's own Node is an exact release of the oldest supported line, and the docs name the same lines", () => {
        expect(ciNode, ".ci/run pins CI_NODE=<major>.<minor>.<patch>").not.toBeNull();
        expect(Number(ciNode![1])).toBe(minMajor);
        const lines = new RegExp(`Node\\.js[ |]+${workflowLines().join(", ")}\\b`);
        expect(read("README.md")).toMatch(lines);
        expect(read("docs/development.md")).toMatch(lines);
        expect(read("docs/development.md")).toContain(`node@${ciNode![1]}.${ciNode![2]}.${ciNode![3]}`);
    });

    // Developers may still have an older node on PATH (it runs, with npm's engine warning); CI
    // must not: `.ci/run` switches to CI_NODE on such a machine.
    const runningMajor = Number(process.versions.node.split(".")[0]);
    if (!process.env.CI && runningMajor < minMajor) console.warn(`toolchain: tests run on Node ${process.version}, below the supported ${minMajor}; CI runs them on node@${ciNode?.slice(1).join(".")} (.ci/run)`);
    it.skipIf(!process.env.CI && runningMajor < minMajor)("runs on a supported Node", () => {
        expect(majorSatisfies(pkg.engines.node, runningMajor), `Node ${process.version} against engines ${pkg.engines.node}`).toBe(true);
    });
});
