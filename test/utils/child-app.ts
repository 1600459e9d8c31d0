import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CHILD = join(ROOT, 'test/utils/invitations-child-app.ts');

/** Outcome of starting the app in a child process: booted, or exited with its output. */
export type ChildStart = { ready: true; child: ChildProcess } | { ready: false; code: number | null; output: string };

/** Starts the app (no HTTP, background dispatcher on) in a child process from `env`. */
export function startChildApp(env: Record<string, string>): Promise<ChildStart> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD], {
    cwd: ROOT,
    env: { ...process.env, SEED_ON_START: 'false', DISPATCH_INTERVAL_MS: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((done) => {
    child.stdout!.on('data', (d: Buffer) => (d.toString().includes('ready') ? done({ ready: true, child }) : output.push(d.toString())));
    child.once('exit', (code) => done({ ready: false, code, output: output.join('') }));
  });
}

/** Resolves when `child` has exited. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}
