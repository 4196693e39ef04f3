/**
 * Names of the data and edge services whose names are global (`<name>.blob.core.windows.net`,
 * `<name>.azurecr.io`, `<name>.openai.azure.com`): a slug of the stack and a random suffix kept in
 * state, within each service's own rules.
 */

const slug = (prefix: string, keep: RegExp) => prefix.toLowerCase().replace(keep, "");

/** Storage accounts: 3-24 lower-case letters and digits, nothing else. */
export function storageAccountNameFor(prefix: string, suffix: string): string {
    return `st${slug(prefix, /[^a-z0-9]+/g).slice(0, 24 - 2 - suffix.length)}${suffix}`;
}

/** Container registries: 5-50 letters and digits. */
export function registryNameFor(prefix: string, suffix: string): string {
    return `acr${slug(prefix, /[^a-z0-9]+/g).slice(0, 50 - 3 - suffix.length)}${suffix}`;
}

/** Azure OpenAI accounts and their custom subdomain: 2-64 letters, digits and hyphens, no leading or trailing hyphen. */
export function openAiNameFor(prefix: string, suffix: string): string {
    const s = prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64 - "oai--".length - suffix.length).replace(/-+$/, "");
    return `oai-${s}-${suffix}`;
}
