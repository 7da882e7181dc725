// `npm test -- [suite flags] [vitest flags] [table filters]`: the contract run, in this process
// (src/runner/run.ts). `npm test -- --help` lists the flags.
import { useColor } from '../src/runner/color.js';

// Before the runner (and vitest's colour library) loads.
useColor(process.argv.slice(2));
const { runContractSuite } = await import('../src/runner/run.js');
process.exitCode = await runContractSuite(process.argv.slice(2));
