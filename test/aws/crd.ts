import Ajv, { ValidateFunction } from "ajv";
import { readYaml } from "./reference";

/**
 * A JSON-schema validator for one version of a CustomResourceDefinition's openAPIV3Schema.
 *
 * Stricter than the API server in one way on purpose: an unknown field is an error here, where
 * Kubernetes would silently prune it (a pruned field is a setting that never took effect).
 * CEL rules (`x-kubernetes-validations`) cannot be evaluated offline; tests assert the ones
 * that matter for splitplane's specs directly.
 */
export function crdValidator(crdPath: string, version = "v1"): ValidateFunction {
    const crd = readYaml(crdPath);
    const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
    if (!v) throw new Error(`${crdPath} has no version ${version}`);
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    return ajv.compile(toJsonSchema(v.schema.openAPIV3Schema));
}

/**
 * The same validator, compiled on first use: usable at `describe` level under `skipIf`, whose body
 * vitest still runs while collecting, when the reference file is absent.
 */
export function lazyValidator(crdPath: string, version = "v1"): ValidateFunction {
    let compiled: ValidateFunction | undefined;
    const call = ((data: unknown) => {
        compiled ??= crdValidator(crdPath, version);
        const ok = compiled(data);
        call.errors = compiled.errors;
        return ok;
    }) as ValidateFunction;
    return call;
}

function toJsonSchema(node: any): any {
    if (Array.isArray(node)) return node.map(toJsonSchema);
    if (typeof node !== "object" || node === null) return node;
    const out: any = {};
    for (const [k, v] of Object.entries(node)) {
        if (k.startsWith("x-kubernetes-")) continue;
        out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, toJsonSchema(pv)])) : toJsonSchema(v);
    }
    // int-or-string: the pattern constrains the string form only.
    if (node["x-kubernetes-int-or-string"]) delete out.type;
    if (node.type === "object" && node.properties && node.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) {
        out.additionalProperties = false;
    }
    return out;
}

/** Readable ajv errors: `/spec/template/spec/requirements/0/operator must be equal to one of the allowed values`. */
export const errorsOf = (validate: ValidateFunction): string[] => (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
