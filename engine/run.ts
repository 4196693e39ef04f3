import * as pulumi from "@pulumi/pulumi";
import { setStackFileLabel } from "../config/read";
import { MockLog, MockOptions, STACK_REFERENCE, createMocks } from "./mocks";
import { ProgramRun, RecordedOptions, RecordedResource, StackOutput } from "./resource";
import { framelessPromiseTraces } from "./sdk-traces";
import { RawProps, UNKNOWN, secretWire, toReportJson } from "./values";

// `waitForRPCs` is internal to the SDK (pinned in package.json); it is how `pulumi` itself waits
// for the program's registrations to drain.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings: { waitForRPCs(): Promise<void>; getMonitor(): unknown } = require("@pulumi/pulumi/runtime/settings");

export interface RunOptions {
    /** The Pulumi program: registers resources, may return stack outputs. */
    program: () => unknown;
    /** @default "test" */
    stack?: string;
    /** @default "splitplane" */
    project?: string;
    /** Flat stack config, `namespace:key` to string (objects JSON-encoded), as Pulumi hands it over. */
    config?: Readonly<Record<string, string>>;
    /** Config keys whose values are secrets. */
    secretKeys?: readonly string[];
    /**
     * The stack file the config came from, as messages should name it (`readStackConfig` names it
     * in every config error). @default `stacks/Pulumi.<stack>.yaml`, where `pulumi up` reads it
     */
    stackFile?: string;
    /**
     * Run as `pulumi preview` (outputs not returned by a provider are unknown) or as `pulumi up`.
     * @default true, because CI plans are previews
     */
    preview?: boolean;
    /**
     * Plan as the first preview of a stack that does not exist yet: every output a provider
     * computes (ids, ARNs, endpoints, issuer URLs) is unknown, as `pulumi preview` of a new stack
     * shows them. Policies that need such values report unknown-during-preview.
     * @default false (outputs are mocked with realistic values, as for a stack that exists)
     */
    newStack?: boolean;
    /**
     * Answers `new pulumi.StackReference(name)` with the referenced stack's outputs (see
     * `engine/stack-reference.ts`, which resolves them from that stack's own offline plan).
     * @default none: every reference's outputs stay unknown
     */
    stackReference?: MockOptions["stackReference"];
}

/**
 * Runs a Pulumi program in this process against mocks and records every registration.
 *
 * The mock monitor is wrapped so that each RegisterResource request (type, name, parent,
 * provider, dependencies, options, inputs) and its response (URN, id, outputs) are captured
 * as the monitor saw them: the record is what a real engine would receive, not what the
 * program meant to send. Runs are sequential: the Pulumi runtime keeps global state.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    if (running) throw new Error("runProgram: another run is in progress; the Pulumi runtime is global, so await each run before starting the next");
    running = true;
    try {
        return await runOnce(options);
    } finally {
        running = false;
    }
}

let running = false;

async function runOnce(options: RunOptions): Promise<ProgramRun> {
    const stack = options.stack ?? "test";
    const project = options.project ?? "splitplane";
    const config = options.config ?? {};
    const log: MockLog = { unmockedInvokes: new Set() };

    framelessPromiseTraces();
    pulumi.runtime.setAllConfig({ ...config }, [...(options.secretKeys ?? [])]);
    setStackFileLabel(options.stackFile);
    await pulumi.runtime.setMocks(createMocks({ stack, config, newStack: options.newStack, stackReference: options.stackReference }, log), project, stack, options.preview ?? true);

    const records: RecordedResource[] = [];
    instrumentMonitor(settings.getMonitor() as unknown as MonitorLike, records);

    const failures: unknown[] = [];
    const onFailure = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onFailure);
    // The SDK captures a stack trace per registration; with source maps on (tsx turns them on)
    // mapping those traces costs a third of a plan. Off during the run unless debugging.
    const sourceMaps = process.sourceMapsEnabled;
    if (sourceMaps && !process.env.SPLITPLANE_DEBUG) process.setSourceMapsEnabled(false);
    let outputs: Record<string, StackOutput> = {};
    try {
        const returned = await options.program();
        outputs = await resolveOutputs(returned);
        await settings.waitForRPCs();
        // Outputs settle on later ticks than the last RPC; give stragglers a turn.
        await new Promise((resolve) => setImmediate(resolve));
        await settings.waitForRPCs();
    } finally {
        process.off("unhandledRejection", onFailure);
        setStackFileLabel(undefined);
        if (sourceMaps) process.setSourceMapsEnabled(true);
    }
    if (failures.length > 0) throw failures[0];

    const resources = withStackAndDefaultProviders(records, { stack, project, config, secretKeys: options.secretKeys ?? [] });
    const reportOutputs = Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret ? "[secret]" : o.known ? o.value : "[unknown]"]));
    return { stack, project, resources, outputs: reportOutputs, stackOutputs: outputs, unmockedInvokes: [...log.unmockedInvokes].sort() };
}

/* ---------- recording ---------- */

interface MonitorLike {
    registerResource(req: any, cb: (err: Error | null, resp?: any) => void): void;
    readResource(req: any, cb: (err: Error | null, resp?: any) => void): void;
    registerResourceOutputs(req: any, cb: (err: Error | null, resp?: any) => void): void;
}

function instrumentMonitor(monitor: MonitorLike, records: RecordedResource[]): void {
    // Components register their outputs by URN; a map keeps that O(1) at 8,000 resources.
    const byUrn = new Map<string, RecordedResource>();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        register(req, (err, resp) => {
            if (!err && resp) {
                const rec = recordOf(req, resp);
                records.push(rec);
                byUrn.set(rec.urn, rec);
            }
            cb(err, resp);
        });
    };
    // Reads (`pulumi.StackReference`, `Resource.get`) are recorded too, marked `read`: they are
    // nodes of the graph (what depends on a referenced stack's outputs depends on the read).
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req, cb) => {
        read(req, (err, resp) => {
            if (!err && resp) records.push(readRecordOf(req, resp));
            cb(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        const rec = byUrn.get(req.getUrn());
        const outs = req.getOutputs()?.toJavaScript();
        if (rec && outs) rec.rawOutputs = outs as RawProps;
        registerOutputs(req, cb);
    };
}

function recordOf(req: any, resp: any): RecordedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const timeouts = req.getCustomtimeouts();
    const options: RecordedOptions = {
        protect: req.getProtect() ?? false,
        retainOnDelete: req.getRetainondelete() ?? false,
        ignoreChanges: req.getIgnorechangesList(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        replaceOnChanges: req.getReplaceonchangesList(),
        aliases: [
            ...req.getAliasurnsList(),
            ...req.getAliasesList().map((a: any) => {
                if (a.getUrn()) return a.getUrn();
                const s = a.getSpec();
                return s ? { name: s.getName() || undefined, type: s.getType() || undefined, stack: s.getStack() || undefined, project: s.getProject() || undefined, parentUrn: s.getParenturn() || undefined, noParent: s.getNoparent() || undefined } : {};
            }),
        ],
        customTimeouts: timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
            ? { create: timeouts.getCreate() || undefined, update: timeouts.getUpdate() || undefined, delete: timeouts.getDelete() || undefined }
            : undefined,
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deletedWith: req.getDeletedwith() || undefined,
        importId: req.getImportid() || undefined,
    };
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        provider: req.getProvider() || undefined,
        version: req.getVersion() || undefined,
        id: resp.getId() || undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        options,
        rawInputs: (req.getObject()?.toJavaScript() ?? {}) as RawProps,
        rawOutputs: (resp.getObject()?.toJavaScript() ?? {}) as RawProps,
    };
}

function readRecordOf(req: any, resp: any): RecordedResource {
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: true,
        read: true,
        parent: req.getParent() || undefined,
        provider: req.getProvider() || undefined,
        version: req.getVersion() || undefined,
        id: req.getId() || undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        options: { ...emptyOptions(), additionalSecretOutputs: req.getAdditionalsecretoutputsList() },
        rawInputs: (req.getProperties()?.toJavaScript() ?? {}) as RawProps,
        rawOutputs: (resp.getProperties()?.toJavaScript() ?? {}) as RawProps,
    };
}

/** Stack outputs as a StackReference to this stack would read them: plain values, with secretness and knownness. */
async function resolveOutputs(returned: unknown): Promise<Record<string, StackOutput>> {
    if (returned === undefined || returned === null || typeof returned !== "object") return {};
    const out: Record<string, StackOutput> = {};
    for (const [key, value] of Object.entries(returned as Record<string, unknown>)) {
        const o = pulumi.output(value) as unknown as { isKnown: Promise<boolean>; isSecret: Promise<boolean>; promise(withUnknowns?: boolean): Promise<unknown> };
        const [known, secret] = await Promise.all([o.isKnown, o.isSecret]);
        const plain = known ? toReportJson(await o.promise()) : "[unknown]";
        // Pulumi drops an undefined output from the stack's outputs: a reader finds no such output.
        if (plain !== undefined) out[key] = { value: plain, secret, known };
    }
    return out;
}

/* ---------- what the real engine adds ---------- */

/**
 * A real engine parents top-level resources to the `pulumi:pulumi:Stack` resource and creates a
 * default provider per package (named `default_<version>`) from the stack's `<package>:*` config
 * for every resource without an explicit provider. Policies on providers (static credentials in
 * `aws:accessKey`, a kubeconfig token) depend on seeing them, so the engine adds both here.
 */
function withStackAndDefaultProviders(
    records: RecordedResource[],
    ctx: { stack: string; project: string; config: Readonly<Record<string, string>>; secretKeys: readonly string[] },
): RecordedResource[] {
    const stackUrn = `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:pulumi:Stack::${ctx.project}-${ctx.stack}`;
    const root: RecordedResource = {
        urn: stackUrn, type: "pulumi:pulumi:Stack", name: `${ctx.project}-${ctx.stack}`, custom: false,
        dependencies: [], propertyDependencies: {}, options: emptyOptions(), rawInputs: {}, rawOutputs: {},
    };
    const defaults = new Map<string, RecordedResource>();
    const out: RecordedResource[] = [root];
    for (const rec of records) {
        if (!rec.parent) rec.parent = stackUrn;
        // A StackReference is served by the engine's builtin provider, never a package's default one.
        if (rec.type === STACK_REFERENCE) {
            out.push(rec);
            continue;
        }
        const isProvider = rec.type.startsWith("pulumi:providers:");
        if (rec.custom && !isProvider && !rec.provider) {
            const pkg = rec.type.split(":")[0];
            const version = rec.version ?? "0.0.0";
            const key = `${pkg}@${version}`;
            let provider = defaults.get(key);
            if (!provider) {
                provider = defaultProvider(pkg, version, stackUrn, ctx);
                defaults.set(key, provider);
                out.push(provider);
            }
            rec.provider = `${provider.urn}::${provider.id}`;
        }
        out.push(rec);
    }
    return out;
}

function defaultProvider(
    pkg: string,
    version: string,
    stackUrn: string,
    ctx: { stack: string; project: string; config: Readonly<Record<string, string>>; secretKeys: readonly string[] },
): RecordedResource {
    const name = `default_${version.replace(/[.-]/g, "_")}`;
    const inputs: RawProps = {};
    for (const [key, value] of Object.entries(ctx.config)) {
        if (!key.startsWith(`${pkg}:`)) continue;
        const prop = key.slice(pkg.length + 1);
        const decoded = decodeProviderConfig(value);
        inputs[prop] = ctx.secretKeys.includes(key) ? secretWire(decoded) : decoded;
    }
    inputs.version = version;
    const urn = `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:providers:${pkg}::${name}`;
    return {
        urn, type: `pulumi:providers:${pkg}`, name, custom: true, parent: stackUrn, id: `default-${pkg}-${version}`,
        version, dependencies: [], propertyDependencies: {}, options: emptyOptions(), rawInputs: inputs, rawOutputs: inputs,
    };
}

/** Provider config arrives as strings; structured values (e.g. `aws:defaultTags`) are JSON. */
function decodeProviderConfig(value: string): unknown {
    if (value === UNKNOWN) return value;
    if (/^[[{]/.test(value.trim())) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

function emptyOptions(): RecordedOptions {
    return { protect: false, retainOnDelete: false, ignoreChanges: [], deleteBeforeReplace: false, replaceOnChanges: [], aliases: [], additionalSecretOutputs: [] };
}
