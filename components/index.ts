/** splitplane components: the cloud-neutral ComputePlane contract and each cloud's implementation. */
export * from "./compute-plane";
export * as aws from "./aws";
