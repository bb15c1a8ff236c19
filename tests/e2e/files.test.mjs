// Files: the data directory and every file in it are private to the user; a
// symlink planted where the program writes cannot redirect the write; and a
// full disk (here: a file size limit) gives a clear error, loses nothing that
// was acknowledged, and leaves a sound database behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, RawServer, serverEnv, tempDir } from './helpers.mjs';

const HANDSHAKE = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'files', version: '0' } };

function cli(args, env = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: serverEnv(env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mode = (p) => statSync(p).mode & 0o777;

test('the default data directory and its files are private to the user', (t) => {
  const tmp = tempDir();
  try {
    const env = { HOME: tmp.dir, XDG_DATA_HOME: join(tmp.dir, 'data') };
    const asked = cli(['--json', 'ask', 'Plan a two-week trip to Japan in April'], env);
    assert.equal(asked.code, 0, asked.stderr);
    assert.equal(cli(['reindex'], env).code, 0);  // writes the index file
    const dir = join(tmp.dir, 'data', 'sequential-questioning');
    assert.equal(mode(dir), 0o700, 'data directory');
    const files = readdirSync(dir);
    assert.ok(files.includes('sequential-questioning.db'));
    assert.ok(files.includes('sequential-questioning.db.hnsw'));
    for (const f of files) assert.equal(mode(join(dir, f)), 0o600, `${f} is not private`);
    t.diagnostic(`files: ${files.length} files in the data directory, all 0600; directory 0700`);
  } finally {
    tmp.cleanup();
  }
});

test('a symlink planted where a file is written does not redirect the write', async (t) => {
  const tmp = tempDir();
  try {
    const victim = join(tmp.dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const asked = cli(['--db', tmp.db, '--json', 'ask', 'Plan a two-week trip to Japan in April']);
    const id = JSON.parse(asked.stdout).conversation_id;

    // Export over a symlink: the link is replaced, its target untouched.
    const out = join(tmp.dir, 'trip.md');
    symlinkSync(victim, out);
    assert.equal(cli(['--db', tmp.db, 'export', id, '-o', out]).code, 0);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(!lstatSync(out).isSymbolicLink());
    assert.match(readFileSync(out, 'utf8'), /^# Plan a two-week trip/);

    // The index file: saved by rename, never written through a link.
    symlinkSync(victim, `${tmp.db}.hnsw`);
    assert.equal(cli(['--db', tmp.db, 'reindex']).code, 0);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(!lstatSync(`${tmp.db}.hnsw`).isSymbolicLink());

    // The lock file is never opened through a link.
    const lockDb = join(tmp.dir, 'locked.db');
    symlinkSync(victim, `${lockDb}.lock`);
    const s = new RawServer(['--db', lockDb, 'serve']);
    s.proc.stdin.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: HANDSHAKE }) + '\n');
    await s.exited;
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.match(s.stderr, /lock/);
    t.diagnostic('files: symlinks planted at the export target, the index file and the lock file; target unchanged each time');
  } finally {
    tmp.cleanup();
  }
});

test('a full disk fails the call clearly, keeps serving and loses nothing acknowledged', async (t) => {
  const tmp = tempDir();
  try {
    const s = new RawServer(['--db', tmp.db, 'serve']);
    assert.ok((await s.request(0, 'initialize', HANDSHAKE)).result);
    const started = await s.request(1, 'tools/call', {
      name: 'sequential_questioning', arguments: { context: 'Plan a two-week trip to Japan in April' },
    });
    const conv = started.result.structuredContent.conversation_id;
    assert.equal((await s.close()).code, 0);

    // 200 KiB per file: a few large answers fill it.
    const limited = new RawServer(['-c', 'ulimit -f 400; exec "$0" --db "$1" serve', BIN, tmp.db], {}, '/bin/sh');
    assert.ok((await limited.request(0, 'initialize', HANDSHAKE)).result);
    const acknowledged = [];
    let failure = null;
    for (let i = 0; i < 400 && !failure; i += 1) {
      const text = `We want option ${i}: ${'a long and detailed answer '.repeat(150)}`;
      const r = await limited.request(10 + i, 'tools/call', {
        name: 'sequential_questioning_follow_up',
        arguments: { conversation_id: conv, batch_size: 1, previous_messages: [{ role: 'user', content: text }] },
      });
      if (r.result?.isError) failure = r.result.content[0].text;
      else acknowledged.push(`We want option ${i}:`);
    }
    assert.ok(failure, 'the file size limit was never reached');
    assert.match(failure, /nothing was saved/);
    assert.match(failure, /disk is full|file size limit/);
    assert.deepEqual((await limited.request('p', 'ping')).result, {}, 'still serving');
    const got = await limited.request('g', 'tools/call', { name: 'get_conversation', arguments: { conversation_id: conv } });
    assert.equal(got.result.isError, false);
    await limited.close();

    const shown = JSON.parse(cli(['--db', tmp.db, '--json', 'show', conv]).stdout);
    for (const prefix of acknowledged) {
      assert.equal(shown.answers.filter((a) => a.text.includes(prefix)).length, 1, `${prefix} lost or doubled`);
    }
    const check = cli(['--db', tmp.db, '--json', 'check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const integrity = spawnSync('sqlite3', [tmp.db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
    assert.equal(integrity.stdout.trim(), 'ok');
    const summary = `disk full: file size limit 200 KiB; ${acknowledged.length} answers acknowledged before the limit, ` +
      `then "${failure.slice(0, 60)}..."; server kept serving; ${acknowledged.length} of ${acknowledged.length} ` +
      'present afterwards; check and integrity_check ok';
    t.diagnostic(summary);
    console.log(summary);
  } finally {
    tmp.cleanup();
  }
});
