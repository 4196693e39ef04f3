import * as path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Loads a Pulumi TypeScript program the way the Pulumi Node runtime does: a module whose
 * default export (or `module.exports`) is a function is called and its result becomes the
 * stack outputs; otherwise the module's top-level code is the program and its exports are
 * the outputs. Returns a function suitable for `runProgram`.
 */
export function programFromFile(file: string): () => Promise<unknown> {
    const absolute = path.resolve(file);
    return async () => {
        const mod = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
        // CommonJS modules loaded through import() wrap module.exports as `default`.
        const entry = mod.default !== undefined ? mod.default : mod;
        const inner = entry && typeof entry === "object" && "default" in (entry as object) ? (entry as { default: unknown }).default : entry;
        if (typeof inner === "function") return await (inner as () => unknown)();
        return inner;
    };
}
