import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as TS from "typescript";

/**
 * Type-checking a Pulumi TypeScript program as Pulumi's Node runtime does before it runs one.
 *
 * `pulumi preview` and `pulumi up` load a TypeScript program through ts-node with the project's
 * `tsconfig.json` (or `PULUMI_NODEJS_TSCONFIG_PATH`), and type-check it unless
 * `PULUMI_NODEJS_TRANSPILE_ONLY=true` or the tsconfig sets `noCheck`
 * (`@pulumi/pulumi/cmd/run/run.js` of the pinned SDK). A type error fails the run before any
 * resource is registered. The offline tools do the same here, once per run: every stack of
 * `plan` shares the program, so one check serves them all.
 *
 * Like ts-node (`files: false`), the check starts from the program file and follows its imports,
 * not the tsconfig's `include`; errors inside `node_modules` are not reported. It is slightly
 * stricter than ts-node, which reports errors only in files it loads at run time (a file imported
 * for its types alone is checked here too).
 */

export interface TypeCheckResult {
    /** One line per error: `file(line,col): error TSnnnn: message`, as ts-node prints them. */
    problems: string[];
    /** The result came from the cache: no source, dependency or option changed since it was computed. */
    cached: boolean;
    ms: number;
}

/**
 * Whether a run skips the type-check: the `--transpile-only` flag if given, else
 * `PULUMI_NODEJS_TRANSPILE_ONLY` as Pulumi reads it (`"true"` skips, any other value checks),
 * else the tsconfig's `noCheck`.
 */
export function transpileOnly(flag: boolean | undefined, projectRoot: string, env: NodeJS.ProcessEnv = process.env): boolean {
    if (flag !== undefined) return flag;
    const fromEnv = env.PULUMI_NODEJS_TRANSPILE_ONLY;
    if (fromEnv) return fromEnv === "true";
    const options = compilerOptions(projectRoot, env);
    return options?.noCheck === true;
}

/** The tsconfig Pulumi's runtime uses: `PULUMI_NODEJS_TSCONFIG_PATH`, else `tsconfig.json` in the project root. */
export function tsconfigPath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
    return path.resolve(projectRoot, env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
}

/**
 * Type-checks the program and everything it imports.
 * Results are cached under `node_modules/.cache/splitplane/` keyed by the TypeScript version, the
 * compiler options, every TypeScript source of the project (outside node_modules) and the
 * installed dependency tree (`node_modules/.package-lock.json`): any change to one re-checks.
 */
export function typeCheckProgram(programFile: string, projectRoot: string, env: NodeJS.ProcessEnv = process.env): TypeCheckResult {
    const t0 = performance.now();
    const program = path.resolve(programFile);
    if (!/\.[mc]?tsx?$/.test(program)) return { problems: [], cached: false, ms: 0 };
    const ts = loadTypeScript();
    const configFile = tsconfigPath(projectRoot, env);
    const options = compilerOptionsOrThrow(ts, projectRoot, configFile);
    const key = cacheKey(ts, program, projectRoot, options);
    const cacheFile = path.join(projectRoot, "node_modules", ".cache", "splitplane", `typecheck-${createHash("sha256").update(program).digest("hex").slice(0, 16)}.json`);
    const hit = readCache(cacheFile, key);
    if (hit) return { problems: hit, cached: true, ms: performance.now() - t0 };

    const tsProgram = ts.createProgram({ rootNames: [program], options: { ...options, noEmit: true, incremental: false, composite: false } });
    const diagnostics = ts.getPreEmitDiagnostics(tsProgram).filter((d) => !d.file || !/[\\/]node_modules[\\/]/.test(d.file.fileName));
    const problems = diagnostics.map((d) => formatDiagnostic(ts, d, projectRoot));
    writeCache(cacheFile, key, problems);
    return { problems, cached: false, ms: performance.now() - t0 };
}

function loadTypeScript(): typeof TS {
    // Loaded on demand: transpile-only runs never pay for the compiler.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require("typescript") as typeof TS;
}

function compilerOptions(projectRoot: string, env: NodeJS.ProcessEnv): TS.CompilerOptions | undefined {
    const file = tsconfigPath(projectRoot, env);
    if (!existsSync(file)) return undefined;
    const ts = loadTypeScript();
    return compilerOptionsOrThrow(ts, projectRoot, file);
}

function compilerOptionsOrThrow(ts: typeof TS, projectRoot: string, file: string): TS.CompilerOptions {
    // No tsconfig: ts-node then runs with TypeScript's defaults (Pulumi sets skipProject).
    if (!existsSync(file)) return {};
    const read = ts.readConfigFile(file, ts.sys.readFile);
    const parsed = read.error ? undefined : ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
    const errors = read.error ? [read.error] : (parsed?.errors ?? []).filter((e) => e.code !== 18003); // 18003: no inputs, irrelevant here
    if (errors.length > 0) throw new Error(errors.map((e) => formatDiagnostic(ts, e, projectRoot)).join("\n"));
    return parsed!.options;
}

/** `stacks/index.ts(12,5): error TS2353: Object literal may only specify known properties…` */
function formatDiagnostic(ts: typeof TS, d: TS.Diagnostic, projectRoot: string): string {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/\s+/g, " ");
    if (!d.file || d.start === undefined) return `error TS${d.code}: ${message}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const rel = path.relative(projectRoot, d.file.fileName);
    return `${rel.startsWith("..") ? d.file.fileName : rel}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
}

/* ---------- cache ---------- */

const SOURCE = /\.(?:[mc]?tsx?|json)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".plan", "coverage"]);

function cacheKey(ts: typeof TS, program: string, projectRoot: string, options: TS.CompilerOptions): string {
    const h = createHash("sha256");
    h.update(`${ts.version}\0${program}\0${JSON.stringify(options)}\0`);
    const lock = path.join(projectRoot, "node_modules", ".package-lock.json");
    h.update(existsSync(lock) ? readFileSync(lock) : "no lock");
    for (const file of sourceFiles(projectRoot)) h.update(`\0${file}\0`).update(readFileSync(path.join(projectRoot, file)));
    return h.digest("hex");
}

/** Every TypeScript and JSON file of the project outside installed and generated folders, sorted. */
function sourceFiles(root: string, rel = ""): string[] {
    const out: string[] = [];
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) out.push(...sourceFiles(root, child));
        } else if (SOURCE.test(entry.name)) {
            out.push(child);
        }
    }
    return out.sort();
}

function readCache(file: string, key: string): string[] | undefined {
    try {
        const data = JSON.parse(readFileSync(file, "utf8")) as { key?: string; problems?: unknown };
        return data.key === key && Array.isArray(data.problems) ? (data.problems as string[]) : undefined;
    } catch {
        return undefined;
    }
}

function writeCache(file: string, key: string, problems: string[]): void {
    try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ key, problems }));
    } catch {
        // A read-only tree only loses the cache, never the check.
    }
}
