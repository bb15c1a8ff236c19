// Both protocol eras on one stdio stream, over raw pipes: stateless requests
// with per-request _meta, version errors, cache hints, ask_user as a multi
// round-trip request with tamper-proof requestState, the handshake era's
// elicitation/create request, progress notifications and cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawServer, tempDir } from './helpers.mjs';

const MODERN = '2026-07-28';
function meta(capabilities = {}) {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '0' },
  };
}

async function startConversation(s, id, _meta) {
  const r = await s.request(id, 'tools/call', {
    name: 'sequential_questioning', arguments: { context: 'Plan a team offsite in Lisbon' }, ...(_meta ? { _meta } : {}),
  });
  assert.equal(r.result.isError, false);
  return r.result.structuredContent.conversation_id;
}

test('stateless requests need no handshake and carry the 2026-07-28 envelope', async () => {
  const tmp = tempDir();
  const s = new RawServer(['--db', tmp.db]);
  try {
    let r = await s.request(1, 'server/discover', { _meta: meta() });
    assert.equal(r.result.resultType, 'complete');
    assert.ok(r.result.supportedVersions.includes(MODERN));
    assert.equal(r.result._meta['io.modelcontextprotocol/serverInfo'].name, 'sequential-questioning');
    assert.ok(r.result.ttlMs >= 0);
    assert.equal(r.result.cacheScope, 'public');

    r = await s.request(2, 'tools/list', { _meta: meta() });
    assert.equal(r.result.resultType, 'complete');
    assert.ok(r.result.ttlMs > 0);
    assert.ok(r.result.tools.every((t) => t.outputSchema));

    r = await s.request(3, 'resources/list', { _meta: meta() });
    assert.equal(r.result.ttlMs, 0);
    assert.equal(r.result.cacheScope, 'private');

    r = await s.request(4, 'tools/list', { _meta: { ...meta(), 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } });
    assert.equal(r.error.code, -32022);
    assert.ok(r.error.data.supported.includes(MODERN));
    assert.equal(r.error.data.requested, '2099-01-01');

    r = await s.request(5, 'resources/read', { uri: 'sq://conversations/nope', _meta: meta() });
    assert.equal(r.error.code, -32602, 'resource not found is invalid params in 2026-07-28');

    const conv = await startConversation(s, 6, meta());
    // The same process also serves a handshake-era client.
    r = await s.request(7, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'old', version: '1' } });
    assert.equal(r.result.protocolVersion, '2025-06-18');
    r = await s.request(8, 'tools/call', { name: 'get_conversation', arguments: { conversation_id: conv } });
    assert.equal(r.result.resultType, undefined, 'no resultType in the handshake era');
    assert.equal(r.result.structuredContent.conversation_id, conv);
    r = await s.request(9, 'resources/read', { uri: 'sq://conversations/nope' });
    assert.equal(r.error.code, -32002, 'resource not found keeps its handshake-era code');

    await s.close();
    // Only replies to our requests: no notifications/message, no server requests.
    const ids = s.stdoutRaw.split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
    assert.deepEqual(ids, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  } finally {
    s.proc.kill();
    tmp.cleanup();
  }
});

test('ask_user in the stateless era: input_required, signed state, tampering rejected, single use', async () => {
  const tmp = tempDir();
  const s = new RawServer(['--db', tmp.db]);
  try {
    const caps = { elicitation: { form: {} } };
    const conv = await startConversation(s, 1, meta(caps));
    const args = { conversation_id: conv, question_numbers: [1, 2] };

    let r = await s.request(2, 'tools/call', { name: 'ask_user', arguments: args, _meta: meta(caps) });
    assert.equal(r.result.resultType, 'input_required');
    const req = r.result.inputRequests.answers;
    assert.equal(req.method, 'elicitation/create');
    assert.equal(req.params.mode, 'form');
    assert.deepEqual(Object.keys(req.params.requestedSchema.properties), ['q1', 'q2']);
    const state = r.result.requestState;
    assert.ok(typeof state === 'string' && state.length > 20);
    assert.equal(r.result.ttlMs, undefined, 'interim results carry no cache hints');

    const responses = { answers: { action: 'accept', content: { q1: 'Twelve people', q2: 'Late May' } } };
    // Tampered: one character of the payload changed.
    const bad = state.slice(0, 3) + (state[3] === 'x' ? 'y' : 'x') + state.slice(4);
    for (const [id, requestState] of [[3, bad], [4, 'garbage'], [5, state + 'x']]) {
      r = await s.request(id, 'tools/call', { name: 'ask_user', arguments: args, inputResponses: responses, requestState, _meta: meta(caps) });
      assert.equal(r.error?.code, -32602, `tampered state ${id} is rejected`);
      assert.match(r.error.message, /requestState/);
    }
    // State issued for another conversation does not transfer.
    const other = await startConversation(s, 6, meta(caps));
    r = await s.request(7, 'tools/call', { name: 'ask_user', arguments: { ...args, conversation_id: other }, inputResponses: responses, requestState: state, _meta: meta(caps) });
    assert.equal(r.error?.code, -32602);

    r = await s.request(8, 'tools/call', { name: 'get_conversation', arguments: { conversation_id: conv }, _meta: meta() });
    assert.equal(r.result.structuredContent.answers.length, 0, 'nothing was stored by rejected retries');

    // The honest retry completes and stores the answers.
    r = await s.request(9, 'tools/call', { name: 'ask_user', arguments: args, inputResponses: responses, requestState: state, _meta: meta(caps) });
    assert.equal(r.result.resultType, 'complete');
    assert.equal(r.result.isError, false);
    assert.equal(r.result.structuredContent.answers_recorded, 2);
    assert.deepEqual(r.result.structuredContent.next_batch.questions.map((q) => q.question_number), [6, 7, 8]);

    // Replaying the same state is refused and stores nothing more.
    r = await s.request(10, 'tools/call', { name: 'ask_user', arguments: args, inputResponses: responses, requestState: state, _meta: meta(caps) });
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /already/);
    r = await s.request(11, 'tools/call', { name: 'get_conversation', arguments: { conversation_id: conv }, _meta: meta() });
    assert.equal(r.result.structuredContent.answers.length, 2);

    // A retry without the answers asks again with the same state.
    r = await s.request(12, 'tools/call', { name: 'ask_user', arguments: { conversation_id: other }, _meta: meta(caps) });
    const state2 = r.result.requestState;
    r = await s.request(13, 'tools/call', { name: 'ask_user', arguments: { conversation_id: other }, inputResponses: {}, requestState: state2, _meta: meta(caps) });
    assert.equal(r.result.resultType, 'input_required');

    // Declining is recorded and stores no answer.
    r = await s.request(14, 'tools/call', { name: 'ask_user', arguments: { conversation_id: other }, inputResponses: { answers: { action: 'decline' } }, requestState: state2, _meta: meta(caps) });
    assert.equal(r.result.structuredContent.action, 'decline');
    assert.equal(r.result.structuredContent.answers_recorded, 0);

    // A client that cannot show forms gets the questions to relay.
    r = await s.request(15, 'tools/call', { name: 'ask_user', arguments: { conversation_id: other }, _meta: meta({}) });
    assert.equal(r.result.structuredContent.action, 'relay');
    assert.equal(r.result.structuredContent.questions.length, 5);
    await s.close();
  } finally {
    s.proc.kill();
    tmp.cleanup();
  }
});

test('ask_user in the handshake era sends elicitation/create and waits for the reply', async () => {
  const tmp = tempDir();
  const s = new RawServer(['--db', tmp.db]);
  try {
    let r = await s.request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: { elicitation: {} }, clientInfo: { name: 'raw', version: '0' } });
    s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const conv = await startConversation(s, 2);

    s.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'ask_user', arguments: { conversation_id: conv } } });
    const elicit = await s.next();
    assert.equal(elicit.method, 'elicitation/create');
    assert.ok(elicit.id !== undefined);
    assert.equal(elicit.params.mode, 'form');
    assert.equal(Object.keys(elicit.params.requestedSchema.properties).length, 5);
    // A request sent while the server waits is answered after the tool call.
    s.send({ jsonrpc: '2.0', id: 4, method: 'ping' });
    s.send({ jsonrpc: '2.0', id: elicit.id, result: { action: 'accept', content: { q1: 'Twelve', q3: '', q5: 'Yes' } } });
    r = await s.next();
    assert.equal(r.id, 3);
    assert.equal(r.result.structuredContent.answers_recorded, 2, 'empty fields are skipped');
    r = await s.next();
    assert.equal(r.id, 4);

    // A cancelled form stores nothing.
    s.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'ask_user', arguments: { conversation_id: conv } } });
    const again = await s.next();
    s.send({ jsonrpc: '2.0', id: again.id, result: { action: 'cancel' } });
    r = await s.next();
    assert.equal(r.result.structuredContent.action, 'cancel');
    assert.equal(r.result.structuredContent.answers_recorded, 0);
    await s.close();
  } finally {
    s.proc.kill();
    tmp.cleanup();
  }
});

test('progress is reported for automatic rounds, and a cancelled call saves nothing', async () => {
  const tmp = tempDir();
  const s = new RawServer(['--db', tmp.db]);
  try {
    await s.request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } });
    const args = { context: 'Hire a data engineer', previous_messages: [{ role: 'user', content: 'Remote, Python and SQL' }], max_rounds: 3 };
    s.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'sequential_questioning_automatic', arguments: args, _meta: { progressToken: 'p1' } } });
    const seen = [];
    let reply;
    for (;;) {
      const m = await s.next();
      if (m.method === 'notifications/progress') seen.push(m.params);
      else { reply = m; break; }
    }
    assert.equal(reply.id, 2);
    assert.ok(seen.length >= 2, 'progress notifications before the result');
    assert.ok(seen.every((p) => p.progressToken === 'p1'));
    assert.ok(seen.at(-1).progress >= seen[0].progress);

    // The request and its cancellation arrive together: no reply, nothing stored.
    s.write(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'sequential_questioning_automatic', arguments: args } }) + '\n' +
            JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3, reason: 'changed my mind' } }) + '\n');
    const r = await s.request(4, 'tools/call', { name: 'list_conversations', arguments: {} });
    assert.equal(r.id, 4, 'the cancelled request got no reply');
    assert.equal(r.result.structuredContent.total, 1, 'the cancelled call stored nothing');
    await s.close();
  } finally {
    s.proc.kill();
    tmp.cleanup();
  }
});
