import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * splitplane is a library: a user's own program installs it and imports its components,
 * policies, engine and gateway schemas with full types. This builds the package, lays out
 * exactly the files `npm pack` would publish in a consumer's node_modules outside the source
 * tree, then type-checks and runs a consumer against it.
 */
const root = path.resolve(__dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

// Two tsc runs (the build, the consumer): about 20 s of CPU each from cold, far longer on 2 cores
// shared with the other test files, so the suite's 60 s limits are too tight here.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/**
 * Both tsc runs are incremental, in a folder under node_modules/.cache keyed by what decides the
 * build's file set (the TypeScript version, the tsconfigs and package.json, the list of library
 * sources). tsc re-checks every input by content, so a warm run redoes only what changed; a file
 * added or removed starts a fresh folder, since tsc leaves a removed file's output behind.
 */
function cacheFolder(): string {
    const hash = createHash("sha256");
    hash.update(JSON.parse(readFileSync(path.join(root, "node_modules/typescript/package.json"), "utf8")).version);
    for (const f of ["tsconfig.json", "tsconfig.build.json", "package.json"]) hash.update(readFileSync(path.join(root, f)));
    const sources = (dir: string): string[] =>
        readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
    for (const f of ["index.ts", ...["components", "config", "engine", "gateway", "policies"].flatMap(sources)].sort()) hash.update(`${f}\n`);
    return path.join(root, "node_modules", ".cache", "splitplane-package", hash.digest("hex").slice(0, 16));
}

describe("the published package works from outside the source tree", () => {
    let work: string;
    let consumer: string;

    beforeAll(() => {
        work = cacheFolder();
        const build = path.join(work, "build");
        mkdirSync(build, { recursive: true });
        execFileSync(bin("tsc"), ["-p", path.join(root, "tsconfig.build.json"), "--outDir", path.join(build, "dist"), "--incremental", "--tsBuildInfoFile", path.join(work, "build.tsbuildinfo")], { cwd: root, stdio: "pipe" });
        rmSync(path.join(build, "docs"), { recursive: true, force: true });
        for (const f of ["package.json", "README.md"]) cpSync(path.join(root, f), path.join(build, f));
        cpSync(path.join(root, "docs"), path.join(build, "docs"), { recursive: true });
        // What `npm pack` would publish, per the `files` field.
        const listing = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: build, stdio: ["ignore", "pipe", "ignore"] }).toString());
        const files: string[] = listing[0].files.map((f: { path: string }) => f.path);

        consumer = path.join(work, "consumer");
        const installed = path.join(consumer, "node_modules", "splitplane");
        // Installed afresh each run: exactly the files of this build's listing.
        rmSync(installed, { recursive: true, force: true });
        for (const f of files) {
            mkdirSync(path.dirname(path.join(installed, f)), { recursive: true });
            cpSync(path.join(build, f), path.join(installed, f));
        }
        // The consumer's other dependencies: the same versions this project pins.
        for (const dep of readdirSync(path.join(root, "node_modules"))) {
            if (dep.startsWith(".") || existsSync(path.join(consumer, "node_modules", dep))) continue;
            symlinkSync(path.join(root, "node_modules", dep), path.join(consumer, "node_modules", dep));
        }
    });

    it("publishes built JavaScript and declarations, and no sources, tests or maps", () => {
        const listing = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: path.join(work, "build"), stdio: ["ignore", "pipe", "ignore"] }).toString());
        const files: string[] = listing[0].files.map((f: { path: string }) => f.path);
        expect(files).toContain("dist/engine/index.js");
        expect(files).toContain("dist/engine/index.d.ts");
        expect(files).toContain("dist/policies/policies.d.ts");
        expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
        expect(files.filter((f) => f.endsWith(".map") || f.startsWith("test/") || f.startsWith("dist/test/"))).toEqual([]);
    });

    it("type-checks a consumer that imports every entry point (moduleResolution node, as Pulumi's template)", () => {
        writeFileSync(
            path.join(consumer, "index.ts"),
            [
                `import * as splitplane from "splitplane";`,
                `import { stackConfigSchema, StackConfig } from "splitplane/config";`,
                `import { runProgram, ProgramRun } from "splitplane/engine";`,
                `import { allPolicies } from "splitplane/policies";`,
                `import * as gateway from "splitplane/gateway";`,
                `import * as aws from "splitplane/components/aws";`,
                `import * as components from "splitplane/components";`,
                `const cfg: StackConfig = stackConfigSchema.parse({ cloud: "aws", environment: "dev" });`,
                `const n: number = allPolicies.length + cfg.phase;`,
                `const run: Promise<ProgramRun> = runProgram({ program: () => undefined });`,
                `export { splitplane, gateway, aws, components, n, run };`,
            ].join("\n"),
        );
        writeFileSync(
            path.join(consumer, "tsconfig.json"),
            JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", moduleResolution: "node", target: "ES2022", skipLibCheck: true, noEmit: true, types: [], incremental: true, tsBuildInfoFile: ".tsbuildinfo" }, files: ["index.ts"] }),
        );
        execFileSync(bin("tsc"), ["-p", "tsconfig.json"], { cwd: consumer, stdio: "pipe" });
    });

    it("runs a consumer program under the engine with the published policy pack", () => {
        writeFileSync(
            path.join(consumer, "run.js"),
            `
const { runProgram, evaluatePolicies, violationsOf } = require("splitplane/engine");
const { allPolicies } = require("splitplane/policies");
(async () => {
  const run = await runProgram({ stack: "consumer", config: { "aws:region": "eu-west-1" }, program: () => {
    const aws = require("@pulumi/aws");
    new aws.ec2.SecurityGroup("open", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
  }});
  const violations = violationsOf(await evaluatePolicies(run.resources, { policies: allPolicies }));
  process.stdout.write(JSON.stringify({ types: run.resources.map((r) => r.type), mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.urn) }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
        );
        const out = JSON.parse(execFileSync("node", ["run.js"], { cwd: consumer, stdio: ["ignore", "pipe", "pipe"] }).toString());
        expect(out.types).toContain("aws:ec2/securityGroup:SecurityGroup");
        expect(out.mandatory).toContain("urn:pulumi:consumer::splitplane::aws:ec2/securityGroup:SecurityGroup::open");
    });
});
