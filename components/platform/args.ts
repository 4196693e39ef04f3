import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../config/errors";
import { formatZodIssues } from "../../config/zod-format";
import { ComputePlane } from "../compute-plane";
import { StoreFactory } from "./synced-secrets";

/** Arg types the split plane's components share. */
export const planeArg = z.custom<ComputePlane>((v) => typeof v === "object" && v !== null && "bindServiceAccount" in v && "nodePools" in v, { error: "must be a ComputePlane" });
export const storeForArg = z.custom<StoreFactory>((v) => typeof v === "function", { error: "must be a store factory (SecretSync.storeFor)" });
/** Resources a release waits for besides the plane (ESO's CRDs, the mesh, the control plane). @default [] */
export const dependsOnArg = z.array(z.custom<pulumi.Resource>((v) => pulumi.Resource.isInstance(v))).default([]);
/** Labels of the namespace a component creates, beside splitplane's own (the mesh's injection label). @default {} */
export const namespaceLabelsArg = z.record(z.string(), z.string()).default({});

/** Validates a component's args once, at the top of its constructor: nothing is registered when they are wrong. */
export function parseComponentArgs<S extends z.ZodType>(schema: S, args: unknown, type: string, name: string): z.output<S> {
    const parsed = schema.safeParse(args, { reportInput: true });
    if (!parsed.success) throw new ConfigError(formatZodIssues(`${type} ${JSON.stringify(name)}`, parsed.error.issues, schema));
    return parsed.data;
}
