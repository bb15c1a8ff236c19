// The JSON-RPC and handshake rules over real pipes: version negotiation,
// error codes for bad input, size limits, and that the server keeps serving
// and writes nothing but protocol messages to stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawServer, tempDir } from './helpers.mjs';

test('initialize echoes known versions and offers the latest for unknown ones', async () => {
  const tmp = tempDir();
  try {
    for (const [asked, expected] of [
      ['2024-11-05', '2024-11-05'],
      ['2025-03-26', '2025-03-26'],
      ['2025-06-18', '2025-06-18'],
      ['2025-11-25', '2025-11-25'],
      ['1999-01-01', '2025-11-25'],
    ]) {
      const s = new RawServer(['--db', tmp.db]);
      const r = await s.request(1, 'initialize', {
        protocolVersion: asked, capabilities: {}, clientInfo: { name: 'raw', version: '0' },
      });
      assert.equal(r.id, 1);
      assert.equal(r.result.protocolVersion, expected, `asked ${asked}`);
      assert.equal(r.result.serverInfo.name, 'sequential-questioning');
      assert.match(r.result.serverInfo.version, /^\d+\.\d+\.\d+/);
      assert.ok(r.result.instructions.length > 100);
      const expectedCaps = ['prompts', 'resources', 'tools'];
      if (expected !== '2024-11-05') expectedCaps.unshift('completions');
      assert.deepEqual(Object.keys(r.result.capabilities).sort(), expectedCaps);
      const { code } = await s.close();
      assert.equal(code, 0, 'clean exit on end of input');
    }
  } finally {
    tmp.cleanup();
  }
});

test('bad input gets JSON-RPC errors and the server keeps serving', async () => {
  const tmp = tempDir();
  const s = new RawServer(['--db', tmp.db, 'serve', '--max-line-bytes', '4096']);
  try {
    let r = await s.request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } });
    assert.equal(r.result.protocolVersion, '2025-11-25');
    s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

    s.write('{"jsonrpc": "2.0", "id": 2, "method": \n');  // malformed JSON
    r = await s.next();
    assert.equal(r.error.code, -32700);
    assert.equal(r.id, null);

    s.write('[1, 2, 3]\n');
    r = await s.next();
    assert.equal(r.error.code, -32600);

    s.send({ jsonrpc: '1.0', id: 3, method: 'ping' });
    r = await s.next();
    assert.equal(r.error.code, -32600);
    assert.equal(r.id, 3);

    s.send({ jsonrpc: '2.0', id: 4, method: 7 });
    r = await s.next();
    assert.equal(r.error.code, -32600);

    r = await s.request(5, 'no/such/method');
    assert.equal(r.error.code, -32601);
    assert.match(r.error.message, /no\/such\/method/);

    s.send({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: [1, 2] });
    r = await s.next();
    assert.equal(r.error.code, -32602);

    r = await s.request(7, 'tools/call', { arguments: {} });
    assert.equal(r.error.code, -32602);
    assert.match(r.error.message, /name/);

    r = await s.request(8, 'tools/call', { name: 'no_such_tool', arguments: {} });
    assert.equal(r.error.code, -32602);
    assert.match(r.error.message, /no_such_tool/);

    // A line over the limit is rejected without killing the server.
    s.write(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping', params: { pad: 'x'.repeat(10000) } }) + '\n');
    r = await s.next();
    assert.equal(r.error.code, -32600);
    assert.match(r.error.message, /4096/);

    // Deep nesting is refused before it is parsed.
    s.write('{"jsonrpc":"2.0","id":10,"method":"ping","params":{"a":' + '['.repeat(200) + ']'.repeat(200) + '}}\n');
    r = await s.next();
    assert.equal(r.error.code, -32600);
    assert.match(r.error.message, /nested/);

    // Wrong argument types are tool errors naming the field.
    r = await s.request(11, 'tools/call', { name: 'sequential_questioning', arguments: { context: 42 } });
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /context must be a string/);
    r = await s.request(12, 'tools/call', { name: 'sequential_questioning', arguments: { contxt: 'typo' } });
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /contxt is not a known field/);

    // Notifications get no reply; cancelling an unknown request is harmless.
    s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 999 } });
    s.send({ jsonrpc: '2.0', method: 'notifications/whatever' });

    // Still serving.
    r = await s.request(13, 'ping');
    assert.deepEqual(r, { jsonrpc: '2.0', id: 13, result: {} });
    r = await s.request('str-id', 'tools/list');
    assert.equal(r.id, 'str-id');
    assert.ok(r.result.tools.length >= 3);

    const { code } = await s.close();
    assert.equal(code, 0);
    // Every line on stdout was a JSON-RPC message.
    for (const line of s.stdoutRaw.split('\n').filter(Boolean)) {
      assert.equal(JSON.parse(line).jsonrpc, '2.0');
    }
  } finally {
    s.proc.kill();
    tmp.cleanup();
  }
});

test('a database URL with another scheme is refused with a clear message', async () => {
  const s = new RawServer([], { DATABASE_URL: 'postgresql://user@localhost/sq' });
  const { code } = await s.exited;
  assert.equal(code, 1);
  assert.match(s.stderr, /postgresql.*SQLite/);
});
