import { spawn } from "node:child_process";
import * as path from "node:path";
import { npmScriptFor } from "../../bench/npm-script";

const root = path.resolve(__dirname, "../..");

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/**
 * A splitplane CLI (`cli/check.ts`, `cli/plan.ts`) as a user runs it (the command line of its
 * `npm run` script), asynchronously so that several can run at once. Each spawn loads the SDKs
 * (a second or two), so tests use few.
 */
export function runCli(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const { cmd, args: scriptArgs } = npmScriptFor(root, script);
        const child = spawn(cmd, [...scriptArgs, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
