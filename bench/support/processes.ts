import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface Started {
  child: ChildProcess;
  /** The first capture group of the line that announced readiness. */
  announced: string;
  stop(): Promise<void>;
}

/** Runs a command to its end; resolves with its stdout, fails with its output on a non-zero exit. */
export async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${code}:\n${out}${err}`);
  return out;
}

/** Starts a long-running process and waits until a line of its stdout matches `ready`. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Started> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        // Keep draining the pipes so a chatty server never blocks on a full buffer.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, announced: match[1]!, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`${[command, ...args].join(' ')} exited with ${code} before it was ready:\n${output}`)));
  });
}
