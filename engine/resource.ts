import { RawProps } from "./values";

/** A resource option set as recorded from the registration request. */
export interface RecordedOptions {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
    /** Alias URNs, or alias specs rendered as objects. */
    aliases: Array<string | Record<string, unknown>>;
    customTimeouts?: { create?: string; update?: string; delete?: string };
    additionalSecretOutputs: string[];
    deletedWith?: string;
    importId?: string;
}

/** One registered resource, as faithfully as the resource monitor saw it. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** True for cloud resources (and providers), false for components. */
    custom: boolean;
    /** A read of an existing resource (`pulumi.StackReference`, `Resource.get`), not a registration: nothing is created. */
    read?: boolean;
    /** Parent URN; top-level resources have the stack as parent. */
    parent?: string;
    /** Provider reference `urn::id`; default providers are synthesized as a real engine does. */
    provider?: string;
    /** Package version the resource was registered with (drives default provider names). */
    version?: string;
    id?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: RecordedOptions;
    /** Inputs in wire form (secrets and unknowns still marked). Use ./values to convert. */
    rawInputs: RawProps;
    /** Outputs in wire form, as the (mock) provider returned them. */
    rawOutputs: RawProps;
}

/** The result of running a program under the offline engine. */
export interface ProgramRun {
    stack: string;
    project: string;
    resources: RecordedResource[];
    /** Stack outputs, for reports: secrets as "[secret]", unknowns as "[unknown]". */
    outputs: Record<string, unknown>;
    /** Stack outputs with their values (secrets included), as a StackReference to this stack reads them. Never printed. */
    stackOutputs?: Record<string, StackOutput>;
    /** Invoke tokens that had no mock and returned `{}`. */
    unmockedInvokes: string[];
}

/** One stack output as another stack's StackReference sees it. */
export interface StackOutput {
    /** The value in report JSON form (resources as URNs); its plaintext even when secret. */
    value: unknown;
    secret: boolean;
    known: boolean;
}
