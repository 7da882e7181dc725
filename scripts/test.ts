// `npm test -- [suite flags] [vitest flags] [table filters]`: the contract run, in this process
// (src/runner/run.ts). `npm test -- --help` lists the flags. Also `arm-contract test` from the
// installed package (src/cli/arm-contract.ts), compiled.
import { suiteCommand } from '../src/cli/args.js';
import { useColor } from '../src/runner/color.js';

// Before the runner (and vitest's colour library) loads.
useColor(process.argv.slice(2));
const { runContractSuite } = await import('../src/runner/run.js');
process.exitCode = await runContractSuite(process.argv.slice(2), undefined, suiteCommand());
