// The command line as a Unix tool: a conversation driven from a shell (ask,
// answer from arguments, a file and standard input, show, list, export,
// search), machine-readable output with --json, exit statuses 0/1/2 with
// errors on stderr only, no colour escapes when piped or with NO_COLOR,
// client configuration, and --help on every subcommand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { BIN, serverEnv, tempDir } from './helpers.mjs';

const ESC = '\u001b[';

function run(args, { input = '', env = {} } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: serverEnv(env) });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(args, opts) {
  const r = run(args, opts);
  assert.equal(r.code, 0, `${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  assert.ok(!r.stdout.includes(ESC) && !r.stderr.includes(ESC), `${args.join(' ')} printed colour escapes into a pipe`);
  return r;
}

function json(args, opts) {
  return JSON.parse(ok([...args, '--json'], opts).stdout);
}

test('a conversation from the shell: ask, answer three ways, show, list, export, search', () => {
  const t = tempDir();
  try {
    const db = ['--db', t.db];
    const asked = json([...db, 'ask', 'Plan a two-week trip to Japan in April']);
    const id = asked.conversation_id;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(asked.questions.map((q) => q.question_number), [1, 2, 3, 4, 5]);
    assert.equal(statSync(t.db).mode & 0o777, 0o600, 'a new database is private');

    // For people: numbered questions, then the id.
    const text = ok([...db, 'show', id]).stdout;
    assert.match(text, /^1\. /m);
    assert.ok(text.includes(id));

    // Answers as arguments, each answering the question it is numbered for.
    const first = ok([...db, 'answer', id, '1. Two adults, no children', '2. About 3000 EUR in total']);
    assert.match(first.stdout, /Recorded 2 answers/);
    assert.match(first.stdout, /^6\. /m, 'the next batch continues the numbering');

    // From a file.
    const file = join(t.dir, 'answers.txt');
    writeFileSync(file, '3. Temples, food markets and hot springs\n4. Mostly ryokan, one city hotel\n');
    ok([...db, 'answer', id, '--file', file]);

    // From standard input.
    ok([...db, 'answer', id], { input: '5. We fly from Frankfurt\n' });

    const shown = json([...db, 'show', id]);
    const answers = Object.fromEntries(shown.answers.map((a) => [a.question_number, a.text]));
    assert.equal(answers[1], 'Two adults, no children');
    assert.equal(answers[2], 'About 3000 EUR in total');
    assert.equal(answers[3], 'Temples, food markets and hot springs');
    assert.equal(answers[4], 'Mostly ryokan, one city hotel');
    assert.equal(answers[5], 'We fly from Frankfurt');

    const listed = json([...db, 'list']);
    assert.equal(listed.total, 1);
    assert.equal(listed.conversations[0].conversation_id, id);
    assert.match(ok([...db, 'list']).stdout, new RegExp(`^${id}`, 'm'));

    // Export: JSON and Markdown, to standard output and to a file.
    const exported = JSON.parse(ok([...db, 'export', id, '--format', 'json']).stdout);
    assert.equal(exported.conversation_id, id);
    assert.equal(exported.answers.length, 5);
    const md = ok([...db, 'export', id, '--format', 'markdown']).stdout;
    assert.match(md, /^# /m);
    assert.ok(md.includes('We fly from Frankfurt'));
    const out = join(t.dir, 'trip.md');
    const toFile = ok([...db, 'export', id, '-o', out]);
    assert.equal(toFile.stdout.includes('We fly from Frankfurt'), false, 'with -o nothing of the export goes to stdout');
    assert.ok(readFileSync(out, 'utf8').includes('We fly from Frankfurt'), 'the format follows the .md extension');
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const all = join(t.dir, 'all.json');
    ok([...db, 'export', '--all', '-o', all]);
    assert.deepEqual(JSON.parse(readFileSync(all, 'utf8')).conversations.map((c) => c.conversation_id), [id]);

    const found = json([...db, 'search', 'hot springs and temples']);
    const items = found.items;
    assert.ok(Array.isArray(items) && items.length > 0, `search found nothing: ${JSON.stringify(found)}`);
    assert.ok(items.some((i) => i.text === 'Temples, food markets and hot springs'));
    assert.ok(ok([...db, 'search', 'hot springs']).stdout.includes('hot springs'));
  } finally {
    t.cleanup();
  }
});

test('exit statuses: 2 for usage errors, 1 for failures, errors only on stderr', () => {
  const t = tempDir();
  try {
    const db = ['--db', t.db];
    for (const args of [['no-such-command'], ['ask'], ['list', '--limit', 'many'], ['answer'], ['--no-such-option']]) {
      const r = run([...db, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: expected a usage error, got ${r.code}`);
      assert.equal(r.stdout, '', `${args.join(' ')} printed to stdout`);
      assert.match(r.stderr, /^sequential-questioning: /m);
      assert.match(r.stderr, /--help/);
    }
    for (const args of [['show', 'no-such-id'], ['answer', 'no-such-id', '1. yes'], ['export', 'no-such-id']]) {
      for (const extra of [[], ['--json']]) {
        const r = run([...db, ...args, ...extra]);
        assert.equal(r.code, 1, `${args.join(' ')}: expected a failure, got ${r.code}`);
        assert.equal(r.stdout, '', `${args.join(' ')} printed to stdout on failure`);
        assert.match(r.stderr, /^sequential-questioning: .*no-such-id/m);
      }
    }
    // A failure changes nothing.
    assert.equal(json([...db, 'list']).total, 0);

    // An answer numbered for a question that does not exist is named as such.
    const id = json([...db, 'ask', 'Plan a two-week trip to Japan in April']).conversation_id;
    const wrong = run([...db, 'answer', id, '1. Two adults', '9. We fly from Frankfurt']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /answer 2 is numbered 9, but the conversation has questions 1 to 5 only/);
    assert.equal(json([...db, 'show', id]).answers.length, 0, 'a refused call records nothing');
  } finally {
    t.cleanup();
  }
});

test('no colour escapes in a pipe, with NO_COLOR, or with TERM=dumb', () => {
  const t = tempDir();
  try {
    for (const env of [{}, { NO_COLOR: '1' }, { TERM: 'dumb' }, { FORCE_COLOR: '1', CLICOLOR_FORCE: '1' }]) {
      const asked = ok(['--db', t.db, 'ask', 'Hire a backend engineer for a small team'], { env });
      const id = asked.stdout.match(/conversation: (\S+)/)[1];
      ok(['--db', t.db, 'show', id], { env });
      ok(['--db', t.db, 'list'], { env });
      ok(['--db', t.db, 'doctor'], { env });
      ok(['--db', t.db, 'export', '--all', '--format', 'markdown'], { env });
    }
  } finally {
    t.cleanup();
  }
});

test('config prints client configuration naming this binary by absolute path, and --check passes', () => {
  const t = tempDir();
  try {
    const env = { HOME: t.dir, XDG_DATA_HOME: join(t.dir, 'data') };
    const cfg = json(['--db', t.db, 'config'], { env });
    const text = JSON.stringify(cfg);
    const bin = resolve(BIN);
    assert.ok(text.includes(JSON.stringify(bin).slice(1, -1)), `config does not name ${bin}: ${text}`);
    assert.ok(text.includes(t.db), 'config names the database');
    const desktop = JSON.parse(ok(['--db', t.db, 'config', '--client', 'claude-desktop'], { env }).stdout);
    const server = desktop.mcpServers['sequential-questioning'];
    assert.ok(isAbsolute(server.command));
    assert.equal(server.command, bin);
    assert.deepEqual(server.args.slice(-1), ['serve']);
    assert.ok(server.args.includes(t.db));
    ok(['--db', t.db, 'config', '--check'], { env });
    assert.equal(run(['--db', t.db, 'config', '--client', 'no-such-client'], { env }).code, 2);
  } finally {
    t.cleanup();
  }
});

test('version, and --help on every subcommand', () => {
  const version = ok(['--version']).stdout;
  assert.match(version, /^sequential-questioning \d+\.\d+\.\d+/);
  assert.equal(ok(['version']).stdout, version);
  assert.match(json(['version']).version, /^\d+\.\d+\.\d+/);
  const top = ok(['--help']).stdout;
  const subcommands = ['serve', 'ask', 'answer', 'show', 'list', 'export', 'search', 'config', 'reindex', 'version',
    'stats', 'doctor', 'backup', 'restore', 'check', 'prune'];
  for (const sub of subcommands) {
    assert.ok(top.includes(sub), `--help does not mention ${sub}`);
    const r = ok([sub, '--help']);
    assert.match(r.stdout, /usage|Usage|USAGE/, `${sub} --help has no usage line`);
  }
  assert.ok(existsSync(BIN));
});
