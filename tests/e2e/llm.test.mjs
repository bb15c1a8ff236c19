// The optional LLM provider, against a fake OpenAI-compatible server on
// loopback: good output, repaired and malformed output, a reply slower than
// the timeout, 429 then success, 500 until the built-in planner answers,
// cancellation while waiting, and a switch of embedding model followed by
// search. The API key must never appear in a reply, a log or the database.
//
// A build without libcurl runs the other half: the same configuration gives
// the built-in planner and hashing embedder, and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, RawServer, serverEnv, tempDir, track } from './helpers.mjs';

const KEY = 'sk-test-4f9c2a7e1b8d6053aa91c7e2';
const HANDSHAKE = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'llm-test', version: '0' } };

const version = JSON.parse(spawnSync(BIN, ['version', '--json'], { encoding: 'utf8' }).stdout);
const available = version.llm_provider.available;

// A fake provider. `chat` and `embed` are queues of handlers (the last one
// repeats); each gets the parsed request body and returns
// { status, body, headers, delayMs }.
class FakeProvider {
  constructor() {
    this.requests = [];
    this.timers = [];
    this.chat = [];
    this.embed = [wordEmbedding];
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => { data += c; });
      req.on('end', () => {
        const body = JSON.parse(data);
        this.requests.push({ path: req.url, headers: req.headers, body });
        const queue = req.url.endsWith('/embeddings') ? this.embed : this.chat;
        const handler = queue.length > 1 ? queue.shift() : queue[0];
        const reply = handler ? handler(body) : { status: 404, body: { error: { message: 'no handler' } } };
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
          res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        };
        if (reply.delayMs) this.timers.push(setTimeout(send, reply.delayMs));
        else send();
      });
    });
  }
  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${this.server.address().port}/v1`;
    return this;
  }
  stop() {
    this.timers.forEach(clearTimeout);
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
  chats() { return this.requests.filter((r) => r.path === '/v1/chat/completions'); }
  embeddings() { return this.requests.filter((r) => r.path === '/v1/embeddings'); }
}

function chatReply(content) {
  return { status: 200, body: { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } };
}

function batchJson(questions, extra = {}) {
  return JSON.stringify({
    questions: questions.map((q) => ({ question: q, importance: `Because ${q.toLowerCase()}`, information_to_look_for: 'Specifics' })),
    next_batch_needed: true,
    total_questions_estimated: 9,
    ...extra,
  });
}

// A deterministic embedding: words hashed into 48 buckets.
function wordEmbedding(body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((text, index) => {
    const v = new Array(48).fill(0);
    for (const w of String(text).toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      let h = 7;
      for (const ch of w) h = (h * 31 + ch.charCodeAt(0)) % 48;
      v[h] += 1;
    }
    v[47] += 0.01;  // never all zeros
    return { object: 'embedding', index, embedding: v };
  });
  return { status: 200, body: { object: 'list', data, model: body.model } };
}

function providerEnv(provider, extra = {}) {
  return {
    SQ_LLM_BASE_URL: provider.url,
    SQ_LLM_MODEL: 'fake-chat',
    SQ_LLM_API_KEY: KEY,
    SQ_LLM_TIMEOUT: '5',
    SQ_LLM_RETRY_DELAY: '0.05',
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

async function startServer(db, env) {
  const s = new RawServer(['--db', db, 'serve'], env);
  const r = await s.request('init', 'initialize', HANDSHAKE);
  assert.ok(r.result, JSON.stringify(r));
  s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return s;
}

let nextId = 1;
async function call(s, name, args, timeoutMs = 20000) {
  const id = nextId++;
  s.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
  const r = await s.next(timeoutMs);
  assert.equal(r.id, id);
  return r.result;
}

async function ask(s, args) {
  const r = await call(s, 'sequential_questioning', args);
  assert.equal(r.isError, false, JSON.stringify(r.content));
  return r.structuredContent;
}

// Runs the CLI without blocking the event loop (the fake provider runs in it).
function run(args, env) {
  return new Promise((resolve, reject) => {
    const p = track(spawn(BIN, args, { env: serverEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function assertNoKey(text, where) {
  assert.ok(!text.includes(KEY), `the API key appears in ${where}`);
  assert.ok(!text.includes(KEY.slice(3, 15)), `part of the API key appears in ${where}`);
}

function assertKeyNotStored(dir) {
  for (const f of readdirSync(dir)) assertNoKey(readFileSync(join(dir, f)).toString('latin1'), f);
}

// Runs `fn({ p, s })` against a server set up for a fresh fake provider whose
// chat replies are `chat` (with `envExtra` added to providerEnv). Afterwards
// the API key must appear neither in the server's log nor in any file of its
// data directory.
async function withProvider(chat, envExtra, fn) {
  const p = await new FakeProvider().start();
  p.chat = chat;
  const t = tempDir();
  try {
    const s = await startServer(t.db, providerEnv(p, envExtra));
    try {
      await fn({ p, s });
    } finally {
      await s.close();
    }
    assertNoKey(s.stderr, 'the server log');
    assertKeyNotStored(t.dir);
  } finally {
    await p.stop();
    t.cleanup();
  }
}

const CONTEXT = 'We are moving our family of four from Lisbon to Oslo next spring';

if (available) {
  test('good output: the questions come from the model, numbered and filtered like the planner\'s', async () => {
    const chat = [
      () => chatReply(batchJson(['When do you need to be settled in Oslo?', 'Will both adults work in Norway?', 'How old are the children?'])),
      // The second batch repeats question 2 word for word: it must be dropped.
      () => chatReply(batchJson(['Will both adults work in Norway?', 'Which neighbourhoods are you considering?', 'Do you need a car?'], { next_batch_needed: false })),
    ];
    await withProvider(chat, {}, async ({ p, s }) => {
      const first = await ask(s, { context: CONTEXT, user_id: 'ana', batch_size: 3 });
      assert.equal(first.metadata.generator, 'llm');
      assert.equal(first.metadata.generator_model, 'fake-chat');
      assert.equal(first.metadata.fallback_reason, undefined);
      assert.deepEqual(first.questions.map((q) => q.question_number), [1, 2, 3]);
      assert.equal(first.questions[1].question_text, 'Will both adults work in Norway?');
      assert.equal(first.questions[1].metadata.importance, 'Because will both adults work in norway?');
      assert.equal(first.total_questions_estimated, 9);

      const req = p.chats()[0];
      assert.equal(req.headers.authorization, `Bearer ${KEY}`);
      assert.equal(req.body.model, 'fake-chat');
      assert.ok(JSON.stringify(req.body.messages).includes('Lisbon to Oslo'), 'the prompt carries the context');

      const second = await ask(s, {
        conversation_id: first.conversation_id,
        batch_size: 3,
        previous_messages: [{ role: 'user', content: '1. By March\n2. Only one of us\n3. Six and nine' }],
      });
      assert.equal(second.metadata.generator, 'llm');
      assert.deepEqual(second.questions.map((q) => q.question_text),
        ['Which neighbourhoods are you considering?', 'Do you need a car?']);
      assert.deepEqual(second.questions.map((q) => q.question_number), [4, 5]);
      assert.equal(second.next_batch_needed, false);
      const prompt = JSON.stringify(p.chats()[1].body.messages);
      assert.ok(prompt.includes('Six and nine'), 'the prompt carries the answers');
      assert.ok(prompt.includes('How old are the children?'), 'the prompt lists the questions asked');

      const conv = await call(s, 'get_conversation', { conversation_id: first.conversation_id });
      assert.equal(conv.structuredContent.answers.length, 3);
    });
  });

  test('the model writes around the assistant\'s proposals, and is not asked when they fill the batch', async () => {
    const chat = [
      // Asked for two, the model repeats the proposal first: that one is dropped.
      () => chatReply(batchJson(['Do you already have a job offer in Oslo?', 'How old are the children?'])),
    ];
    await withProvider(chat, {}, async ({ p, s }) => {
      const first = await ask(s, {
        context: CONTEXT,
        batch_size: 3,
        proposed_questions: [{ question_text: 'Do you already have a job offer in Oslo?' }],
      });
      assert.equal(first.metadata.generator, 'mixed');
      assert.equal(first.metadata.generator_model, 'fake-chat');
      assert.deepEqual(first.questions.map((q) => q.question_text),
        ['Do you already have a job offer in Oslo?', 'How old are the children?']);
      assert.deepEqual(first.questions.map((q) => q.metadata.source), ['assistant', 'llm']);
      const prompt = JSON.stringify(p.chats()[0].body.messages);
      assert.ok(prompt.includes('at most 2 questions'), 'the model is asked only for what the proposal leaves');
      assert.ok(prompt.includes('1. Do you already have a job offer in Oslo?'), 'the prompt lists the proposal as asked');

      const own = await ask(s, {
        conversation_id: first.conversation_id,
        batch_size: 1,
        proposed_questions: [{ question_text: 'Which school year will the children join?' }],
      });
      assert.equal(p.chats().length, 1, 'the model was not asked for a full batch of proposals');
      assert.equal(own.metadata.generator, 'assistant');
      assert.equal(own.metadata.generator_model, undefined);
      assert.deepEqual(own.questions.map((q) => q.question_number), [3]);

      const resent = await ask(s, {
        conversation_id: first.conversation_id,
        batch_size: 1,
        proposed_questions: [{ question_text: 'Which school year will the children join?' }],
      });
      assert.equal(resent.metadata.resent, true);
      assert.deepEqual(resent.questions.map((q) => q.question_number), [3]);
      assert.equal(p.chats().length, 1, 'a resent call asks the model nothing');
      const conv = await call(s, 'get_conversation', { conversation_id: first.conversation_id });
      assert.equal(conv.structuredContent.question_count, 3);
    });
  });

  test('output in code fences inside a wrapping object is repaired; malformed output falls back', async () => {
    const chat = [
      () => chatReply('Here is the batch:\n```json\n{"batch": ' + batchJson(['1. What is your budget for rent?']) + '}\n```'),
      () => chatReply('You should ask them about their budget and their schedule.'),
      () => chatReply('{"questions": "none"}'),
    ];
    await withProvider(chat, {}, async ({ s }) => {
      const repaired = await ask(s, { context: CONTEXT, batch_size: 2 });
      assert.equal(repaired.metadata.generator, 'llm');
      assert.deepEqual(repaired.questions.map((q) => q.question_text), ['What is your budget for rent?']);

      const prose = await ask(s, { context: 'Planning a garden for a shady yard', batch_size: 3 });
      assert.equal(prose.metadata.generator, 'builtin');
      assert.match(prose.metadata.fallback_reason, /malformed output/);
      assert.equal(prose.questions.length, 3, 'the built-in planner answered instead');

      const noList = await ask(s, { context: 'Choosing a laptop for video editing', batch_size: 3 });
      assert.equal(noList.metadata.generator, 'builtin');
      assert.match(noList.metadata.fallback_reason, /malformed output/);
    });
  });

  test('the automatic tool generates each round from the model', async () => {
    const chat = [
      () => chatReply(batchJson(['Which school year do the children start?', 'Do you own or rent now?'])),
      () => chatReply(batchJson(['Is a garden important to you?', 'How far may the commute be?'], { next_batch_needed: false })),
    ];
    await withProvider(chat, {}, async ({ p, s }) => {
      const r = await call(s, 'sequential_questioning_automatic', {
        context: CONTEXT, batch_size: 2, max_rounds: 3,
        previous_messages: [{ role: 'user', content: 'We have two children and a dog' }],
      });
      assert.equal(r.isError, false, JSON.stringify(r.content));
      const out = r.structuredContent;
      assert.equal(out.metadata.rounds_generated, 2, 'the model said no further batch is needed');
      assert.equal(out.initial_questions.metadata.generator, 'llm');
      assert.equal(out.follow_up_questions[0].metadata.generator, 'llm');
      assert.equal(out.all_questions_combined, [
        '1. Which school year do the children start?', '2. Do you own or rent now?',
        '3. Is a garden important to you?', '4. How far may the commute be?'].join('\n'));
      assert.ok(JSON.stringify(p.chats()[1].body.messages).includes('Do you own or rent now?'),
        'the second round knows what the first asked');
    });
  });

  test('a reply slower than SQ_LLM_TIMEOUT falls back to the planner', async () => {
    const chat = [() => ({ ...chatReply(batchJson(['Too late?'])), delayMs: 4000 })];
    await withProvider(chat, { SQ_LLM_TIMEOUT: '0.5' }, async ({ p, s }) => {
      const b = await ask(s, { context: CONTEXT, batch_size: 2 });
      assert.equal(b.metadata.generator, 'builtin');
      assert.match(b.metadata.fallback_reason, /no answer within 0\.5 s/);
      assert.equal(p.chats().length, 1, 'a timeout is not retried');
      assert.equal(b.questions.length, 2);
    });
  });

  test('429 then success: retried after Retry-After, and the model answers', async () => {
    const chat = [
      () => ({ status: 429, headers: { 'Retry-After': '0' }, body: { error: { message: 'Rate limit reached' } } }),
      () => chatReply(batchJson(['Which date is your move?'])),
    ];
    await withProvider(chat, {}, async ({ p, s }) => {
      const b = await ask(s, { context: CONTEXT, batch_size: 1 });
      assert.equal(b.metadata.generator, 'llm');
      assert.equal(b.questions[0].question_text, 'Which date is your move?');
      assert.equal(p.chats().length, 2);
      assert.match(s.stderr, /HTTP 429/);
    });
  });

  test('a server that refuses response_format is asked again without it', async () => {
    const chat = [(body) => (body.response_format
      ? { status: 400, body: { error: { message: 'response_format is not supported' } } }
      : chatReply(batchJson(['Which city do you prefer?'])))];
    await withProvider(chat, {}, async ({ p, s }) => {
      const b = await ask(s, { context: CONTEXT, batch_size: 1 });
      assert.equal(b.metadata.generator, 'llm');
      assert.equal(b.questions[0].question_text, 'Which city do you prefer?');
      assert.deepEqual(p.chats().map((r) => r.body.response_format?.type ?? null), ['json_object', null]);
    });
  });

  test('500 on every attempt: bounded retries, then the planner; the key is not echoed', async () => {
    // Some providers quote the key they were given in their error message.
    const chat = [() => ({ status: 500, body: { error: { message: `internal error for key ${KEY}` } } })];
    await withProvider(chat, { SQ_LLM_MAX_RETRIES: '2' }, async ({ p, s }) => {
      const b = await ask(s, { context: CONTEXT, batch_size: 2 });
      assert.equal(b.metadata.generator, 'builtin');
      assert.match(b.metadata.fallback_reason, /HTTP 500/);
      assert.match(b.metadata.fallback_reason, /after 3 attempts/);
      assertNoKey(b.metadata.fallback_reason, 'fallback_reason');
      assert.equal(p.chats().length, 3);
      assert.equal(b.questions.length, 2);
    });
  });

  test('a cancelled call stops waiting for the provider; its answers stay recorded', async () => {
    const chat = [
      () => chatReply(batchJson(['Where will you live?'])),
      () => ({ ...chatReply(batchJson(['Never seen?'])), delayMs: 60000 }),
    ];
    await withProvider(chat, { SQ_LLM_TIMEOUT: '120' }, async ({ p, s }) => {
      const first = await ask(s, { context: CONTEXT, batch_size: 1 });
      const id = nextId++;
      s.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'sequential_questioning_follow_up', arguments: {
        conversation_id: first.conversation_id, previous_messages: [{ role: 'user', content: 'In Frogner' }] } } });
      while (p.chats().length < 2) await new Promise((r) => setTimeout(r, 20));
      s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'test' } });
      // The server answers the next request long before the provider would.
      const pong = await s.request('after-cancel', 'ping', {});
      assert.equal(pong.id, 'after-cancel', 'no reply is sent for the cancelled call');
      const conv = await call(s, 'get_conversation', { conversation_id: first.conversation_id });
      assert.deepEqual(conv.structuredContent.answers.map((a) => a.text), ['In Frogner']);
      assert.equal(conv.structuredContent.questions.length, 1, 'no questions were added');
    });
  });

  test('switching the embedding model re-embeds stored text, and search finds it', async () => {
    const p = await new FakeProvider().start();
    const t = tempDir();
    try {
      // Written with the built-in hashing embedder.
      const asked = await run(['--db', t.db, 'ask', CONTEXT, '--json'], {});
      assert.equal(asked.code, 0, asked.stderr);
      const conv = JSON.parse(asked.stdout).conversation_id;
      const answered = await run(['--db', t.db, 'answer', conv, '1. We hope to rent a flat near Bislett with a balcony'], {});
      assert.equal(answered.code, 0, answered.stderr);

      const env = { SQ_LLM_BASE_URL: p.url, SQ_EMBED_MODEL: 'fake-embed', SQ_LLM_API_KEY: KEY, LOG_LEVEL: 'debug' };
      const reindex = await run(['--db', t.db, 'reindex', '--json'], env);
      assert.equal(reindex.code, 0, reindex.stderr);
      assert.match(reindex.stderr, /embedded by hash/);
      const embedded = p.embeddings().flatMap((r) => r.body.input).filter((x) => x !== 'dimension probe').length;
      assert.ok(embedded >= 7, `every stored text was sent to the embedding model (${embedded})`);
      assert.ok(p.embeddings().every((r) => r.body.model === 'fake-embed'));

      const found = await run(['--db', t.db, 'search', 'rent a flat near Bislett', '--json'], env);
      assert.equal(found.code, 0, found.stderr);
      const items = JSON.parse(found.stdout).items;
      assert.equal(items[0].text, 'We hope to rent a flat near Bislett with a balcony');

      const meta = spawnSync('sqlite3', [t.db, "SELECT embedder, count(*) FROM embeddings GROUP BY embedder"], { encoding: 'utf8' });
      assert.equal(meta.stdout.trim(), `api:fake-embed|${embedded}`, 'no vector of the old model is left');

      // A server with the new model writes and finds new text the same way.
      const s = await startServer(t.db, env);
      try {
        const b = await ask(s, { conversation_id: conv, previous_messages: [{ role: 'user', content: 'Our budget is 2500 euro a month' }] });
        assert.equal(b.metadata.generator, 'builtin', 'no chat model is configured');
        const r = await call(s, 'search_memory', { query: 'budget of 2500 euro a month', types: ['answer'] });
        assert.equal(r.structuredContent.items[0].text, 'Our budget is 2500 euro a month');
      } finally {
        await s.close();
        assertNoKey(s.stderr, 'the server log');
      }
      assertNoKey(reindex.stderr + found.stderr, 'the command log');
      assertKeyNotStored(t.dir);

      // And back to the built-in embedder: re-embedded again, still found.
      const back = await run(['--db', t.db, 'search', 'rent a flat near Bislett', '--json'], {});
      assert.equal(back.code, 0, back.stderr);
      assert.equal(JSON.parse(back.stdout).items[0].text, 'We hope to rent a flat near Bislett with a balcony');
    } finally {
      await p.stop();
      t.cleanup();
    }
  });

  test('the key can come from a file, and a bad configuration is a clear error', async () => {
    const p = await new FakeProvider().start();
    const t = tempDir();
    try {
      const keyFile = join(t.dir, 'key');
      writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
      p.chat = [() => chatReply(batchJson(['What matters most to you?']))];
      const asked = await run(['--db', t.db, 'ask', CONTEXT, '-n', '1', '--json'],
        { SQ_LLM_BASE_URL: p.url, SQ_LLM_MODEL: 'fake-chat', SQ_LLM_API_KEY_FILE: keyFile });
      assert.equal(asked.code, 0, asked.stderr);
      assert.equal(p.chats()[0].headers.authorization, `Bearer ${KEY}`);

      const bad = await run(['--db', t.db, 'list'], { SQ_LLM_BASE_URL: 'ftp://example.invalid', SQ_LLM_MODEL: 'm' });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /SQ_LLM_BASE_URL must start with http:\/\/ or https:\/\//);
      const temp = await run(['--db', t.db, 'list'], { SQ_LLM_BASE_URL: p.url, SQ_LLM_MODEL: 'm', SQ_LLM_TEMPERATURE: 'hot' });
      assert.equal(temp.code, 1);
      assert.match(temp.stderr, /SQ_LLM_TEMPERATURE must be a number from 0 to 2/);
    } finally {
      await p.stop();
      t.cleanup();
    }
  });
} else {
  test('without libcurl the configured provider is reported unavailable and the built-in planner answers', async () => {
    assert.match(version.llm_provider.detail, /built without libcurl/);
    const t = tempDir();
    const env = { SQ_LLM_BASE_URL: 'http://127.0.0.1:9/v1', SQ_LLM_MODEL: 'fake-chat', SQ_EMBED_MODEL: 'fake-embed', SQ_LLM_API_KEY: KEY };
    const s = await startServer(t.db, env);
    try {
      const b = await ask(s, { context: CONTEXT, batch_size: 3 });
      assert.equal(b.metadata.generator, 'builtin');
      assert.match(b.metadata.fallback_reason, /built without libcurl/);
      assert.equal(b.questions.length, 3);
      const r = await call(s, 'search_memory', { query: CONTEXT });
      assert.equal(r.isError, false, 'the hashing embedder serves search');
      assert.equal(r.structuredContent.items[0].text, CONTEXT);
    } finally {
      await s.close();
    }
    assert.match(s.stderr, /SQ_LLM_MODEL is set, but this build has no LLM provider/);
    assert.match(s.stderr, /SQ_EMBED_MODEL is set, but this build has no LLM provider/);
    assertNoKey(s.stderr, 'the server log');
    t.cleanup();
  });
}
