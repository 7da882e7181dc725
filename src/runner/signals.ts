// How a long-running command of this project ends on a cancel: at once on SIGINT or SIGTERM (what a
// cancelled CI job or Ctrl-C sends), and also when its parent process is gone (npm runs scripts
// through `sh -c`; a signal to npm can end sh without reaching the command, which would keep running
// orphaned). `onEnd` runs synchronously first (say why, write what must be written); then the process
// exits, which ends its worker threads, sockets and servers: no request starts after it.
export function endOnSignal(onEnd: (why: string) => void, exit: (code: number) => never = (code) => process.exit(code)): () => void {
  let ended = false;
  const end = (why: string, code: number) => {
    if (ended) return;
    ended = true;
    try {
      onEnd(why);
    } finally {
      exit(code);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => end(`cancelled by ${signal}`, signal === 'SIGINT' ? 130 : 143);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const parent = process.ppid;
  const watchdog = setInterval(() => {
    if (process.ppid !== parent) end('cancelled: its parent process is gone', 143);
  }, 250);
  watchdog.unref();
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    clearInterval(watchdog);
  };
}
