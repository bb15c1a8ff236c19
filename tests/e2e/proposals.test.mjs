// The assistant's own questions, driven with the official TypeScript clients:
// proposals are numbered on after the questions asked and the planner fills
// the batch, repeats are dropped and reported, answers are matched to
// proposals by number, a resent call stores nothing, and proposals that
// break a limit are refused with the field named and nothing stored. Every
// batch reports its coverage (what is answered, what is still open, and what
// the person said in earlier conversations that bears on it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';
import { BIN, tempDir, serverEnv, assertMatchesSchema, closeAtEnd } from './helpers.mjs';

const CONTEXT = 'Plan a two-week trip to Japan in April';
const PROPOSALS = [
  { question_text: 'Have you been to Japan before?', importance: 'A first visit needs more guidance.' },
  { question_text: 'Would you rather see big cities or the countryside?' },
  { question_text: 'Are there festivals you hope to catch?', information_to_look_for: 'Named festivals or seasons.' },
];

const numbers = (batch) => batch.questions.map((q) => q.question_number);

// Calls a tool that must succeed, checking its structured output against its schema.
function caller(client, byName) {
  return async (name, args) => {
    const r = await client.callTool({ name, arguments: args });
    assert.equal(r.isError, false, `${name}: ${JSON.stringify(r.content)}`);
    assertMatchesSchema(byName[name].outputSchema, r.structuredContent, `${name} output`);
    return { ...r.structuredContent, text: r.content[0].text };
  };
}

function checkCoverage(batch) {
  const { coverage } = batch.metadata;
  assert.ok(coverage, 'metadata.coverage is reported');
  assert.ok(coverage.open.length <= 5);
  for (const o of coverage.open) {
    assert.ok(o.facet && o.subject && o.why, JSON.stringify(o));
  }
  for (const a of coverage.answered) assert.ok([...a.answer_summary].length <= 120);
  assert.ok(Array.isArray(coverage.standing_facts), 'coverage.standing_facts is reported');
  return coverage;
}

test('proposed questions are numbered, filled, deduplicated, matched to answers and never stored twice', async () => {
  const tmp = tempDir();
  try {
    const transport = new StdioClientTransport({ command: BIN, args: ['--db', tmp.db], env: serverEnv(), stderr: 'pipe' });
    const client = new Client({ name: 'sq-e2e-proposals', version: '1.0.0' });
    closeAtEnd(client);
    await client.connect(transport);
    assert.match(client.getInstructions() ?? '', /proposed_questions/);
    assert.match(client.getInstructions() ?? '', /metadata\.coverage/);
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const name of ['sequential_questioning', 'sequential_questioning_follow_up', 'sequential_questioning_automatic']) {
      assert.ok(byName[name].inputSchema.properties.proposed_questions, `${name} accepts proposed_questions`);
      assert.match(byName[name].description, /proposed_questions/);
    }
    const call = caller(client, byName);
    const stored = async (conv) => call('get_conversation', { conversation_id: conv });

    const first = await call('sequential_questioning', { context: CONTEXT });
    const conv = first.conversation_id;
    assert.deepEqual(numbers(first), [1, 2, 3, 4, 5]);
    assert.equal(first.metadata.generator, 'builtin');
    assert.deepEqual(first.metadata.dropped_proposals, []);
    checkCoverage(first);

    // Three proposals and batch_size 5: the three, numbered on, then two from the planner.
    const args = { conversation_id: conv, proposed_questions: PROPOSALS, batch_size: 5 };
    const mixed = await call('sequential_questioning', args);
    assert.deepEqual(numbers(mixed), [6, 7, 8, 9, 10]);
    assert.equal(mixed.metadata.generator, 'mixed');
    assert.deepEqual(mixed.questions.slice(0, 3).map((q) => q.question_text), PROPOSALS.map((p) => p.question_text));
    assert.deepEqual(mixed.questions.map((q) => q.metadata.source), ['assistant', 'assistant', 'assistant', 'builtin', 'builtin']);
    assert.equal(mixed.questions[0].metadata.facet, 'assistant');
    assert.equal(mixed.questions[0].metadata.importance, PROPOSALS[0].importance);
    assert.equal(mixed.questions[2].metadata.information_to_look_for, PROPOSALS[2].information_to_look_for);
    assert.ok(mixed.questions[1].metadata.importance.length > 0, 'a default importance');
    assert.deepEqual(mixed.metadata.dropped_proposals, []);
    assert.ok(mixed.text.includes('6. Have you been to Japan before?'));
    checkCoverage(mixed);
    assert.equal((await stored(conv)).question_count, 10);

    // The same call resent: nothing new is stored, the same batch comes back.
    const resent = await call('sequential_questioning', args);
    assert.equal(resent.metadata.resent, true);
    assert.deepEqual(numbers(resent), numbers(mixed));
    assert.deepEqual(resent.questions.map((q) => q.question_text), mixed.questions.map((q) => q.question_text));
    assert.equal(resent.metadata.generator, 'mixed');
    assert.equal((await stored(conv)).question_count, 10);

    // Proposals that repeat an asked question, or nearly do, are dropped and reported.
    const repeats = await call('sequential_questioning', {
      conversation_id: conv,
      batch_size: 2,
      proposed_questions: [
        { question_text: first.questions[0].question_text },
        { question_text: `${first.questions[1].question_text} exactly` },
        { question_text: 'Do you plan to buy a rail pass?' },
      ],
    });
    assert.deepEqual(repeats.metadata.dropped_proposals, [
      { question_text: first.questions[0].question_text, reason: 'already asked as question 1' },
      { question_text: `${first.questions[1].question_text} exactly`, reason: 'repeats question 2' },
    ]);
    assert.deepEqual(numbers(repeats), [11, 12]);
    assert.equal(repeats.questions[0].question_text, 'Do you plan to buy a rail pass?');
    assert.equal(repeats.metadata.generator, 'mixed');
    assert.match(repeats.text, /already asked as question 1/);
    assert.equal((await stored(conv)).question_count, 12);

    // Answers to proposed questions are matched by number.
    const follow = await call('sequential_questioning_follow_up', {
      conversation_id: conv,
      previous_messages: [
        { role: 'user', content: CONTEXT },
        { role: 'assistant', content: mixed.current_question },
        { role: 'user', content: '6. No, this is our first time in Japan\n8. We would love to see the cherry blossom festivals in Kyoto' },
      ],
    });
    assert.equal(follow.metadata.answers_recorded, 2);
    assert.equal(follow.questions[0].question_number, 13);
    const coverage = checkCoverage(follow);
    assert.deepEqual(coverage.answered.map((a) => a.question_number), [6, 8]);
    assert.equal(coverage.answered[0].facet, 'assistant');
    assert.equal(coverage.answered[0].question_text, PROPOSALS[0].question_text);
    assert.equal(coverage.answered[0].answer_summary, 'No, this is our first time in Japan');
    const shown = await stored(conv);
    const answers = Object.fromEntries(shown.answers.map((a) => [a.question_number, a.text]));
    assert.deepEqual(answers, { 6: 'No, this is our first time in Japan', 8: 'We would love to see the cherry blossom festivals in Kyoto' });
    const cli = spawnSync(BIN, ['--db', tmp.db, '--json', 'show', conv], { encoding: 'utf8', env: serverEnv() });
    assert.equal(cli.status, 0, cli.stderr);
    const fromShell = JSON.parse(cli.stdout);
    assert.equal(fromShell.questions.find((q) => q.question_number === 8).question_text, PROPOSALS[2].question_text);
    assert.deepEqual(fromShell.answers.map((a) => a.question_number), [6, 8]);

    // Proposals that break a limit are refused, naming the field; nothing is stored.
    const before = await stored(conv);
    const refused = [
      [[{ question_text: 'x'.repeat(600) }], /proposed_questions\[0\]\.question_text is 600 characters long; the limit is 500/],
      [[{ question_text: 'Fine?' }, { question_text: '' }], /proposed_questions\[1\]\.question_text is empty/],
      [[{ question_text: 'Fine?' }, { question_text: '   ' }], /proposed_questions\[1\]\.question_text is empty/],
      [[{ question_text: 'Fine?', importance: 'y'.repeat(501) }], /proposed_questions\[0\]\.importance is 501 characters long/],
      [[{ question_text: 'Fine?', priority: 1 }], /proposed_questions\[0\]\.priority is not a known field/],
      [[{ importance: 'no text' }], /proposed_questions\[0\]\.question_text is required/],
      [Array.from({ length: 11 }, (_, i) => ({ question_text: `Question ${i}?` })), /proposed_questions has 11 items; the limit is 10/],
    ];
    for (const [proposals, expected] of refused) {
      for (const name of ['sequential_questioning', 'sequential_questioning_follow_up', 'sequential_questioning_automatic']) {
        const r = await client.callTool({
          name,
          arguments: {
            conversation_id: conv,
            proposed_questions: proposals,
            previous_messages: [{ role: 'user', content: '9. Mostly trains, a new answer that must not be stored' }],
          },
        });
        assert.equal(r.isError, true, `${name} accepted ${JSON.stringify(proposals).slice(0, 80)}`);
        assert.match(r.content[0].text, expected, name);
      }
    }
    const r = await client.callTool({ name: 'sequential_questioning', arguments: { context: 'A new trip', proposed_questions: [{ question_text: ' ' }] } });
    assert.equal(r.isError, true);
    const after = await stored(conv);
    assert.equal(after.question_count, before.question_count);
    assert.equal(after.answers.length, before.answers.length);
    assert.equal((await call('list_conversations', {})).total, 1, 'a refused call starts no conversation');
    await client.close();
  } finally {
    tmp.cleanup();
  }
});

test('a v2 client proposes questions over 2026-07-28 and the automatic tool asks them in its first round', async () => {
  const tmp = tempDir();
  try {
    const client = new ClientV2({ name: 'sq-e2e-proposals-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    const transport = new StdioClientTransportV2({ command: BIN, args: ['--db', tmp.db], env: serverEnv(), stderr: 'pipe' });
    closeAtEnd(client);
    await client.connect(transport);
    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
    assert.match(client.getDiscoverResult().instructions, /proposed_questions/);
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const call = caller(client, byName);

    // A batch made only of proposals is the assistant's.
    const own = await call('sequential_questioning', { context: CONTEXT, proposed_questions: PROPOSALS.slice(0, 2), batch_size: 2 });
    assert.deepEqual(numbers(own), [1, 2]);
    assert.equal(own.metadata.generator, 'assistant');
    assert.equal(own.next_batch_needed, true);
    assert.ok(checkCoverage(own).open.length > 0, 'the planner still lists open facets');

    const auto = await call('sequential_questioning_automatic', {
      context: 'Requirements for a small inventory web app for our bakery',
      previous_messages: [{ role: 'user', content: 'We have three shops and use spreadsheets today.' }],
      proposed_questions: [{ question_text: 'Which spreadsheets do you use today, and who keeps them up to date?' }],
      max_rounds: 2,
    });
    assert.equal(auto.initial_questions.questions[0].question_number, 1);
    assert.equal(auto.initial_questions.questions[0].metadata.source, 'assistant');
    assert.equal(auto.initial_questions.metadata.generator, 'mixed');
    assert.ok(auto.follow_up_questions?.length >= 1);
    for (const round of auto.follow_up_questions) {
      assert.equal(round.metadata.generator, 'builtin');
      checkCoverage(round);
    }
    await client.close();
  } finally {
    tmp.cleanup();
  }
});

test('what a person said in one conversation comes back as standing facts in a related later one, and only for them', async () => {
  const tmp = tempDir();
  try {
    const client = new ClientV2({ name: 'sq-e2e-facts', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    const transport = new StdioClientTransportV2({ command: BIN, args: ['--db', tmp.db], env: serverEnv(), stderr: 'pipe' });
    closeAtEnd(client);
    await client.connect(transport);
    assert.match(client.getDiscoverResult().instructions, /standing_facts/);
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const call = caller(client, byName);

    const trip = await call('sequential_questioning', { context: 'Planning a family vacation to Europe next summer', user_id: 'pat' });
    assert.deepEqual(checkCoverage(trip).standing_facts, [], 'a new user has no facts');
    const answered = await call('sequential_questioning_follow_up', {
      conversation_id: trip.conversation_id,
      previous_messages: [
        { role: 'user', content: '1. We want to visit Lisbon and Porto in Portugal.\n2. Our daughter Mia (7) is allergic to peanuts, and we live in Leeds.' },
      ],
    });
    assert.deepEqual(checkCoverage(answered).standing_facts, [], "a conversation's own facts show as answered questions");

    const food = await call('sequential_questioning', { context: 'Booking restaurants for our Portugal trip with the kids', user_id: 'pat' });
    const facts = checkCoverage(food).standing_facts;
    const allergy = facts.find((f) => f.kind === 'health');
    assert.ok(allergy, JSON.stringify(facts));
    assert.equal(allergy.text, 'Our daughter Mia (7) is allergic to peanuts');
    assert.equal(allergy.conversation_id, trip.conversation_id);
    assert.equal(allergy.question_number, 2);
    assert.ok(allergy.why.length > 0);
    assert.ok(facts.some((f) => f.kind === 'home' && f.text === 'we live in Leeds'), JSON.stringify(facts));
    assert.ok(facts.some((f) => f.kind === 'person' && f.text === 'daughter Mia, 7'), JSON.stringify(facts));
    // The first batch confirms the allergy rather than asking about it from scratch.
    assert.match(food.questions[0].question_text, /^Earlier you said your daughter Mia \(7\) is allergic to peanuts — /);
    assert.equal(food.questions[0].metadata.facet, 'known:health');
    assert.equal(food.questions.length, 5);

    const stranger = await call('sequential_questioning', { context: 'Booking restaurants for our Portugal trip with the kids', user_id: 'sam' });
    assert.deepEqual(checkCoverage(stranger).standing_facts, [], "another user's facts are never shown");
    await client.close();
  } finally {
    tmp.cleanup();
  }
});
