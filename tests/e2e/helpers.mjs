// Shared helpers for the end-to-end tests: where the binary is, temporary
// databases, a raw line-oriented client over real pipes, and the clean-up
// that stops whatever a test started, however it ended.
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';

export const BIN = process.env.SQ_BIN;
if (!BIN) throw new Error('SQ_BIN must name the built sequential-questioning binary');

// Every process and client a test file starts is stopped when its tests are
// done, passed or failed: a failed assertion must fail the test at once, not
// leave a server holding the test process open until the runner's time limit.
const liveProcesses = new Set();
const liveClients = new Set();

// Follows a child process: killed at the end of the file's tests if it still runs.
export function track(proc) {
  liveProcesses.add(proc);
  proc.on('exit', () => liveProcesses.delete(proc));
  return proc;
}

// Follows anything with close() (an SDK client): closed at the end if still open.
export function closeAtEnd(client) {
  liveClients.add(client);
  return client;
}

after(async () => {
  for (const client of liveClients) {
    await Promise.race([client.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  liveClients.clear();
  for (const proc of liveProcesses) proc.kill('SIGKILL');
  liveProcesses.clear();
});

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'sq-e2e-'));
  return { dir, db: join(dir, 'test.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Environment for a server that must not touch the user's real data.
export function serverEnv(extra = {}) {
  const env = { ...process.env };
  delete env.SQ_DB;
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

const ajv = new Ajv({ allErrors: true, strict: false });
export function assertMatchesSchema(schema, value, what) {
  const validate = ajv.compile(schema);
  if (!validate(value)) {
    throw new Error(`${what} does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
}

// A server driven line by line over its real stdin/stdout. `program` is the
// binary unless a test starts it through something else (a shell, say).
export class RawServer {
  constructor(args, env, program = BIN) {
    this.proc = track(spawn(program, args, { env: serverEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }));
    this.buffer = '';
    this.lines = [];
    this.waiters = [];
    this.stdoutRaw = '';
    this.stderr = '';
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk) => {
      this.stdoutRaw += chunk;
      this.buffer += chunk;
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.lines.push(line);
      }
      this.wake();
    });
    this.proc.stderr.on('data', (c) => { this.stderr += c; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }
  wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
  write(text) { this.proc.stdin.write(text); }
  send(obj) { this.write(JSON.stringify(obj) + '\n'); }
  // Next line from stdout, parsed as JSON (fails the test if it is not JSON).
  async next(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (Date.now() > deadline) throw new Error(`no reply within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return JSON.parse(this.lines.shift());
  }
  async request(id, method, params = {}) {
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.next();
  }
  close() { this.proc.stdin.end(); return this.exited; }
}
