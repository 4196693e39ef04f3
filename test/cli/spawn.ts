import { spawn } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/**
 * A splitplane CLI (`cli/check.ts`, `cli/plan.ts`) as a user runs it, asynchronously so that
 * several can run at once. Spawning tsx costs a second or two each, so tests use few.
 */
export function runCli(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), script, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
