import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseOptions } from "../../cli/common";
import { ConfigError } from "../../config/errors";

describe("CLI options are validated with zod at the boundary", () => {
    const schema = z.strictObject({ out: z.string().min(1).optional(), controlPlaneUrl: z.string().startsWith("https://").optional(), runs: z.coerce.number().int().min(1).max(20) });

    it("passes valid options through, coerced", () => {
        expect(parseOptions("bench", schema, { runs: "3", out: "x" })).toEqual({ runs: 3, out: "x" });
    });

    it("names the flag as typed on the command line, the expectation and the value", () => {
        let err: unknown;
        try {
            parseOptions("gateway compile", schema, { runs: "0", controlPlaneUrl: "http://cp" });
        } catch (e) {
            err = e;
        }
        expect(ConfigError.is(err)).toBe(true);
        expect((err as ConfigError).problems).toEqual([
            'gateway compile: --control-plane-url must start with "https://" (got "http://cp")',
            "gateway compile: --runs must be between 1 and 20 (got 0)",
        ]);
    });
});
