import { availableParallelism } from "node:os";
import * as path from "node:path";
import { defineConfig } from "vitest/config";

// V8's compile cache for the workers and every CLI a test spawns (they inherit the environment):
// the SDKs' JavaScript is compiled once per checkout instead of once per process (what
// cli/preload.cjs does for `npm run plan`). Node reads the variable at start-up.
// vitest runs from the project root (npm test).
process.env.NODE_COMPILE_CACHE ??= path.resolve("node_modules", ".cache", "v8-compile");

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "policies/**/*.test.ts", "gateway/**/*.test.ts"],
        // Loading the Pulumi SDKs dominates a test file's first run; mock runs themselves are fast.
        testTimeout: 60_000,
        hookTimeout: 60_000,
        pool: "forks",
        // A worker runs dozens of Pulumi programs; with V8's default young generation a third of
        // that time was garbage collection. 64 MiB semi-spaces cut a warm plan by a quarter at the
        // same peak memory (measured over the example stacks' plans).
        execArgv: ["--max-semi-space-size=64"],
        // Vitest's default leaves one core idle: on the 2-core CI machine that ran the files one at a
        // time (100 s). Every core gets a worker (57 s); the CLI tests' child processes share them.
        maxWorkers: availableParallelism(),
        // Each worker loads the Pulumi SDKs once instead of once per file (80 files: ~100 s -> ~45 s).
        // Safe because every engine run starts by resetting the Pulumi runtime (setAllConfig, setMocks)
        // and tests share no module-level state. `npx vitest run --sequence.shuffle.files` checks for leaks.
        isolate: false,
        // One closing line: how many conformance checks skipped for a missing reference file, and which.
        globalSetup: ["test/conformance-summary.ts"],
        reporters: ["default"],
    },
});
