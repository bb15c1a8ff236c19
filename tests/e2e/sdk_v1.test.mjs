// Drives the built server with the official v1 TypeScript client (the
// handshake era): initialize, list tools, call every questioning tool,
// validate structured output against each tool's outputSchema, restart the
// process and continue the same conversation with numbering intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN, tempDir, serverEnv, assertMatchesSchema, closeAtEnd } from './helpers.mjs';

async function connect(db) {
  const transport = new StdioClientTransport({ command: BIN, args: ['--db', db], env: serverEnv(), stderr: 'pipe' });
  const client = new Client({ name: 'sq-e2e', version: '1.0.0' });
  closeAtEnd(client);
  await client.connect(transport);
  return client;
}

function numbers(batch) {
  return batch.questions.map((q) => q.question_number);
}

test('a real v1 client completes a questioning conversation across a restart', async () => {
  const tmp = tempDir();
  try {
    let client = await connect(tmp.db);
    assert.equal(client.getServerVersion().name, 'sequential-questioning');
    assert.match(client.getInstructions() ?? '', /sequential_questioning_follow_up/);
    assert.ok(client.getServerCapabilities().tools, 'tools capability declared');

    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const name of ['sequential_questioning', 'sequential_questioning_follow_up', 'sequential_questioning_automatic']) {
      assert.ok(byName[name], `${name} is listed`);
      assert.ok(byName[name].outputSchema, `${name} declares an outputSchema`);
      assert.ok(byName[name].description.length > 40, `${name} is described`);
    }

    // 1. A new conversation: five questions numbered 1-5.
    const first = await client.callTool({
      name: 'sequential_questioning',
      arguments: { context: 'Plan a two-week trip to Japan in April', user_id: 'e2e-user' },
    });
    assert.equal(first.isError, false, JSON.stringify(first.content));
    const b1 = first.structuredContent;
    assertMatchesSchema(byName.sequential_questioning.outputSchema, b1, 'sequential_questioning output');
    assert.deepEqual(numbers(b1), [1, 2, 3, 4, 5]);
    assert.equal(b1.metadata.question_type, 'initial');
    assert.equal(b1.current_question_number, 1);
    assert.equal(b1.total_questions_in_batch, 5);
    assert.ok(b1.total_questions_estimated >= 5);
    assert.match(b1.current_question, /^1\. .+\n2\. /);
    assert.ok(first.content[0].text.includes(b1.current_question), 'text content carries the numbered list');
    assert.ok(first.content[0].text.includes(b1.conversation_id), 'text content names the conversation');
    for (const q of b1.questions) {
      assert.match(q.question_text, /^[A-Z].*\?$/);
      assert.ok(q.metadata.importance.length > 0);
      assert.ok(q.metadata.information_to_look_for.length > 0);
    }
    const conv = b1.conversation_id;

    // 2. Follow-up with numbered answers in a full history.
    const history = [
      { role: 'user', content: 'Help me plan a two-week trip to Japan in April' },
      { role: 'assistant', content: b1.current_question },
      { role: 'user', content: '1. About $4,000 for two people\n2. We want to see Kyoto and Tokyo' },
    ];
    const second = await client.callTool({
      name: 'sequential_questioning_follow_up',
      arguments: { conversation_id: conv, previous_messages: history, user_id: 'e2e-user' },
    });
    assert.equal(second.isError, false, JSON.stringify(second.content));
    const b2 = second.structuredContent;
    assertMatchesSchema(byName.sequential_questioning_follow_up.outputSchema, b2, 'follow-up output');
    assert.equal(b2.conversation_id, conv);
    assert.equal(b2.session_id, b1.session_id);
    assert.deepEqual(numbers(b2), [6, 7, 8]);
    assert.equal(b2.metadata.question_type, 'follow_up');
    assert.equal(b2.metadata.answers_recorded, 2);

    // 3. The whole history resent with one more answer: only the new one is stored.
    history.push({ role: 'assistant', content: b2.current_question });
    history.push({ role: 'user', content: 'We prefer ryokans and small hotels.' });
    const third = await client.callTool({
      name: 'sequential_questioning_follow_up',
      arguments: { conversation_id: conv, previous_messages: history },
    });
    assert.equal(third.isError, false);
    assert.equal(third.structuredContent.metadata.answers_recorded, 1);
    assert.deepEqual(numbers(third.structuredContent), [9, 10, 11]);

    // 4. The automatic tool: several rounds, numbered consecutively.
    const auto = await client.callTool({
      name: 'sequential_questioning_automatic',
      arguments: {
        context: 'Requirements for a small inventory web app for our bakery',
        previous_messages: [{ role: 'user', content: 'We have three shops and use spreadsheets today.' }],
        max_rounds: 3,
      },
    });
    assert.equal(auto.isError, false, JSON.stringify(auto.content));
    const a = auto.structuredContent;
    assertMatchesSchema(byName.sequential_questioning_automatic.outputSchema, a, 'automatic output');
    assert.ok(a.follow_up_questions && a.follow_up_questions.length >= 1, 'follow-up rounds generated');
    const all = [a.initial_questions, ...a.follow_up_questions].flatMap(numbers);
    assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1));
    assert.equal(a.total_questions, all.length);
    assert.equal(a.metadata.rounds_generated, 1 + a.follow_up_questions.length);
    assert.equal(a.all_questions_combined.split('\n').length, all.length);

    // 5. Errors a model can act on, and the server keeps serving.
    const unknown = await client.callTool({
      name: 'sequential_questioning',
      arguments: { conversation_id: 'no-such-conversation' },
    });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content[0].text, /no-such-conversation/);
    const missing = await client.callTool({
      name: 'sequential_questioning_follow_up',
      arguments: { conversation_id: conv },
    });
    assert.equal(missing.isError, true);
    assert.match(missing.content[0].text, /previous_messages/);
    const badSize = await client.callTool({
      name: 'sequential_questioning',
      arguments: { context: 'x', batch_size: 11 },
    });
    assert.equal(badSize.isError, true);
    assert.match(badSize.content[0].text, /batch_size.*10/);
    await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /no_such_tool/);

    await client.close();

    // 6. A new process on the same database continues the conversation.
    client = await connect(tmp.db);
    history.push({ role: 'assistant', content: third.structuredContent.current_question });
    history.push({ role: 'user', content: '9. Mostly trains\n10. No dietary restrictions' });
    const resumed = await client.callTool({
      name: 'sequential_questioning_follow_up',
      arguments: { conversation_id: conv, previous_messages: history, batch_size: 2 },
    });
    assert.equal(resumed.isError, false, JSON.stringify(resumed.content));
    assert.deepEqual(numbers(resumed.structuredContent), [12, 13]);
    assert.equal(resumed.structuredContent.metadata.answers_recorded, 2);
    assert.equal(resumed.structuredContent.session_id, b1.session_id);
    await client.close();
  } finally {
    tmp.cleanup();
  }
});

test('a real v1 client lists and calls every tool, reads resources, gets the prompt and answers a form', async () => {
  const tmp = tempDir();
  try {
    const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const transport = new StdioClientTransport({ command: BIN, args: ['--db', tmp.db], env: serverEnv(), stderr: 'pipe' });
    const client = new Client({ name: 'sq-e2e', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    const forms = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      forms.push(request.params);
      const content = {};
      for (const key of Object.keys(request.params.requestedSchema.properties)) content[key] = `form answer ${key}`;
      return { action: 'accept', content };
    });
    closeAtEnd(client);
    await client.connect(transport);
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.equal(tools.length, 8);
    const call = async (name, args) => {
      const r = await client.callTool({ name, arguments: args });
      assert.equal(r.isError, false, `${name}: ${JSON.stringify(r.content)}`);
      assertMatchesSchema(byName[name].outputSchema, r.structuredContent, `${name} output`);
      return r.structuredContent;
    };

    const first = await call('sequential_questioning', { context: 'Plan a kitchen renovation', user_id: 'v1-form' });
    const conv = first.conversation_id;
    const asked = await call('ask_user', { conversation_id: conv });
    assert.equal(forms.length, 1);
    assert.equal(Object.keys(forms[0].requestedSchema.properties).length, 5);
    assert.equal(asked.answers_recorded, 5);
    assert.deepEqual(asked.next_batch.questions.map((q) => q.question_number), [6, 7, 8]);

    await call('sequential_questioning_follow_up', { conversation_id: conv, previous_messages: [{ role: 'user', content: '6. Yes' }] });
    await call('sequential_questioning_automatic', { context: 'Compare two mortgage offers' });
    const found = await call('search_memory', { query: 'kitchen renovation', types: ['context'] });
    assert.equal(found.items[0].conversation_id, conv);
    assert.equal((await call('list_conversations', { user_id: 'v1-form' })).total, 1);
    assert.equal((await call('get_conversation', { conversation_id: conv })).answers.length, 6);
    assert.equal((await call('close_conversation', { conversation_id: conv })).status, 'closed');

    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === `sq://conversations/${conv}`));
    const read = await client.readResource({ uri: `sq://conversations/${conv}` });
    assert.match(read.contents.find((c) => c.mimeType === 'text/markdown').text, /form answer q1/);
    const index = await client.readResource({ uri: 'sq://conversations' });
    assert.equal(JSON.parse(index.contents[0].text).total, 2);
    const prompt = await client.getPrompt({ name: 'interview', arguments: { topic: 'moving abroad', conversation_id: conv } });
    assert.match(prompt.messages[0].content.text, new RegExp(conv));
    await assert.rejects(client.getPrompt({ name: 'interview', arguments: {} }), /topic/);
    const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'interview' }, argument: { name: 'conversation_id', value: conv.slice(0, 4) } });
    assert.ok(completion.completion.values.includes(conv));
    await client.close();
  } finally {
    tmp.cleanup();
  }
});
