import { unknownValueKeys } from "../aws/reference";

/**
 * Maps whose keys are data, not chart settings: environment variables (the charts iterate over
 * `env` and turn each entry into a container variable) beside the Kubernetes maps that
 * `unknownValueKeys` already leaves open.
 */
const OPEN_MAPS = new Set(["env"]);

/**
 * Unknown key paths of `values` against a chart's values.yaml, with `env` maps open and the
 * listed template-only paths (keys a template or a dependency reads although values.yaml omits
 * them) accepted, each for the reason given.
 */
export function unknownChartKeys(values: Record<string, unknown>, reference: unknown, templateOnly: Readonly<Record<string, string>> = {}): string[] {
    const unknown = unknownValueKeys(values, reference);
    const openPrefixes = openPaths(values);
    return unknown.filter((p) => !(p in templateOnly) && !openPrefixes.some((o) => p.startsWith(`${o}.`)));
}

/** Key paths of every open map in `values` (`servicefoundryServer.env` …). */
function openPaths(values: unknown, at = ""): string[] {
    if (!values || typeof values !== "object" || Array.isArray(values)) return [];
    const out: string[] = [];
    for (const [k, v] of Object.entries(values)) {
        const here = at ? `${at}.${k}` : k;
        if (OPEN_MAPS.has(k)) out.push(here);
        else out.push(...openPaths(v, here));
    }
    return out;
}

/** The value at a dotted path (keys may contain '-'), or undefined. */
export function at(values: unknown, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), values);
}
