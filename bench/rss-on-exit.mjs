// Preloaded into a benchmarked process (`node --import ./bench/rss-on-exit.mjs …`): prints its peak RSS on exit.
process.on('exit', () => process.stderr.write(`\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`));
