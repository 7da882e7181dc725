// `npm test -- [suite flags] [vitest flags] [table filters]`: the contract run, in this process
// (src/runner/run.ts). `npm test -- --help` lists the flags.
import { runContractSuite } from '../src/runner/run.js';

process.exitCode = await runContractSuite(process.argv.slice(2));
