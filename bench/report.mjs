// Turns one run of bench/run into docs/benchmarks.md (tables) and an SVG plot
// of latency against stored conversations. Plain node, no dependencies.
//
//   node bench/report.mjs RESULTS.jsonl SEED.jsonl OUT.md OUT.svg
//
// The runner passes the load averages, the run time and the server version
// in BENCH_* environment variables.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release, availableParallelism } from 'node:os';
import { basename, dirname, relative } from 'node:path';

const [resultsPath, seedPath, mdPath, svgPath] = process.argv.slice(2);
if (!svgPath) {
  console.error('usage: node bench/report.mjs RESULTS.jsonl SEED.jsonl OUT.md OUT.svg');
  process.exit(2);
}

const lines = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
const results = lines(resultsPath);
const seeds = lines(seedPath);
const env = process.env;

const floor = results.find((r) => r.mode === 'floor') ?? {};
const cold = Object.fromEntries(results.filter((r) => r.mode === 'cold').map((r) => [r.server, r]));
const growth = results.filter((r) => r.mode === 'growth');
const sizes = [...new Set(growth.map((r) => r.size))].sort((a, b) => a - b);
const at = (server, size) => growth.find((r) => r.server === server && r.size === size);
const op = (server, size, name) => at(server, size)?.ops?.[name];

const peerVersion = (name) => {
  const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
  return pkg.dependencies[name];
};

// ---- formatting -----------------------------------------------------------------

function ms(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return '—';
  if (x >= 1000) return `${(x / 1000).toFixed(x >= 10000 ? 1 : 2)} s`;
  if (x >= 100) return `${x.toFixed(0)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  if (x >= 1) return `${x.toFixed(2)} ms`;
  return `${x.toFixed(3)} ms`;
}
function mib(kb) {
  if (kb === undefined || kb === null || kb < 0) return '—';
  return `${(kb / 1024).toFixed(kb < 102400 ? 1 : 0)} MiB`;
}
function rate(x) {
  if (x === undefined || x === null) return '—';
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
function ratio(x) {
  if (!Number.isFinite(x)) return '—';
  if (x < 0.1) return `${x.toFixed(2)}×`;
  if (x >= 100) return `${Math.round(x).toLocaleString('en-US')}×`;
  if (x >= 10) return `${x.toFixed(0)}×`;
  return `${x.toFixed(1)}×`;
}
const count = (n) => n.toLocaleString('en-US');
const short = (n) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
const p50 = (o) => o?.latency?.p50_ms;
const p99 = (o) => o?.latency?.p99_ms;
const tput = (o) => o?.throughput?.per_second;
const tputText = (o) => {
  const t = o?.throughput;
  if (t?.sequential) return `${rate(tput(o))} †`;
  // Writes are read back after the burst: say so when some were lost.
  if (t?.kept !== undefined && t.kept < t.calls) return `${rate(tput(o))} ‡ (${t.kept} of ${t.calls} kept)`;
  return rate(tput(o));
};
const samples = (o) => o?.latency?.n;

// ---- machine ---------------------------------------------------------------------

let cpuModel = cpus()[0]?.model ?? 'unknown';
try {
  const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
  if (m) cpuModel = m[1].trim();
} catch {}
const nproc = availableParallelism ? availableParallelism() : cpus().length;
const memGiB = (totalmem() / 2 ** 30).toFixed(0);
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const runSeconds = Number(env.BENCH_SECONDS ?? 0);
const quick = env.BENCH_QUICK === '1';

// ---- targets ------------------------------------------------------------------------

const smallest = sizes[0];
const largest = sizes[sizes.length - 1];
const targets = [];
function target(what, value, shown, met, note = '') {
  targets.push(`| ${what} | ${shown} | ${value === undefined || Number.isNaN(value) ? 'not measured' : met ? '**met**' : '**not met**'}${note ? ` — ${note}` : ''} |`);
}
{
  const v = cold.ours?.initialize?.p50_ms;
  target('`initialize` within 5 ms, cold (process start to response)', v, ms(v), v <= 5,
    `starting and exiting a C++ program that does nothing takes ${ms(floor.spawn_cxx_noop_ms)} here`);
  // A per-call target holds only if it holds at every size.
  const bySize = (name, limit, what, note) => {
    const values = sizes.map((n) => p50(op('ours', n, name)));
    const shown = sizes.map((n, i) => `${short(n)}: ${ms(values[i])}`).join(', ');
    target(what, values.length ? Math.max(...values) : undefined, shown, values.every((x) => x <= limit), note);
  };
  bySize('write', 0.5, 'durable write p50 at most 0.5 ms (`sequential_questioning_follow_up` with answers)',
    `one 8 KiB append with fdatasync takes ${ms(floor.append_fdatasync_ms)} here`);
  bySize('write_person', 0.5, 'durable write p50 at most 0.5 ms, in a conversation of a person with history',
    'before planning, the person\'s related earlier items are looked up in the vector index, which first adds the rows the previous write stored');
  bySize('get_conversation', 0.1, 'read p50 at most 0.1 ms: `get_conversation`',
    `a pipe round trip with no work takes ${ms(floor.pipe_round_trip_ms)}`);
  bySize('search_memory', 0.1, 'read p50 at most 0.1 ms: `search_memory`', '');
  if (sizes.length > 1) {
    for (const [name, label] of [['write', 'write'], ['write_person', 'write for a person with history']]) {
      const r = p50(op('ours', largest, name)) / p50(op('ours', smallest, name));
      target(`${label} p50 at ${short(largest)} within 2× of ${short(smallest)}`, r,
        `${ms(p50(op('ours', largest, name)))} vs ${ms(p50(op('ours', smallest, name)))} (${ratio(r)})`, r <= 2);
    }
  }
  const idle = Math.max(cold.ours?.rss_after_initialize_kb ?? -1, ...sizes.map((n) => at('ours', n)?.idle_rss_kb ?? -1));
  target('idle resident memory at most 15 MB (VmRSS after `initialize`, before calls; worst of all runs)', idle,
    mib(idle), idle <= 15 * 1000);
}

// ---- tables ----------------------------------------------------------------------

const out = [];
const emit = (...l) => out.push(...l);

emit('# Benchmarks: sequential-questioning and the MCP servers people use instead', '');
emit('Produced by `bench/run`; every figure on this page comes from its latest run, which rewrote this file and',
  '[the plot](benchmarks-latency.svg). How to run it and what each figure means: ' +
  '[bench/README-benchmarks.md](../bench/README-benchmarks.md).', '');
if (quick) emit('**This was a quick run (`--quick`): fewer sizes, fewer samples. Do not quote it.**', '');
emit(`- Date: ${date}`);
emit(`- Machine: ${nproc} CPUs (nproc), ${cpuModel}, ${memGiB} GiB RAM, Linux ${release()}`);
emit(`- Load average (1, 5, 15 min) at the start: ${env.BENCH_LOAD_START ?? '?'}; at the end: ${env.BENCH_LOAD_END ?? '?'}` +
  ' — the machine was shared, so absolute times move with the load; the ratios, taken in the same run, move less');
{
  const fresh = seeds.filter((s) => !s.cached);
  const reused = seeds.filter((s) => s.cached);
  const parts = [];
  if (fresh.length) parts.push(`seeding ${fresh.map((s) => `${short(s.size)} (+${count(s.added)} conversations): ${s.total_seconds.toFixed(0)} s`).join(', ')}`);
  if (reused.length) parts.push(`reusing the data seeded for ${reused.map((s) => short(s.size)).join(', ')} by an earlier run of the same code`);
  emit(`- Run time: ${Math.floor(runSeconds / 60)} min ${runSeconds % 60} s, including the build${parts.length ? `; ${parts.join('; ')}` : ''}`);
}
emit(`- Servers: ${env.BENCH_VERSION ?? 'sequential-questioning'} (release build, NDEBUG; SQLite WAL with ` +
  '`synchronous=FULL`, the default); `@modelcontextprotocol/server-sequential-thinking` ' +
  `${peerVersion('@modelcontextprotocol/server-sequential-thinking')} and \`@modelcontextprotocol/server-memory\` ` +
  `${peerVersion('@modelcontextprotocol/server-memory')}, run as \`node dist/index.js\` with node ${process.version} ` +
  '(through `npx` they start slower still)');
emit('');
emit('Latencies are the median (p50) and 99th percentile of calls made one at a time over one stdio connection,',
  'timed by the client from writing the request to reading the end of the response line. Throughput is calls per',
  'second with 8 requests in flight on that connection. A ratio is peer ÷ ours for times and ours ÷ peer for',
  'throughput, so above 1× means sequential-questioning is faster.', '');

emit('## Targets', '', '| target | measured | |', '|---|---|---|', ...targets, '');

emit('## What this machine costs before any server code runs', '');
emit('Measured by the same client in the same run (medians), as a floor under the figures below.', '');
emit('| | |', '|---|---|');
emit(`| start and exit \`true\` (C) | ${ms(floor.spawn_c_true_ms)} |`);
emit(`| start and exit a C++ program that does nothing (the client itself, linked with libstdc++ and SQLite) | ${ms(floor.spawn_cxx_noop_ms)} |`);
emit(`| one line there and back through \`cat\` over pipes (transport and client, no server work) | ${ms(floor.pipe_round_trip_ms)} |`);
emit(`| append 8 KiB to a file and \`fdatasync\` it (the disk under \`bench/out\`) | ${ms(floor.append_fdatasync_ms)} |`);
emit(`| first touch of a page of memory (a page fault) | ${floor.page_fault_us?.toFixed(1) ?? '—'} µs |`);
emit('');

emit('## Cold start', '');
emit(`${cold.ours?.runs ?? '?'} starts of each server (medians), each a new process with a warm page cache. The first`,
  'call is each server\'s write: `sequential_questioning` starting a conversation, `sequentialthinking`, and',
  '`create_entities` with one entity.', '');
emit('| server | to `initialize` response | to first `tools/call` result | VmRSS after `initialize` | `initialize`: peer ÷ ours |');
emit('|---|---|---|---|---|');
const coldRow = (name, r) => {
  if (!r) return;
  const rr = r === cold.ours ? '' : ratio(r.initialize.p50_ms / cold.ours.initialize.p50_ms);
  emit(`| ${name} | ${ms(r.initialize.p50_ms)} | ${ms(r.first_call.p50_ms)} | ${mib(r.rss_after_initialize_kb)} | ${rr} |`);
};
coldRow('sequential-questioning', cold.ours);
coldRow('server-sequential-thinking', cold.thinking);
coldRow('server-memory', cold.memory);
emit('');

emit('## Calls by stored conversations', '');
emit('Each size is a database seeded through the server\'s own code (contexts, 5-8 questions, 2-3 answers and an',
  'embedding for each, the vector index built and saved), half of the conversations belonging to one person',
  '(`user_id`), and a server-memory JSONL file holding the same text: an entity per conversation with its context,',
  'questions and answers as observations, and the person\'s conversations related to them.',
  'server-sequential-thinking keeps nothing on disk; it was first sent as many thoughts as there are',
  'conversations, so its in-memory history has the same count.', '');
const seedRows = seeds.map((s) => `| ${count(s.size)} | ${count(s.questions)} | ${count(s.answers)} | ${count(s.embeddings)} | ${count(s.vectors)} |`);
emit('| conversations | questions | answers | embeddings | vectors in the index |', '|---|---|---|---|---|', ...seedRows, '');

function opTable(title, text, ours, peers) {
  emit(`### ${title}`, '', text, '');
  const head = ['conversations', `ours ${ours.label} p50 / p99`, 'calls/s'];
  for (const p of peers) head.push(`${p.label} p50 / p99`, 'calls/s', `${p.short}: time ratio`, 'calls/s ratio');
  emit(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const n of sizes) {
    const o = op('ours', n, ours.name);
    const row = [count(n), `${ms(p50(o))} / ${ms(p99(o))}`, tputText(o)];
    for (const p of peers) {
      const q = op(p.server, n, p.name);
      row.push(q ? `${ms(p50(q))} / ${ms(p99(q))}` : '—', tputText(q), ratio(p50(q) / p50(o)), ratio(tput(o) / tput(q)));
    }
    emit(`| ${row.join(' | ')} |`);
  }
  const starred = sizes.some((n) => [op('ours', n, ours.name), ...peers.map((p) => op(p.server, n, p.name))]
    .some((q) => q?.throughput?.sequential));
  emit('');
  if (starred) emit('† Calls slower than 0.5 s were not pipelined; the figure is 1 ÷ mean latency.', '');
  const lost = sizes.some((n) => [op('ours', n, ours.name), ...peers.map((p) => op(p.server, n, p.name))]
    .some((q) => q?.throughput?.kept !== undefined && q.throughput.kept < q.throughput.calls));
  if (lost) {
    emit('‡ After the pipelined burst the client read every written item back: only that many of the ' +
      'acknowledged writes were there. server-memory handles overlapping requests concurrently; each write reads ' +
      'the file, adds to it and renames a new file over it, so the last one wins and the others are lost ' +
      'although each was reported as done.', '');
  }
}

opTable('Write: recording answers',
  'Ours: `sequential_questioning_follow_up` with two numbered answers in a conversation without a `user_id` — ' +
  'stores the answers and three new questions with their embeddings, committed durably (fsync) before the reply. ' +
  'server-memory: `add_observations` with the same two answers to that conversation\'s entity (it rewrites the ' +
  'whole JSONL file, without fsync). server-sequential-thinking: `sequentialthinking` (kept in memory only).',
  { name: 'write', label: '`follow_up`' },
  [{ server: 'memory', name: 'write', label: 'memory `add_observations`', short: 'memory' },
    { server: 'thinking', name: 'write', label: 'thinking `sequentialthinking`', short: 'thinking' }]);

opTable('Write for a person with history',
  'The same follow-up in a conversation that belongs to the person (`user_id`), who owns half of all ' +
  'conversations. Before planning, the server looks up the person\'s related earlier items; with more than 2,000 of ' +
  'their items stored that goes through the vector index, which first catches up with the rows the previous write ' +
  'added (see the notes below).',
  { name: 'write_person', label: '`follow_up` (person)' },
  [{ server: 'memory', name: 'write', label: 'memory `add_observations`', short: 'memory' }]);

opTable('Read: one conversation',
  'Ours: `get_conversation` (context, questions, answers, unanswered numbers). server-memory: `open_nodes` with ' +
  'that conversation\'s entity name.',
  { name: 'get_conversation', label: '`get_conversation`' },
  [{ server: 'memory', name: 'get_conversation', label: 'memory `open_nodes`', short: 'memory' }]);

opTable('Read: search',
  'The same 20 short queries (`Kyoto`, `budget`, `wedding venue`, ...). Ours: `search_memory` across all ' +
  'conversations, the 10 nearest by meaning (vector index). server-memory: `search_nodes`, every entity whose ' +
  'name, type or an observation contains the query (no limit, so its replies grow with the data).',
  { name: 'search_memory', label: '`search_memory`' },
  [{ server: 'memory', name: 'search_memory', label: 'memory `search_nodes`', short: 'memory' }]);

{
  emit('### server-memory `read_graph`', '', 'The whole graph in one reply (it has no paging). Not compared: ours has no call that returns everything.', '');
  emit('| conversations | p50 / p99 | samples | reply |', '|---|---|---|---|');
  for (const n of sizes) {
    const o = op('memory', n, 'read_graph');
    if (!o) { emit(`| ${count(n)} | not run | | |`); continue; }
    const note = o.failures ? `${o.failures} failed: ${String(o.first_error ?? '').slice(0, 80).replace(/\|/g, '/')}` : 'ok';
    emit(`| ${count(n)} | ${ms(p50(o))} / ${ms(p99(o))} | ${samples(o)} | ${note} |`);
  }
  emit('');
}

emit('### First call after start', '');
emit('The first call of each kind in a new process, not included above. Ours loads the vector index on the first',
  'search (and on the first write for the person); server-memory reads its file on every call anyway.', '');
emit('| conversations | ours `initialize` | ours first write | ours first `search_memory` | ours first write (person) | memory `initialize` | memory first `add_observations` |');
emit('|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const o = at('ours', n), m = at('memory', n);
  emit(`| ${count(n)} | ${ms(o?.initialize_ms)} | ${ms(o?.ops?.write?.first_ms)} | ${ms(o?.ops?.search_memory?.first_ms)} | ${ms(o?.ops?.write_person?.first_ms)} | ${ms(m?.initialize_ms)} | ${ms(m?.ops?.write?.first_ms)} |`);
}
emit('');

emit('## Resident memory', '');
emit('Idle: VmRSS 200 ms after the `initialize` response, before any call. Peak: VmHWM at the end of the run.', '');
emit('| conversations | ours idle | ours peak | thinking idle | thinking peak | memory idle | memory peak |', '|---|---|---|---|---|---|---|');
for (const n of sizes) {
  emit(`| ${count(n)} | ${mib(at('ours', n)?.idle_rss_kb)} | ${mib(at('ours', n)?.peak_rss_kb)} | ${mib(at('thinking', n)?.idle_rss_kb)} | ${mib(at('thinking', n)?.peak_rss_kb)} | ${mib(at('memory', n)?.idle_rss_kb)} | ${mib(at('memory', n)?.peak_rss_kb)} |`);
}
emit('');

if (sizes.length > 1) {
  emit('## Growth', '', `p50 at ${short(largest)} conversations ÷ p50 at ${short(smallest)}.`, '');
  emit('| call | ours | server-memory | server-sequential-thinking |', '|---|---|---|---|');
  const g = (server, name) => ratio(p50(op(server, largest, name)) / p50(op(server, smallest, name)));
  emit(`| write | ${g('ours', 'write')} | ${g('memory', 'write')} | ${g('thinking', 'write')} |`);
  emit(`| write for a person with history | ${g('ours', 'write_person')} | | |`);
  emit(`| one conversation | ${g('ours', 'get_conversation')} | ${g('memory', 'get_conversation')} | |`);
  emit(`| search | ${g('ours', 'search_memory')} | ${g('memory', 'search_memory')} | |`);
  emit('');
}

const failures = growth.flatMap((r) => Object.entries(r.ops ?? {}).filter(([, o]) => o.failures && !(r.server === 'memory' && o === r.ops.read_graph))
  .map(([name, o]) => `${r.server} ${name} at ${count(r.size)}: ${o.failures} failed calls`));
for (const c of Object.values(cold)) if (c.failures) failures.push(`${c.server} cold start: ${c.failures} failed calls`);
emit('## Samples and failures', '');
emit('Latency samples per call and size (each phase stops after its time budget, with at least 5 samples):', '');
emit('| conversations | ours write | ours person write | ours get | ours search | memory write | memory get | memory search | thinking write |', '|---|---|---|---|---|---|---|---|---|');
for (const n of sizes) {
  emit(`| ${count(n)} | ${samples(op('ours', n, 'write')) ?? '—'} | ${samples(op('ours', n, 'write_person')) ?? '—'} | ${samples(op('ours', n, 'get_conversation')) ?? '—'} | ${samples(op('ours', n, 'search_memory')) ?? '—'} | ${samples(op('memory', n, 'write')) ?? '—'} | ${samples(op('memory', n, 'get_conversation')) ?? '—'} | ${samples(op('memory', n, 'search_memory')) ?? '—'} | ${samples(op('thinking', n, 'write')) ?? '—'} |`);
}
emit('', failures.length ? `Failed calls: ${failures.join('; ')}.` : 'No call failed.', '');

const notesPath = new URL('./benchmark-notes.md', import.meta.url);
try {
  emit(readFileSync(notesPath, 'utf8').trim(), '');
} catch {}

writeFileSync(mdPath, out.join('\n'));

// ---- plot -----------------------------------------------------------------------------

const series = [
  { label: 'ours: follow_up (write)', server: 'ours', name: 'write', color: '#1f5fbf', dash: '' },
  { label: 'ours: follow_up, person with history', server: 'ours', name: 'write_person', color: '#7a3fbf', dash: '' },
  { label: 'ours: get_conversation', server: 'ours', name: 'get_conversation', color: '#16875a', dash: '' },
  { label: 'ours: search_memory', server: 'ours', name: 'search_memory', color: '#c0392b', dash: '' },
  { label: 'server-memory: add_observations', server: 'memory', name: 'write', color: '#1f5fbf', dash: '7 5' },
  { label: 'server-memory: open_nodes', server: 'memory', name: 'get_conversation', color: '#16875a', dash: '7 5' },
  { label: 'server-memory: search_nodes', server: 'memory', name: 'search_memory', color: '#c0392b', dash: '7 5' },
  { label: 'sequential-thinking: sequentialthinking', server: 'thinking', name: 'write', color: '#555555', dash: '2 4' },
].map((s) => ({ ...s, points: sizes.map((n) => [n, p50(op(s.server, n, s.name))]).filter(([, y]) => y > 0) }))
  .filter((s) => s.points.length);

const W = 900, H = 520, L = 70, R = 320, T = 50, B = 60;
const all = series.flatMap((s) => s.points.map(([, y]) => y));
const yLo = Math.floor(Math.log10(Math.min(...all)));
const yHi = Math.ceil(Math.log10(Math.max(...all)));
const xLo = Math.log10(sizes[0]) - 0.15, xHi = Math.log10(sizes[sizes.length - 1]) + 0.15;
const X = (n) => L + ((Math.log10(n) - xLo) / (xHi - xLo)) * (W - L - R);
const Y = (v) => T + (1 - (Math.log10(v) - yLo) / Math.max(yHi - yLo, 1)) * (H - T - B);
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const svg = [];
svg.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
svg.push(`<rect width="${W}" height="${H}" fill="white"/>`);
svg.push(`<text x="${L}" y="24" font-size="15" font-weight="bold">p50 latency per call against stored conversations (log-log)</text>`);
svg.push(`<text x="${L}" y="40" fill="#555">${esc(`${date}, ${nproc} CPUs ${cpuModel}, load ${env.BENCH_LOAD_START ?? '?'}${quick ? ', QUICK RUN' : ''}`)}</text>`);
for (let e = yLo; e <= yHi; e++) {
  const v = 10 ** e, y = Y(v);
  svg.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
  svg.push(`<text x="${L - 8}" y="${y + 4}" text-anchor="end">${esc(ms(v).replace('.000', '').replace(/\.0+ /, ' '))}</text>`);
}
for (const n of sizes) {
  const x = X(n);
  svg.push(`<line x1="${x}" x2="${x}" y1="${T}" y2="${H - B}" stroke="#ddd"/>`);
  svg.push(`<text x="${x}" y="${H - B + 18}" text-anchor="middle">${count(n)}</text>`);
}
svg.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#888"/>`);
svg.push(`<text x="${(L + W - R) / 2}" y="${H - 18}" text-anchor="middle">stored conversations</text>`);
svg.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">p50 latency</text>`);
series.forEach((s, i) => {
  const d = s.points.map(([n, v], j) => `${j ? 'L' : 'M'}${X(n).toFixed(1)} ${Y(v).toFixed(1)}`).join(' ');
  svg.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
  for (const [n, v] of s.points) {
    svg.push(s.server === 'ours'
      ? `<circle cx="${X(n).toFixed(1)}" cy="${Y(v).toFixed(1)}" r="4" fill="${s.color}"/>`
      : `<rect x="${(X(n) - 4).toFixed(1)}" y="${(Y(v) - 4).toFixed(1)}" width="8" height="8" fill="white" stroke="${s.color}" stroke-width="2"/>`);
  }
  const ly = T + 10 + i * 24, lx = W - R + 20;
  svg.push(`<line x1="${lx}" x2="${lx + 34}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
  svg.push(`<text x="${lx + 42}" y="${ly + 4}">${esc(s.label)}</text>`);
});
svg.push(`<text x="${W - R + 20}" y="${T + 10 + series.length * 24 + 8}" fill="#555">solid: sequential-questioning;</text>`);
svg.push(`<text x="${W - R + 20}" y="${T + 10 + series.length * 24 + 24}" fill="#555">dashed: the npm servers</text>`);
svg.push('</svg>');
writeFileSync(svgPath, svg.join('\n') + '\n');
console.error(`report: wrote ${relative(process.cwd(), mdPath)} and ${basename(svgPath)} in ${relative(process.cwd(), dirname(svgPath)) || '.'}`);
