// `npm test -- [suite flags] [vitest flags] [table filters]`: the contract run, in this process
// (src/runner/run.ts). `npm test -- --help` lists the flags. Also `arm-contract test` from the
// installed package (src/cli/arm-contract.ts), compiled.
import { suiteCommand } from '../src/cli/args.js';
import { useColor } from '../src/runner/color.js';

// Before the runner (and vitest's colour library) loads.
useColor(process.argv.slice(2));
const { runContractSuite } = await import('../src/runner/run.js');
process.exitCode = await runContractSuite(process.argv.slice(2), undefined, suiteCommand());
// The run is over, its reports written: end the process once its output is out. A request that a
// stalled target never answered can hold a socket open after its timeout (undici does not always
// let go of an aborted fetch), which would keep a finished run alive.
await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => s.write('', () => done()))));
process.exit();
