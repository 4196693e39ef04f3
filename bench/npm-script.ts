import { readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * The command line of the `npm run` script that runs `file` (a path such as `cli/plan.ts`), as
 * argv for spawn, with `node` as the running Node: what the bench measures and the CLI tests
 * spawn is exactly what `npm run plan` runs, preload and loader included (npm's own start-up aside).
 */
export function npmScriptFor(root: string, file: string): { cmd: string; args: string[] } {
    const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const line = Object.values(scripts).find((s) => s.split(/\s+/).includes(file));
    if (line === undefined) throw new Error(`package.json: no script runs ${file}`);
    // Plain words only: a quoted argument would need a shell to split it.
    if (/["'`$\\|&;<>]/.test(line)) throw new Error(`package.json: the script running ${file} needs a shell to split (${line}); keep it plain words`);
    const [cmd, ...args] = line.split(/\s+/);
    const resolved = cmd === "node" ? process.execPath : cmd === "tsx" ? path.join(root, "node_modules", ".bin", "tsx") : cmd;
    return { cmd: resolved, args };
}
