import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { exited } from './child-app';

const ROOT = resolve(__dirname, '../..');

/** A free TCP port on loopback (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The real server (`src/main.ts`, as `npm start` runs it) in a child process. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  http: ReturnType<typeof request>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` (default SIGKILL) and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `src/main.ts` with `env` on top of this process's environment (PORT chosen here unless
 * given) and resolves once it printed `readyText`, or without one once `GET /health` answers
 * (whatever LOG_LEVEL is). Rejects with its output if it exits or is not ready within `timeoutMs`.
 */
export async function startServer(env: Record<string, string>, readyText?: string, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  const http = request(`http://127.0.0.1:${port}`);
  const ready = async () =>
    readyText ? out.join('').includes(readyText) : await http.get('/health').timeout(2000).then(() => true, () => false);
  for (const deadline = Date.now() + timeoutMs; !(await ready()); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${out.join('')}`);
    }
  }
  return {
    child,
    port,
    http,
    output: () => out.join(''),
    stop: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited(child);
    },
  };
}
