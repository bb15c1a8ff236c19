// Hostile and malformed input over a real pipe: every case gets an error that
// names the field (or the problem) and the limit, nothing is stored, the
// server keeps serving after each, and its memory stays bounded through a
// storm of oversized messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RawServer, tempDir } from './helpers.mjs';

const HANDSHAKE = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'limits', version: '0' } };
const call = (name, args) => ({ name, arguments: args });

// [what, tools/call params, expected tool-error text]
const TOOL_CASES = [
  ['very long string', call('sequential_questioning', { context: 'x'.repeat(200000) }), /context is 200000 characters long; the limit is 100000/],
  ['long identifier', call('sequential_questioning', { context: 'trip', user_id: 'u'.repeat(5000) }), /user_id is 5000 characters long; the limit is 256/],
  ['huge array', call('sequential_questioning', { context: 'trip', previous_messages: Array.from({ length: 20000 }, () => ({ role: 'user', content: 'hi' })) }), /previous_messages has 20000 items; the limit is 1000/],
  ['number above range', call('sequential_questioning', { context: 'trip', batch_size: 11 }), /batch_size must be at most 10 \(got 11\)/],
  ['number far above range', call('sequential_questioning', { context: 'trip', batch_size: 1e308 }), /batch_size must be at most 10/],
  ['number below range', call('sequential_questioning', { context: 'trip', batch_size: -1 }), /batch_size must be at least 1 \(got -1\)/],
  ['fraction for an integer', call('sequential_questioning', { context: 'trip', batch_size: 2.5 }), /batch_size must be an integer/],
  ['string for a number', call('sequential_questioning', { context: 'trip', batch_size: '5' }), /batch_size must be an integer.*got string/],
  ['integer beyond 64 bits', call('search_memory', { query: 'x', limit: 1180591620717411303424 }), /limit must be at most 50/],
  ['number for a string', call('sequential_questioning', { context: 42 }), /context must be a string/],
  ['missing required field', call('search_memory', {}), /query is required/],
  ['empty required string', call('search_memory', { query: '' }), /query must not be empty/],
  ['value outside an enum', call('search_memory', { query: 'x', types: ['nope'] }), /types\[0\] must be one of "question", "answer", "context" \(got "nope"\)/],
  ['string for an array', call('search_memory', { query: 'x', types: 'answer' }), /types must be an array/],
  ['bad nested field', call('sequential_questioning_follow_up', { conversation_id: 'x', previous_messages: [{ role: 'robot', content: 'x' }] }), /previous_messages\[0\]\.role must be one of/],
  ['unknown field', call('sequential_questioning', { contxt: 'typo' }), /contxt is not a known field/],
  ['missing conversation', call('sequential_questioning_follow_up', { previous_messages: [] }), /conversation_id is required/],
  ['unknown conversation', call('get_conversation', { conversation_id: 'no-such-id' }), /no-such-id/],
];

// [what, raw line (string or Buffer, without newline), JSON-RPC code, message]
const RAW_CASES = [
  ['oversized line', JSON.stringify({ jsonrpc: '2.0', id: 'big', method: 'ping', params: { pad: 'x'.repeat(70000) } }), -32600, /65536/],
  ['deep nesting', '{"jsonrpc":"2.0","id":2,"method":"ping","params":{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}}', -32600, /nested \d+ levels deep; the limit is 64/],
  ['invalid UTF-8', Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":3,"method":"ping","params":{"q":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')]), -32700, /not valid UTF-8/],
  ['number beyond a double', '{"jsonrpc":"2.0","id":4,"method":"ping","params":{"n":1e999}}', -32700, /out of range/],
  ['id beyond a double', '{"jsonrpc":"2.0","id":1e400,"method":"ping"}', -32700, /out of range/],
  ['truncated JSON', '{"jsonrpc":"2.0","id":5,"method":"pi', -32700, /not valid JSON/],
  ['not an object', '[1,2,3]', -32600, /batches are not supported/],
  ['unknown method', '{"jsonrpc":"2.0","id":6,"method":"no/such/method"}', -32601, /no\/such\/method/],
  ['unknown tool', JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'no_such_tool', arguments: {} } }), -32602, /no_such_tool.*Available tools/],
  ['arguments not an object', JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'search_memory', arguments: [1] } }), -32602, /"arguments" must be an object/],
];

function rssKiB(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(m[1]);
}

test('hostile input gets errors naming the field and the limit, and the server keeps serving', async (t) => {
  const tmp = tempDir();
  const s = new RawServer(['--db', tmp.db, 'serve', '--max-line-bytes', '65536']);
  let id = 100;
  let small = 0;
  const stillServing = async () => {
    const r = await s.request(`ping-${id += 1}`, 'ping');
    assert.deepEqual(r.result, {}, 'the server stopped serving');
  };
  try {
    assert.ok((await s.request('init', 'initialize', HANDSHAKE)).result);
    s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

    for (const [what, params, expected] of TOOL_CASES) {
      // The oversized cases are larger than the line limit of this server:
      // the tool's own limits are checked by a server with the default limit.
      const line = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'tools/call', params });
      if (line.length > 65536) continue;
      small += 1;
      const r = await s.request(`tool-${id += 1}`, 'tools/call', params);
      assert.equal(r.result?.isError, true, `${what}: ${JSON.stringify(r).slice(0, 300)}`);
      assert.match(r.result.content[0].text, expected, what);
      await stillServing();
    }
    for (const [what, raw, code, expected] of RAW_CASES) {
      s.proc.stdin.write(Buffer.concat([Buffer.isBuffer(raw) ? raw : Buffer.from(raw), Buffer.from('\n')]));
      const r = await s.next();
      assert.equal(r.error?.code, code, `${what}: ${JSON.stringify(r).slice(0, 300)}`);
      assert.match(r.error.message, expected, what);
      await stillServing();
    }
    const listed = await s.request('list', 'tools/call', call('list_conversations', {}));
    assert.equal(listed.result.structuredContent.conversations.length, 0, 'no bad call stored anything');
    assert.equal((await s.close()).code, 0);
  } finally {
    s.proc.kill();
  }

  // The default line limit lets the large tool arguments through to the
  // argument checks.
  const d = new RawServer(['--db', tmp.db, 'serve']);
  try {
    assert.ok((await d.request('init', 'initialize', HANDSHAKE)).result);
    let checked = 0;
    for (const [what, params, expected] of TOOL_CASES) {
      const r = await d.request(`big-${id += 1}`, 'tools/call', params);
      assert.equal(r.result?.isError, true, what);
      assert.match(r.result.content[0].text, expected, what);
      checked += 1;
    }

    // A storm of rejected input does not make the server grow.
    const before = rssKiB(d.proc.pid);
    const oversized = 'x'.repeat(17 * 1024 * 1024);  // over the default 16 MiB limit
    for (let i = 0; i < 8; i += 1) {
      d.write(`{"jsonrpc":"2.0","id":"o${i}","method":"ping","params":{"pad":"${oversized}"}}\n`);
      const r = await d.next(60000);
      assert.equal(r.error?.code, -32600);
    }
    for (let i = 0; i < 40; i += 1) {
      const r = await d.request(`storm-${i}`, 'tools/call', TOOL_CASES[i % 3][1]);
      assert.equal(r.result.isError, true);
    }
    const after = rssKiB(d.proc.pid);
    const grewMiB = (after - before) / 1024;
    assert.ok(grewMiB < 64, `resident memory grew by ${grewMiB.toFixed(1)} MiB`);
    const r = await d.request('last', 'ping');
    assert.deepEqual(r.result, {});
    assert.equal((await d.close()).code, 0);
    const summary = `limits: ${TOOL_CASES.length} argument cases (${small} under a 64 KiB line limit, all ${checked} ` +
      `under the default 16 MiB) and ${RAW_CASES.length} message cases, each answered with an error naming the field ` +
      `or problem and the limit, the server still serving after each; 8 messages of 17 MiB and 40 oversized ` +
      `arguments: VmRSS ${(before / 1024).toFixed(1)} -> ${(after / 1024).toFixed(1)} MiB; nothing stored`;
    t.diagnostic(summary);
    console.log(summary);
  } finally {
    d.proc.kill();
    tmp.cleanup();
  }
});
