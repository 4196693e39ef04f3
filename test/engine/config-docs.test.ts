import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { stackConfigSchema } from "../../config/schema";
import { schemaAt } from "../../config/zod-format";

/** Every key path of the stack config schema, down to the fields of each section's objects. */
function keyPaths(schema: z.ZodType, prefix: string[] = [], depth = 0): string[] {
    const s = schemaAt(schema, []);
    if (!(s instanceof z.ZodObject) || depth > 2) return [];
    const out: string[] = [];
    for (const key of Object.keys(s.shape)) {
        const p = [...prefix, key];
        out.push(p.join("."));
        out.push(...keyPaths((s.shape as Record<string, z.ZodType>)[key], p, depth + 1));
    }
    return out;
}

describe("docs/config.md", () => {
    const doc = readFileSync(path.resolve(__dirname, "../../docs/config.md"), "utf8");

    it("has a row for every key of the schema (a new key without docs fails here)", () => {
        const missing = keyPaths(stackConfigSchema).filter((p) => !doc.includes(p.includes(".") ? `\`${p}\`` : `\`splitplane:${p}\``));
        expect(missing).toEqual([]);
    });
});
