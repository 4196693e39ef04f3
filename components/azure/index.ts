/** The Azure compute plane: thin components over the pure modules beside them. */
export * from "./address-plan";
export * from "./cluster";
export * from "./compute-plane";
export * from "./key-vault";
export * from "./kubeconfig";
export * from "./network";
export * from "./node-pools";
export * from "./nsg-rules";
export * from "./pool-specs";
export * from "./private-endpoint";
export * from "./roles";
export * from "./workload-identity";
