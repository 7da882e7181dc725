// Transport statistics (requests, retries) of the run: the worker puts them on the test module's
// meta (vitest-setup.ts), which vitest hands to the reporters in the main process as data.
import type { TestModule } from 'vitest/node';

export interface FileStats {
  requests: number;
  retries: number;
}

declare module 'vitest' {
  interface TaskMeta {
    transport?: FileStats;
  }
}

export function statsOf(modules: ReadonlyArray<TestModule>): FileStats {
  return modules.reduce(
    (a, m) => {
      const s = m.meta().transport;
      return s ? { requests: a.requests + s.requests, retries: a.retries + s.retries } : a;
    },
    { requests: 0, retries: 0 },
  );
}
