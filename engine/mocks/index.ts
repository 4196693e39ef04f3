import * as pulumi from "@pulumi/pulumi";
import { AwsMockContext, awsInvoke, awsResourceState } from "./aws";
import { autoname, uuid } from "./ids";
import { azureInvoke, azureState } from "./azure";
import { kubernetesState, randomState } from "./others";

/** The type token of `pulumi.StackReference`, a read of another stack's outputs. */
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export { MOCK_ACCOUNT_ID, MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "./ids";

export interface MockOptions {
    stack: string;
    /** Flat stack config (`aws:region`, `azure-native:location`, ...). */
    config: Readonly<Record<string, string>>;
    /**
     * Answer as for the first preview of a stack that does not exist yet: nothing has an id and
     * every computed output is unknown; only the inputs are known.
     */
    newStack?: boolean;
    /**
     * Answers a read of `pulumi:pulumi:StackReference` (`new pulumi.StackReference(name)`) with the
     * referenced stack's outputs, as the Pulumi engine's builtin provider does. `undefined` leaves
     * the outputs unknown (the referenced stack is not planned yet, or there is no such stack).
     */
    stackReference?: (name: string) => StackReferenceState | undefined;
}

/** What a StackReference read returns: outputs in wire form (secrets marked) and the secret ones' names. */
export interface StackReferenceState {
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

/** Invoke tokens that had no mock: the plan reports them so a silent `{}` never passes for data. */
export interface MockLog {
    unmockedInvokes: Set<string>;
}

/**
 * Mocks that answer like the clouds do: realistic ids, ARNs, names (given or autonamed) and
 * endpoints per type, merged over the inputs, because other resources read those outputs
 * (`role: role.name`) and policies judge what they read.
 */
/**
 * What a provider already knows in the first preview of a new stack: the names it fills in when
 * it checks the inputs (autonames, Kubernetes `metadata.name`, Helm release names). Everything
 * else it computes (ids, ARNs, endpoints) stays unknown: an empty id during a preview is an
 * unknown id, and outputs absent from the state are unknown outputs.
 */
function checkedNames(inputs: Record<string, any>, computed: Record<string, any>): Record<string, any> {
    const out: Record<string, any> = {};
    for (const key of ["name", "identifier", "bucket", "nodeGroupName"]) {
        if (inputs[key] === undefined && typeof computed[key] === "string") out[key] = computed[key];
    }
    if (computed.metadata?.name !== undefined && inputs.metadata?.name === undefined) {
        out.metadata = { ...(inputs.metadata ?? {}), name: computed.metadata.name };
    }
    return out;
}

export function createMocks(options: MockOptions, log: MockLog): pulumi.runtime.Mocks {
    const aws: AwsMockContext = {
        region: options.config["aws:region"] ?? "us-east-1",
        partition: (options.config["aws:region"] ?? "").startsWith("us-gov-") ? "aws-us-gov" : (options.config["aws:region"] ?? "").startsWith("cn-") ? "aws-cn" : "aws",
    };
    const location = options.config["azure-native:location"] ?? "westeurope";
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
            const seed = `${options.stack}/${args.type}/${args.name}`;
            if (args.custom === false) return { id: undefined, state: {} };
            // A read, resolved in preview too (a new stack's first preview reads its references):
            // the id is the referenced stack's name.
            if (args.type === STACK_REFERENCE) {
                const name = String(args.inputs.name ?? args.id);
                const answer = options.stackReference?.(name);
                return { id: name, state: answer ? { name, outputs: answer.outputs, secretOutputNames: answer.secretOutputNames } : { name } };
            }
            if (args.type.startsWith("pulumi:providers:")) return { id: uuid(seed), state: args.inputs };
            const pkg = args.type.split(":")[0];
            let result: { id: string; state: Record<string, any> };
            switch (pkg) {
                case "aws":
                    result = awsResourceState(args.type, args.name, args.inputs, aws, seed);
                    break;
                case "kubernetes":
                    result = kubernetesState(args.type, args.name, args.inputs, seed);
                    break;
                case "azure-native":
                    result = azureState(args.type, args.name, args.inputs, seed, location);
                    break;
                case "random":
                    result = randomState(args.type, args.name, args.inputs, seed);
                    break;
                default:
                    result = { id: autoname(args.name, seed), state: {} };
            }
            if (options.newStack) return { id: "", state: { ...args.inputs, ...checkedNames(args.inputs, result.state) } };
            return { id: args.id || result.id, state: { ...args.inputs, ...result.state } };
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
            const result = awsInvoke(args.token, args.inputs, aws) ?? azureInvoke(args.token, args.inputs, location);
            if (result === undefined) {
                log.unmockedInvokes.add(args.token);
                return {};
            }
            return result;
        },
    };
}
