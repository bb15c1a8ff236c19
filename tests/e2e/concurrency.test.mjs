// Concurrency: two server processes on one database each complete thousands
// of write calls at the same time, several in flight on each connection. No
// call may fail because the database was busy, and afterwards every answer is
// stored exactly once: nothing lost, nothing duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RawServer, tempDir } from './helpers.mjs';

const CALLS_PER_SERVER = 1500;
const IN_FLIGHT = 8;
const CONVERSATIONS_PER_SERVER = 10;
const HANDSHAKE = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'load', version: '0' } };

async function drive(db, name) {
  const s = new RawServer(['--db', db, 'serve']);
  assert.ok((await s.request('init', 'initialize', HANDSHAKE)).result);
  const convs = [];
  for (let c = 0; c < CONVERSATIONS_PER_SERVER; c += 1) {
    const r = await s.request(`c${c}`, 'tools/call', {
      name: 'sequential_questioning',
      arguments: { context: `Plan a conference for ${c + 20} engineers, organised by ${name}`, user_id: name },
    });
    assert.equal(r.result.isError, false, JSON.stringify(r));
    convs.push(r.result.structuredContent.conversation_id);
  }
  const texts = [];
  const failures = [];
  let sent = 0;
  let done = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (sent < CALLS_PER_SERVER && sent - done < IN_FLIGHT) {
        const n = sent;
        sent += 1;
        const text = `Server ${name} message ${n}: we would like seating for table ${n}.`;
        texts.push(text);
        s.send({
          jsonrpc: '2.0', id: `w${n}`, method: 'tools/call',
          params: {
            name: 'sequential_questioning_follow_up',
            arguments: { conversation_id: convs[n % convs.length], batch_size: 1,
              previous_messages: [{ role: 'user', content: text }] },
          },
        });
      }
    };
    const read = async () => {
      try {
        while (done < CALLS_PER_SERVER) {
          const reply = await s.next(60000);
          done += 1;
          if (reply.error || reply.result?.isError) failures.push(JSON.stringify(reply).slice(0, 300));
          pump();
        }
        resolve();
      } catch (e) {
        reject(e);
      }
    };
    pump();
    read();
  });
  assert.equal((await s.close()).code, 0, s.stderr);
  return { texts, failures, convs, stderr: s.stderr };
}

function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3 (scripts/build-deps.txt) failed: ${r.stderr}`);
  return r.stdout.trim();
}

test(`two servers on one database each complete ${CALLS_PER_SERVER} writes at once`, async (t) => {
  const tmp = tempDir();
  try {
    const started = Date.now();
    const [a, b] = await Promise.all([drive(tmp.db, 'alice'), drive(tmp.db, 'bob')]);
    const seconds = (Date.now() - started) / 1000;
    for (const side of [a, b]) {
      assert.deepEqual(side.failures, [], `calls failed:\n${side.failures.slice(0, 5).join('\n')}`);
      assert.doesNotMatch(side.stderr, /busy|locked/i);
    }
    const answers = Number(sql(tmp.db, "SELECT count(*) FROM messages WHERE kind = 'answer'"));
    const distinct = Number(sql(tmp.db, "SELECT count(DISTINCT content) FROM messages WHERE kind = 'answer'"));
    assert.equal(answers, 2 * CALLS_PER_SERVER, 'every acknowledged answer is stored once');
    assert.equal(distinct, 2 * CALLS_PER_SERVER, 'no answer is stored twice');
    // Each answer is in the conversation it was sent to.
    for (const side of [a, b]) {
      const owner = side === a ? 'alice' : 'bob';
      const stored = Number(sql(tmp.db, `SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
        JOIN user_sessions s ON s.id = c.session_id
        WHERE m.kind = 'answer' AND s.user_id = '${owner}' AND m.content LIKE 'Server ${owner} %'`));
      assert.equal(stored, CALLS_PER_SERVER);
    }
    const embeddings = Number(sql(tmp.db, 'SELECT count(*) FROM embeddings'));
    const messages = Number(sql(tmp.db, 'SELECT count(*) FROM messages'));
    assert.equal(embeddings, messages, 'every message has its embedding');
    assert.equal(sql(tmp.db, 'PRAGMA integrity_check'), 'ok');
    const summary = `concurrency: 2 servers x ${CALLS_PER_SERVER} write calls (${IN_FLIGHT} in flight each) in ` +
      `${seconds.toFixed(1)} s: 0 failed, ${answers} answers stored for ${2 * CALLS_PER_SERVER} acknowledged, ` +
      `0 duplicated, ${embeddings} embeddings for ${messages} messages, integrity_check ok`;
    t.diagnostic(summary);
    console.log(summary);
  } finally {
    tmp.cleanup();
  }
});
