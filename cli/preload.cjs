// Preloaded by the npm scripts that run Pulumi programs (`node --require ./cli/preload.cjs --import tsx ...`),
// before tsx registers its hooks. Plain JavaScript: it runs before TypeScript can.
const path = require("node:path");
const { enableCompileCache } = require("node:module");

// V8's compile cache (Node >= 22.1): the SDKs' JavaScript is compiled once per checkout, not once
// per run (@pulumi/pulumi alone loads 9 MB of TypeScript's compiler). Kept under node_modules so it
// goes with the install; stale entries are checked by content and recompiled.
if (enableCompileCache && !process.env.NODE_COMPILE_CACHE) enableCompileCache(path.join(__dirname, "..", "node_modules", ".cache", "v8-compile"));

// The Pulumi SDKs are CommonJS: loaded natively here, they skip tsx's per-file scan for ESM syntax
// (about 1,600 files, 0.4 s of a plan). What they load later on demand (provider submodules) still
// passes through tsx, which is only slower, not different.
for (const sdk of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/kubernetes", "@pulumi/policy"]) require(sdk);
