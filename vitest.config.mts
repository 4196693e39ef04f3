import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "policies/**/*.test.ts", "gateway/**/*.test.ts"],
        // Loading the Pulumi SDKs dominates a test file's first run; mock runs themselves are fast.
        testTimeout: 60_000,
        hookTimeout: 60_000,
        pool: "forks",
        reporters: ["default"],
    },
});
