import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REFERENCE_ROOT } from "./aws/reference";

/**
 * vitest globalSetup: every conformance check that skips for a missing reference file records
 * it (test/aws/reference.ts); at the end of the run this prints one line saying how many were
 * skipped and why, so a clone without ../shared/reference cannot mistake skips for passes.
 */
export default function setup(): () => void {
    const dir = mkdtempSync(path.join(tmpdir(), "splitplane-conformance-"));
    const log = path.join(dir, "skipped.log");
    writeFileSync(log, "");
    // Workers are forked after global setup, so they inherit this.
    process.env.SPLITPLANE_CONFORMANCE_LOG = log;
    return () => {
        const skipped = readFileSync(log, "utf8").split("\n").filter((l) => l.length > 0);
        rmSync(dir, { recursive: true, force: true });
        const files = [...new Set(skipped)].sort();
        console.log(
            skipped.length === 0
                ? `conformance: 0 checks skipped (every reference file was found under ${REFERENCE_ROOT})`
                : `conformance: ${skipped.length} check(s) skipped: ${files.length} reference file(s) not found under ${REFERENCE_ROOT} (${files.join(", ")}); docs/conformance.md says how to recreate them`,
        );
    };
}
