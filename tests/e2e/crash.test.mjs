// Crash consistency: a server is killed with SIGKILL at a random moment while
// a client streams answers to it, again and again on one database. Every
// answer whose reply reached the client must survive: present exactly once,
// in a database whose integrity check is clean, and found by a search across
// all conversations (the vector index catches up from SQLite after each kill).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BIN, RawServer, serverEnv, tempDir } from './helpers.mjs';

const ROUNDS = 25;
const HANDSHAKE = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'crash', version: '0' } };

function cli(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: serverEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A word no other answer shares (ten random consonants), so a search for it
// has one right answer.
function token() {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return Array.from(randomBytes(10), (b) => letters[b % letters.length]).join('');
}

test(`kill -9 during a stream of answers loses nothing acknowledged (${ROUNDS} rounds)`, async (t) => {
  const tmp = tempDir();
  const acknowledged = [];  // { conv, text, token }
  let sent = 0;
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const s = new RawServer(['--db', tmp.db, 'serve']);
      const init = await s.request('init', 'initialize', HANDSHAKE);
      assert.ok(init.result, JSON.stringify(init));
      s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      const started = await s.request('start', 'tools/call', {
        name: 'sequential_questioning',
        arguments: { context: `Plan a two-week trip to Japan in April, round ${round}` },
      });
      const conv = started.result.structuredContent.conversation_id;

      // Stream follow-ups with several in flight; read replies as they come.
      const pending = new Map();
      let n = 0;
      let killed = false;
      let gone = false;
      s.exited.then(() => { gone = true; s.wake(); });
      const reader = (async () => {
        for (;;) {
          while (s.lines.length === 0 && !gone) await new Promise((resolve) => s.waiters.push(resolve));
          if (s.lines.length === 0) return;  // the process is gone and every reply was read
          const reply = JSON.parse(s.lines.shift());
          const entry = pending.get(reply.id);
          if (!entry) continue;
          pending.delete(reply.id);
          assert.equal(reply.result?.isError, false, JSON.stringify(reply));
          acknowledged.push(entry);
        }
      })();
      const killAfter = 5 + Math.floor(Math.random() * 120);
      const killer = setTimeout(() => {
        killed = true;
        s.proc.kill('SIGKILL');
      }, killAfter);
      while (!killed) {
        while (pending.size < 4 && !killed) {
          n += 1;
          sent += 1;
          const word = token();
          const text = `We want ${word} (round ${round}, message ${n}).`;
          const id = `r${round}n${n}`;
          pending.set(id, { conv, text, token: word });
          s.send({
            jsonrpc: '2.0', id, method: 'tools/call',
            params: {
              name: 'sequential_questioning_follow_up',
              arguments: { conversation_id: conv, batch_size: 1, previous_messages: [{ role: 'user', content: text }] },
            },
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      clearTimeout(killer);
      const exit = await s.exited;
      assert.equal(exit.signal, 'SIGKILL');
      await reader;
    }
    assert.ok(acknowledged.length >= ROUNDS, `only ${acknowledged.length} answers were acknowledged`);

    // Every acknowledged answer is stored exactly once.
    const byConv = new Map();
    for (const a of acknowledged) {
      if (!byConv.has(a.conv)) byConv.set(a.conv, []);
      byConv.get(a.conv).push(a);
    }
    for (const [conv, answers] of byConv) {
      const shown = cli(['--db', tmp.db, '--json', 'show', conv]);
      assert.equal(shown.code, 0, shown.stderr);
      const stored = JSON.parse(shown.stdout).answers.map((a) => a.text);
      for (const a of answers) {
        const times = stored.filter((x) => x.includes(a.token)).length;
        assert.equal(times, 1, `acknowledged answer stored ${times} times: ${a.text}`);
      }
    }

    const check = cli(['--db', tmp.db, '--json', 'check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(JSON.parse(check.stdout).healthy, true, check.stdout);
    const integrity = spawnSync('sqlite3', [tmp.db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
    assert.equal(integrity.status, 0, 'the sqlite3 command-line shell is needed (scripts/build-deps.txt)');
    assert.equal(integrity.stdout.trim(), 'ok');

    // A search across all conversations (through the vector index, which a
    // new server catches up from SQLite) finds each, first.
    const searcher = new RawServer(['--db', tmp.db, 'serve']);
    assert.ok((await searcher.request('init', 'initialize', HANDSHAKE)).result);
    let found = 0;
    for (const a of acknowledged) {
      const r = await searcher.request(`s${found}`, 'tools/call', {
        name: 'search_memory', arguments: { query: a.text, types: ['answer'], limit: 3 },
      });
      const items = r.result.structuredContent.items;
      assert.ok(items.length > 0 && items[0].text.includes(a.token),
        `a search for "${a.text}" did not find it first: ${JSON.stringify(items.map((i) => [i.text, i.score]))}`);
      found += 1;
    }
    assert.equal((await searcher.close()).code, 0);
    const summary = `crash: ${ROUNDS} kill -9 rounds, ${sent} answers sent, ${acknowledged.length} acknowledged, ` +
      `${sent - acknowledged.length} unacknowledged (in flight when killed); ${found} of ${acknowledged.length} acknowledged ` +
      'present exactly once and found first by search_memory; check and integrity_check ok';
    t.diagnostic(summary);
    console.log(summary);
  } finally {
    tmp.cleanup();
  }
});
