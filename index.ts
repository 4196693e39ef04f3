/**
 * splitplane as a library: components, the stack config schema, the offline engine, the
 * policy set and the gateway schemas. Subpath entry points (`splitplane/components`,
 * `splitplane/policies`, ...) load less; see docs/library.md.
 */
export * as components from "./components";
export * as config from "./config";
export * as engine from "./engine";
export * as gateway from "./gateway";
export * as policies from "./policies/policies";
