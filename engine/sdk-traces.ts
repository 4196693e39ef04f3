/**
 * Pulumi's runtime wraps its promises in `debuggablePromise`, which records `new Error().stack` on
 * each for its promise-leak report. The report prints those traces only when
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set (`debugPromiseLeaks`); otherwise nothing reads them. Offline
 * there are about twenty per resource (one per input property), and capturing them is a sixth of a
 * 270-resource plan. So, unless that variable is set, the wrapper records them without frames.
 * Everything else of the wrapper stays the SDK's own: the leak candidates, the exit check, the
 * `promise` it attaches to a rejection. Pinned SDK (package.json); `test/engine/run.test.ts` checks
 * the export this relies on is still there and still used.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const debuggable: { debugPromiseLeaks: boolean; debuggablePromise: DebuggablePromise } = require("@pulumi/pulumi/runtime/debuggable");

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

const FRAMELESS = Symbol.for("splitplane.framelessDebuggablePromise");

/** Installs the frameless wrapper once per process (idempotent); returns whether it is active. */
export function framelessPromiseTraces(): boolean {
    if (debuggable.debugPromiseLeaks) return false;
    const current = debuggable.debuggablePromise as DebuggablePromise & { [FRAMELESS]?: true };
    if (current[FRAMELESS]) return true;
    const wrapped = (<T>(p: Promise<T>, ctx: unknown): Promise<T> => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return current(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    }) as DebuggablePromise & { [FRAMELESS]?: true };
    wrapped[FRAMELESS] = true;
    debuggable.debuggablePromise = wrapped;
    return true;
}
