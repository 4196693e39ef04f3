/**
 * Reads the classes of TrueFoundry's generated pydantic model (`manifest_schemas.py`) as data: each
 * class's fields with their optionality, patterns and numeric bounds, and each enum's values. Only
 * what the conformance test compares; not a Python parser.
 */

export interface PyField {
    readonly name: string;
    readonly required: boolean;
    /** `constr(regex=r"...")` patterns in the annotation (also inside `list[...]`). */
    readonly patterns: readonly string[];
    /** `conint`/`confloat`/`PositiveInt` bounds. */
    readonly bounds: { ge?: number; le?: number; gt?: number };
    /** `Literal["x"]` values in the annotation. */
    readonly literals: readonly string[];
    readonly annotation: string;
}

export interface PyModel {
    readonly classes: ReadonlyMap<string, readonly PyField[]>;
    readonly enums: ReadonlyMap<string, readonly string[]>;
    readonly text: string;
}

export function readPydantic(text: string): PyModel {
    const classes = new Map<string, PyField[]>();
    const enums = new Map<string, string[]>();
    const parents = new Map<string, string>();
    const blocks = text.split(/\n(?=class \w+\()/);
    for (const block of blocks) {
        const head = /^class (\w+)\(([\w, ]+)\):/.exec(block);
        if (!head) continue;
        const [, name, base] = head;
        const body = block.split("\n").slice(1).join("\n").split(/\n(?=\S)/)[0]!; // up to the next top-level statement
        if (base!.includes("Enum")) {
            enums.set(name!, [...body.matchAll(/^ {4}\w+ = "([^"]*)"/gm)].map((m) => m[1]!));
            continue;
        }
        if (base !== "BaseModel") parents.set(name!, base!);
        classes.set(name!, fields(body));
    }
    // Subclasses re-declare some fields (a rule's `type`): the subclass wins.
    for (const [child, parent] of parents) {
        const own = classes.get(child)!;
        const inherited = (classes.get(parent) ?? []).filter((f) => !own.some((o) => o.name === f.name));
        classes.set(child, [...inherited, ...own]);
    }
    return { classes, enums, text };
}

function fields(body: string): PyField[] {
    const lines = body.split("\n");
    const out: PyField[] = [];
    let current: string[] | undefined;
    const flush = () => {
        if (current) out.push(field(current.join("\n")));
        current = undefined;
    };
    for (const line of lines) {
        if (/^ {4}(class Config:|extra = |""")/.test(line) || /^ {8}extra = /.test(line)) {
            flush();
            continue;
        }
        if (/^ {4}\w+: /.test(line)) {
            flush();
            current = [line];
        } else if (current && (line.startsWith("        ") || line.startsWith("    )"))) current.push(line);
        else flush();
    }
    flush();
    return out;
}

function field(text: string): PyField {
    const m = /^ {4}(\w+): ([\s\S]*)$/.exec(text)!;
    let name = m[1]!;
    const rest = m[2]!;
    const alias = /alias="([^"]+)"/.exec(rest);
    if (alias) name = alias[1]!;
    // The annotation ends at the first `=` that is not inside brackets or a string.
    let depth = 0;
    let quote = false;
    let cut = rest.length;
    for (let i = 0; i < rest.length; i += 1) {
        const c = rest[i]!;
        if (c === '"' && rest[i - 1] !== "\\") quote = !quote;
        if (quote) continue;
        if ("([{".includes(c)) depth += 1;
        else if (")]}".includes(c)) depth -= 1;
        else if (c === "=" && depth === 0 && rest[i - 1] === " ") {
            cut = i;
            break;
        }
    }
    const annotation = rest.slice(0, cut);
    const dflt = cut < rest.length ? rest.slice(cut + 1) : undefined;
    const optional = /\|\s*None/.test(annotation) || (dflt !== undefined && !/^\s*\(?\s*Field\(\s*\.\.\./.test(dflt));
    const patterns = [...annotation.matchAll(/regex=r"((?:[^"\\]|\\.)*)"/g)].map((p) => p[1]!);
    const bounds: { ge?: number; le?: number; gt?: number } = {};
    for (const b of annotation.matchAll(/con(?:int|float)\(([^)]*)\)/g)) {
        for (const kv of b[1]!.matchAll(/(ge|le|gt)=(-?[\d.]+)/g)) bounds[kv[1] as "ge" | "le" | "gt"] = Number(kv[2]);
    }
    if (/\bPositiveInt\b/.test(annotation)) bounds.gt = 0;
    const literals = [...annotation.matchAll(/Literal\[([^\]]*)\]/g)].flatMap((l) => [...l[1]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]!));
    return { name, required: !optional, patterns, bounds, literals, annotation };
}
