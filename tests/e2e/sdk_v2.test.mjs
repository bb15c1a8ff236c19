// Drives the built server with the official v2 TypeScript client in the
// stateless 2026-07-28 era: the client probes with server/discover, then
// lists and calls every tool, reads resources, gets the prompt, completes
// conversation ids, and answers an ask_user form through its elicitation
// handler (a multi round-trip request the client fulfils and retries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { BIN, tempDir, serverEnv, assertMatchesSchema, closeAtEnd } from './helpers.mjs';

test('a real v2 client uses every feature over 2026-07-28', async () => {
  const tmp = tempDir();
  const forms = [];
  try {
    const client = new Client(
      { name: 'sq-e2e-v2', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: 'auto' } },
    );
    client.setRequestHandler('elicitation/create', async (request) => {
      forms.push(request.params);
      const content = {};
      for (const [key, field] of Object.entries(request.params.requestedSchema.properties)) {
        content[key] = `Answer to ${field.title}`;
      }
      return { action: 'accept', content };
    });
    const transport = new StdioClientTransport({ command: BIN, args: ['--db', tmp.db], env: serverEnv(), stderr: 'pipe' });
    closeAtEnd(client);
    await client.connect(transport);

    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
    const discover = client.getDiscoverResult();
    assert.ok(discover.supportedVersions.includes('2026-07-28'));
    assert.ok(discover.supportedVersions.includes('2025-11-25'), 'handshake versions are advertised too');
    assert.match(discover.instructions, /sequential_questioning/);
    for (const cap of ['tools', 'resources', 'prompts', 'completions']) assert.ok(discover.capabilities[cap], cap);

    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const expected = ['sequential_questioning', 'sequential_questioning_follow_up', 'sequential_questioning_automatic',
      'search_memory', 'list_conversations', 'get_conversation', 'close_conversation', 'ask_user'];
    assert.deepEqual(Object.keys(byName).sort(), [...expected].sort());

    const call = async (name, args) => {
      const r = await client.callTool({ name, arguments: args });
      assert.equal(r.isError, false, `${name}: ${JSON.stringify(r.content)}`);
      assertMatchesSchema(byName[name].outputSchema, r.structuredContent, `${name} output`);
      return r.structuredContent;
    };

    const first = await call('sequential_questioning', { context: 'Choose travel insurance for a ski trip to Austria', user_id: 'v2-user' });
    const conv = first.conversation_id;
    assert.deepEqual(first.questions.map((q) => q.question_number), [1, 2, 3, 4, 5]);

    // ask_user: the server answers input_required; the client's handler fills the form; the retry completes.
    const asked = await call('ask_user', { conversation_id: conv, question_numbers: [1, 2] });
    assert.equal(forms.length, 1, 'the elicitation handler ran once');
    assert.equal(forms[0].mode, 'form');
    assert.deepEqual(Object.keys(forms[0].requestedSchema.properties), ['q1', 'q2']);
    assert.equal(forms[0].requestedSchema.properties.q1.description, first.questions[0].question_text);
    assert.equal(asked.action, 'accept');
    assert.equal(asked.answers_recorded, 2);
    assert.deepEqual(asked.next_batch.questions.map((q) => q.question_number), [6, 7, 8]);

    const follow = await call('sequential_questioning_follow_up', {
      conversation_id: conv,
      previous_messages: [{ role: 'user', content: '3. Two adults, one week in February' }],
    });
    assert.deepEqual(follow.questions.map((q) => q.question_number), [9, 10, 11]);

    const auto = await call('sequential_questioning_automatic', {
      context: 'Plan a product launch event', previous_messages: [{ role: 'user', content: 'About 200 guests in Berlin' }],
    });
    assert.ok(auto.total_questions >= 5);

    const found = await call('search_memory', { query: 'ski trip insurance', user_id: 'v2-user' });
    assert.ok(found.items.length > 0);
    assert.equal(found.items[0].conversation_id, conv);

    const listed = await call('list_conversations', {});
    assert.equal(listed.total, 2);
    const shown = await call('get_conversation', { conversation_id: conv });
    assert.equal(shown.answers.length, 3);
    assert.equal(shown.answers[0].text, 'Answer to Question 1');

    // Resources: the index, the template, and one conversation as JSON and Markdown.
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === 'sq://conversations'));
    assert.ok(resources.some((r) => r.uri === `sq://conversations/${conv}`));
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.equal(resourceTemplates[0].uriTemplate, 'sq://conversations/{id}');
    const read = await client.readResource({ uri: `sq://conversations/${conv}` });
    const json = read.contents.find((c) => c.mimeType === 'application/json');
    const md = read.contents.find((c) => c.mimeType === 'text/markdown');
    assert.equal(JSON.parse(json.text).conversation_id, conv);
    assert.match(md.text, /Answer to Question 2/);
    await assert.rejects(client.readResource({ uri: 'sq://conversations/missing' }), /not found/i);

    // The prompt, and completion of conversation ids.
    const { prompts } = await client.listPrompts();
    assert.equal(prompts[0].name, 'interview');
    const prompt = await client.getPrompt({ name: 'interview', arguments: { topic: 'a kitchen renovation' } });
    assert.match(prompt.messages[0].content.text, /kitchen renovation/);
    const completion = await client.complete({
      ref: { type: 'ref/resource', uri: 'sq://conversations/{id}' },
      argument: { name: 'id', value: conv.slice(0, 6) },
    });
    assert.ok(completion.completion.values.includes(conv));

    const closed = await call('close_conversation', { conversation_id: conv });
    assert.equal(closed.changed, true);
    await client.close();
  } finally {
    tmp.cleanup();
  }
});
