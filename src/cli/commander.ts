// commander, the CLI's one argument parser. It is a CommonJS package; scripts/bundle-cli.mjs bundles it into the
// CLI (decision 011), so a run neither resolves it in node_modules nor has Node scan its source for named exports.
export { Command, CommanderError, Option } from 'commander';
