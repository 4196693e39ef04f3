// Preloaded into every node process a benchmark starts (NODE_OPTIONS=--require): on exit,
// appends this process's peak resident set size in KiB to $SPLITPLANE_RSS_FILE.
const fs = require("node:fs");
process.on("exit", () => {
    const file = process.env.SPLITPLANE_RSS_FILE;
    if (file) fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
