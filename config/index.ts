export * from "./schema";
export { ConfigError } from "./errors";
export { parseCloudStackConfig, parseStackConfig, StackConfigOf } from "./parse";
export { readStackConfig } from "./read";
export { formatZodIssues } from "./zod-format";
export { resolveEnvironmentDefaults, ResolvedAwsStackConfig, ResolvedAzureStackConfig, ResolvedStackConfig } from "./defaults";
export { loosenedDefaults } from "./loosening";
