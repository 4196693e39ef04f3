import { z } from "zod";

/** Field types shared by both clouds' sections of the stack config (no defaults here). */

export const ipv4Cidr = z
    .string()
    .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/, { error: "must be an IPv4 CIDR such as 10.40.0.0/16" });

export const ipv4Address = z
    .string()
    .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { error: "must be an IPv4 address such as 10.40.20.4" });

/** An integer in [min, max]; the message format is shared by every bounded key. */
export const intBetween = (min: number, max: number) => z.number().int().min(min).max(max);

export const semver = z.string().regex(/^\d+\.\d+\.\d+$/, { error: "must be an exact chart version such as 1.14.1" });

/** A public API endpoint's allowed client ranges: never the whole internet. */
export const publicEndpointCidrs = z
    .array(ipv4Cidr.refine((c) => !c.endsWith("/0"), { error: "must not be a /0 (the whole internet)" }))
    .min(1)
    .optional();

export const kubernetesVersion = z.string().regex(/^1\.\d{2}$/, { error: "must be a Kubernetes minor version such as 1.34" }).default("1.34");

export const capacityType = z.enum(["spot", "on-demand"]);

/** `min` must not exceed `max` in a node-count pair; the message names both keys. */
export function minNotAboveMax(v: { min: number; max: number }, ctx: z.RefinementCtx, where: string): void {
    if (v.min > v.max) ctx.addIssue({ code: "custom", path: ["min"], input: v.min, message: `must not exceed ${where}.max (${v.max})` });
}

/** A DNS-1123 label: what Kubernetes namespaces and TrueFoundry tenant names must be. */
export const dnsLabel = z
    .string()
    .max(63, { error: "must be a DNS label of at most 63 characters" })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit" });

/** A Go duration as ESO and Istio read it, such as 15m or 1h. */
export const duration = z.string().regex(/^(\d+(ms|s|m|h))+$/, { error: "must be a duration such as 15m or 1h" });

/** A key of a Secret's data: letters, digits, `-`, `_` and `.`. */
export const secretDataKey = z.string().regex(/^[-._a-zA-Z0-9]+$/, { error: "must be a Secret data key (letters, digits, '-', '_', '.')" });
