// `npm test -- [suite flags] [vitest flags] [table filters]`: the contract run, in this process
// (src/suite/run.ts). `npm test -- --help` lists the flags.
import { runContractSuite } from '../src/suite/run.js';

process.exitCode = await runContractSuite(process.argv.slice(2));
