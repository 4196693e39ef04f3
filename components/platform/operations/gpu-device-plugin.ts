import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ComputePlane, NodePlacement } from "../../compute-plane";
import { podPlacement } from "./placement";
import { chartRelease } from "../release";

export const NVIDIA_DEVICE_PLUGIN_REPO = "https://nvidia.github.io/k8s-device-plugin";

/** The Helm release's own name and namespace: unchanged from the AWS pool that first installed it, so the move is an update, not a reinstall. */
export const DEVICE_PLUGIN_RELEASE = { name: "nvidia-device-plugin", namespace: "kube-system" } as const;

/**
 * Values of `nvidia-device-plugin` (0.20.0): the DaemonSet runs on the GPU pool only and
 * tolerates exactly its taints. The chart's default affinity (node-feature-discovery labels,
 * which no splitplane node carries) and default tolerations (including CriticalAddonsOnly, the
 * system pool's taint) are replaced, not merged: Helm replaces lists, so the only node-selector
 * term left is the GPU pool's.
 */
export function nvidiaDevicePluginValues(gpu: NodePlacement): Record<string, unknown> {
    const { nodeSelector, tolerations } = podPlacement(gpu);
    const matchExpressions = Object.entries(nodeSelector).map(([key, value]) => ({ key, operator: "In", values: [value] }));
    return {
        nodeSelector,
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
        tolerations,
    };
}

export interface GpuDevicePluginArgs {
    plane: ComputePlane;
    chartVersion: string;
    /** Earlier identities of the release (the AWS GPU pool created it before it moved here). @default [] */
    aliases?: pulumi.Input<pulumi.Alias | string>[];
}

/**
 * The NVIDIA device plugin, which advertises `nvidia.com/gpu` on GPU nodes, for planes whose
 * GPU node image does not bring its own (`plane.gpuDevicePlugin === "required"`). Nothing is
 * installed without a GPU pool or when the image bundles the plugin (Bottlerocket's NVIDIA
 * variants, AKS GPU pools with the driver installed): a second copy would fight the first.
 */
export class GpuDevicePlugin extends pulumi.ComponentResource {
    readonly release?: k8s.helm.v3.Release;

    constructor(name: string, args: GpuDevicePluginArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:GpuDevicePlugin", name, {}, opts);
        const gpu = args.plane.nodePools.gpu;
        if (gpu && args.plane.gpuDevicePlugin === "required") {
            const chart = { ...DEVICE_PLUGIN_RELEASE, chart: "nvidia-device-plugin", repositoryOpts: { repo: NVIDIA_DEVICE_PLUGIN_REPO }, version: args.chartVersion, values: nvidiaDevicePluginValues(gpu) };
            this.release = chartRelease(this, `${name}-chart`, args.plane, chart, args.plane.ready, args.aliases);
        }
        this.registerOutputs({ installed: this.release !== undefined });
    }
}
