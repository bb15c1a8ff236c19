// Operations over real processes: metrics counted exactly across a known
// sequence of requests and across processes (sq://metrics, `stats`, the
// Prometheus file); a backup taken while a server keeps writing restores to a
// sound database holding every answer acknowledged before the backup began;
// `doctor` and `check` find a damaged index and a missing embedding and
// `check --repair` fixes both; `prune` deletes only old closed conversations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, RawServer, serverEnv, tempDir, track } from './helpers.mjs';

// Runs the CLI to completion without blocking the event loop (servers driven
// by the same test keep going meanwhile). Standard input is an empty pipe.
function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const p = track(spawn(BIN, args, { env: serverEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8');
    p.stderr.setEncoding('utf8');
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end();
  });
}

async function runJson(args, expectCode = 0) {
  const r = await run([...args, '--json']);
  assert.equal(r.code, expectCode, `${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const HANDSHAKE = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } };

async function startServer(args) {
  const s = new RawServer(args);
  const r = await s.request('init', 'initialize', HANDSHAKE);
  assert.equal(r.result.protocolVersion, '2025-11-25');
  s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return s;
}

async function startConversation(s, id, context) {
  const r = await s.request(id, 'tools/call', { name: 'sequential_questioning', arguments: { context } });
  assert.equal(r.result.isError, false, JSON.stringify(r.result.content));
  return r.result.structuredContent.conversation_id;
}

// { name: requests } of one family of a metrics JSON object.
function requests(family) {
  return Object.fromEntries(Object.entries(family).map(([k, v]) => [k, v.requests]));
}

function findings(report, severity) {
  return report.findings.filter((f) => f.severity === severity).map((f) => f.check).sort();
}

test('metrics count a known sequence of requests exactly, across processes', async () => {
  const tmp = tempDir();
  const prom = join(tmp.dir, 'sq.prom');
  const s = new RawServer(['--db', tmp.db, 'serve', '--metrics-interval', '0', '--metrics-file', prom]);
  try {
    let r = await s.request(1, 'initialize', HANDSHAKE);
    assert.ok(r.result);
    s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });  // not a request: not counted
    await s.request(2, 'ping');
    await s.request(3, 'ping');
    await s.request(4, 'tools/list');
    r = await s.request(5, 'tools/call', { name: 'sequential_questioning', arguments: { context: 'Plan a vegetable garden' } });
    assert.equal(r.result.isError, false);
    r = await s.request(55, 'tools/call', { name: 'search_memory', arguments: { query: 'garden vegetables' } });
    assert.equal(r.result.isError, false, JSON.stringify(r.result));
    r = await s.request(6, 'tools/call', { name: 'sequential_questioning', arguments: { context: 42 } });
    assert.equal(r.result.isError, true);
    r = await s.request(7, 'tools/call', { name: 'no_such_tool', arguments: {} });
    assert.equal(r.error.code, -32602);
    r = await s.request(8, 'no/such/method');
    assert.equal(r.error.code, -32601);
    s.write('{"jsonrpc": "2.0", "id": \n');
    r = await s.next();
    assert.equal(r.error.code, -32700);

    r = await s.request(9, 'resources/list');
    assert.equal(r.result.resources[0].uri, 'sq://metrics');
    r = await s.request(10, 'resources/read', { uri: 'sq://metrics' });
    assert.equal(r.result.contents[0].mimeType, 'application/json');
    const m = JSON.parse(r.result.contents[0].text);
    // The read itself is counted once it has been answered.
    const expected = {
      initialize: 1, ping: 2, 'tools/list': 1, 'tools/call': 4, '(unknown)': 1, '(invalid)': 1, 'resources/list': 1,
    };
    for (const view of [m.process, m.total]) {
      assert.deepEqual(requests(view.methods), expected);
      assert.equal(view.requests, 11);
      assert.deepEqual(view.methods['tools/call'].errors, { '-32602': 1, tool_error: 1 });
      assert.equal(view.methods['tools/call'].error_total, 2);
      assert.deepEqual(view.methods['(unknown)'].errors, { '-32601': 1 });
      assert.deepEqual(view.methods['(invalid)'].errors, { '-32700': 1 });
      assert.deepEqual(view.methods.ping.errors, {});
      assert.deepEqual(requests(view.tools), { sequential_questioning: 2, search_memory: 1 });
      assert.deepEqual(view.tools.search_memory.errors, {});
      assert.deepEqual(view.tools.sequential_questioning.errors, { tool_error: 1 });
      const lat = view.methods.ping.latency_ms;
      assert.ok(lat.min <= lat.p50 && lat.p50 <= lat.p95 && lat.p95 <= lat.p99 && lat.p99 <= lat.max, JSON.stringify(lat));
      assert.ok(view.vector_search.requests >= 1, 'search_memory searches the vectors');
      assert.ok(view.vector_search.latency_ms.max >= 0);
    }
    assert.equal(m.database.rows.conversations, 1);
    assert.ok(m.database.schema_version >= 3);
    assert.ok(m.database.file_bytes > 0);
    const searches = m.process.vector_search.requests;
    assert.equal((await s.close()).code, 0);

    // After exit, `stats` has everything, the metrics read included.
    let stats = await runJson(['--db', tmp.db, 'stats']);
    assert.deepEqual(requests(stats.total.methods), { ...expected, 'resources/read': 1 });
    assert.equal(stats.total.requests, 12);
    assert.equal(stats.total.vector_search.requests, searches);
    assert.equal(stats.database.rows.conversations, 1);

    // The Prometheus file was rewritten atomically and holds the same counts.
    const text = readFileSync(prom, 'utf8');
    assert.match(text, /^sequential_questioning_requests_total\{method="ping"\} 2$/m);
    assert.match(text, /^sequential_questioning_requests_total\{method="resources\/read"\} 1$/m);
    assert.match(text, /^sequential_questioning_request_errors_total\{method="tools\/call",kind="tool_error"\} 1$/m);
    assert.match(text, /^sequential_questioning_tool_calls_total\{tool="sequential_questioning"\} 2$/m);
    assert.match(text, /^sequential_questioning_database_rows\{kind="conversations"\} 1$/m);
    assert.match(text, /^# TYPE sequential_questioning_request_duration_seconds summary$/m);
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-')), []);

    // A second process adds to the same totals (flushed at exit, default interval).
    const s2 = new RawServer(['--db', tmp.db]);
    await s2.request(1, 'ping');
    assert.equal((await s2.close()).code, 0);
    stats = await runJson(['--db', tmp.db, 'stats']);
    assert.equal(stats.total.methods.ping.requests, 3);
    assert.equal(stats.total.requests, 13);

    const human = await run(['--db', tmp.db, 'stats']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /13 requests since/);
    assert.match(human.stdout, /tools\/call\s+4\s+2\s/);

    const reset = await runJson(['--db', tmp.db, 'stats', '--reset']);
    assert.equal(reset.reset, true);
    stats = await runJson(['--db', tmp.db, 'stats']);
    assert.equal(stats.total.requests, 0);
    assert.deepEqual(stats.total.methods, {});
  } finally {
    s.proc.kill();
    tmp.cleanup();
  }
});

test('a backup taken while a server writes restores every answer acknowledged before it began', async (t) => {
  const tmp = tempDir();
  const backup = join(tmp.dir, 'backup.db');
  const fresh = join(tmp.dir, 'restored', 'fresh.db');
  const s = await startServer(['--db', tmp.db]);
  let stop = false;
  try {
    const conv = await startConversation(s, 1, 'Plan a two-week trip to Japan in April');
    const acknowledged = [];
    let n = 0;
    const writer = (async () => {
      while (!stop) {
        n += 1;
        const token = `token${n}x${Date.now()}`;
        const r = await s.request(100 + n, 'tools/call', {
          name: 'sequential_questioning_follow_up',
          arguments: { conversation_id: conv, previous_messages: [{ role: 'user', content: `Answer ${n}: we like ${token}.` }] },
        });
        assert.equal(r.result.isError, false, JSON.stringify(r.result.content));
        acknowledged.push(token);
      }
    })();
    while (acknowledged.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));

    const before = [...acknowledged];
    const b = await run(['--db', tmp.db, 'backup', backup]);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /verified/);
    const during = acknowledged.length - before.length;
    t.diagnostic(`${before.length} answers acknowledged before the backup, ${during} while it ran`);
    // Keep writing a little after the backup, too.
    const target = acknowledged.length + 3;
    while (acknowledged.length < target) await new Promise((resolve) => setTimeout(resolve, 10));

    // While the server runs, restoring over its database is refused.
    const refused = await run(['--db', tmp.db, 'restore', backup]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /a server is using/);
    assert.match(refused.stderr, /--force/);

    stop = true;
    await writer;
    assert.equal((await s.close()).code, 0);
    assert.equal(statSync(backup).mode & 0o777, 0o600);
    const again = await run(['--db', tmp.db, 'backup', backup]);
    assert.equal(again.code, 1, 'an existing backup is not overwritten without --force');

    const restored = await runJson(['--db', fresh, 'restore', backup]);
    assert.equal(restored.previous, null);
    assert.ok(restored.vectors > 0);
    const check = await runJson(['--db', fresh, 'check']);
    assert.equal(check.healthy, true, JSON.stringify(check));

    const shown = await run(['--db', fresh, 'show', conv, '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    for (const token of before) assert.ok(shown.stdout.includes(token), `${token} acknowledged before the backup`);
    // Nothing from after the backup finished.
    for (const token of acknowledged.slice(before.length + during + 1)) assert.ok(!shown.stdout.includes(token));
  } finally {
    stop = true;
    s.proc.kill();
    tmp.cleanup();
  }
});

test('doctor and check find a damaged index and a missing embedding; check --repair fixes both', async () => {
  const tmp = tempDir();
  try {
    const s = await startServer(['--db', tmp.db]);
    await startConversation(s, 1, 'Renovate an old kitchen on a budget');
    await startConversation(s, 2, 'Train for a first marathon');
    assert.equal((await s.close()).code, 0);
    assert.equal((await run(['--db', tmp.db, 'reindex'])).code, 0);
    const index = `${tmp.db}.hnsw`;
    assert.ok(existsSync(index));

    let doctor = await runJson(['--db', tmp.db, 'doctor']);
    assert.equal(doctor.healthy, true, JSON.stringify(doctor));
    let check = await runJson(['--db', tmp.db, 'check']);
    assert.equal(check.healthy, true);

    // Damage the middle of the index file.
    const fd = openSync(index, 'r+');
    writeSync(fd, Buffer.from('not a graph any more'), 0, 20, Math.floor(statSync(index).size / 2));
    closeSync(fd);
    doctor = await runJson(['--db', tmp.db, 'doctor'], 1);
    assert.deepEqual(findings(doctor, 'problem'), ['index']);
    assert.match(doctor.findings.find((f) => f.check === 'index').fix, /check --repair/);
    check = await runJson(['--db', tmp.db, 'check'], 1);
    assert.deepEqual(findings(check, 'problem'), ['index']);

    // Delete one embedding row with the sqlite3 shell (a build dependency).
    const sqlite = spawnSync('sqlite3', [tmp.db, 'DELETE FROM embeddings WHERE message_id = (SELECT min(message_id) FROM embeddings)']);
    assert.equal(sqlite.status, 0, `sqlite3 shell: ${sqlite.error ?? sqlite.stderr}`);
    check = await runJson(['--db', tmp.db, 'check'], 1);
    assert.deepEqual(findings(check, 'problem'), ['embeddings', 'index']);
    doctor = await runJson(['--db', tmp.db, 'doctor'], 1);
    assert.deepEqual(findings(doctor, 'problem'), ['embeddings', 'index']);

    const repaired = await runJson(['--db', tmp.db, 'check', '--repair']);
    assert.equal(repaired.healthy, true, JSON.stringify(repaired));
    assert.equal(repaired.repair.index_rebuilt, true);
    assert.equal(repaired.repair.reembedded, 1);
    assert.equal(repaired.before.healthy, false);
    doctor = await runJson(['--db', tmp.db, 'doctor']);
    assert.equal(doctor.healthy, true);
    check = await runJson(['--db', tmp.db, 'check']);
    assert.equal(check.healthy, true);
  } finally {
    tmp.cleanup();
  }
});

test('prune deletes only closed conversations older than asked, and only when confirmed', async () => {
  const tmp = tempDir();
  try {
    let s = await startServer(['--db', tmp.db]);
    const oldClosed = await startConversation(s, 1, 'An old plan for a boat trip');
    const oldOpen = await startConversation(s, 2, 'An old plan for a rose garden');
    let r = await s.request(3, 'tools/call', { name: 'close_conversation', arguments: { conversation_id: oldClosed } });
    assert.equal(r.result.isError, false);
    assert.equal((await s.close()).code, 0);

    await new Promise((resolve) => setTimeout(resolve, 5000));
    s = await startServer(['--db', tmp.db]);
    const newClosed = await startConversation(s, 1, 'A recent plan for adopting a cat');
    r = await s.request(2, 'tools/call', { name: 'close_conversation', arguments: { conversation_id: newClosed } });
    assert.equal(r.result.isError, false);
    assert.equal((await s.close()).code, 0);
    const recentAt = Date.now();
    // A cutoff between the two groups however slowly this machine runs the
    // commands (the old ones are 5 s older than the recent one; times are
    // stored to the second).
    const cutoff = () => `${Math.ceil((Date.now() - recentAt) / 1000) + 2}s`;

    const dry = await runJson(['--db', tmp.db, 'prune', '--older-than', cutoff(), '--dry-run']);
    assert.deepEqual(dry.conversations.map((c) => c.id), [oldClosed]);
    assert.equal(dry.deleted, 0);

    const unconfirmed = await run(['--db', tmp.db, 'prune', '--older-than', cutoff()]);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /not a terminal/);
    assert.match(unconfirmed.stderr, /--yes/);
    assert.equal((await run(['--db', tmp.db, 'show', oldClosed])).code, 0, 'nothing deleted without confirmation');

    const pruned = await runJson(['--db', tmp.db, 'prune', '--older-than', cutoff(), '--yes']);
    assert.equal(pruned.deleted, 1);
    assert.notEqual((await run(['--db', tmp.db, 'show', oldClosed])).code, 0);
    assert.equal((await run(['--db', tmp.db, 'show', oldOpen])).code, 0);
    assert.equal((await run(['--db', tmp.db, 'show', newClosed])).code, 0);
    const check = await runJson(['--db', tmp.db, 'check']);
    assert.equal(check.healthy, true, JSON.stringify(check));
  } finally {
    tmp.cleanup();
  }
});
