// `npx tsx tests/second-impl/serve.ts`: the second implementation on 127.0.0.1, for a run by hand:
//   npm test -- --base-url=URL --profile=tests/second-impl/profile.yaml
import { startSecondImpl } from './server.js';

const running = await startSecondImpl();
console.log(`second implementation listening on ${running.url}`);
process.on('SIGINT', () => void running.close().then(() => process.exit(0)));
