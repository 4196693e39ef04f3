export * from "./schema";
export { ConfigError } from "./errors";
export { parseStackConfig } from "./parse";
export { readStackConfig } from "./read";
export { formatZodIssues } from "./zod-format";
export { resolveEnvironmentDefaults, ResolvedStackConfig } from "./defaults";
export { loosenedDefaults } from "./loosening";
