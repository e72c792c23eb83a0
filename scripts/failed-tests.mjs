// Names every failed test of a scripts/test.sh run, compactly, for the tail of a CI log:
// each failure's full name, the first lines of its message and (for .NET) the first frames with a
// source line. Reads the .trx files (per test and per run: a crashed or aborted test host leaves
// only run-level messages), vitest's JSON and Playwright's JSON from the results directory.
//
//   node scripts/failed-tests.mjs <results dir> <expected report file>...
//
// A report named on the command line but absent is listed too (its suite crashed before writing).
// Prints nothing when nothing failed. Plain Node, no packages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const maxFailures = 12; // CI shows the tail of the log: the rest is in the reports
const maxMessageLines = 8;
const maxLineLength = 240;

const [resultsDir, ...expected] = process.argv.slice(2);
const failures = [];

const xmlText = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlText(m[1]) : undefined;
};
const element = (xml, name) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlText(m[1]) : undefined;
};
// eslint-disable-next-line no-control-regex
const plain = (s) => String(s ?? '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
const lines = (s, max = maxMessageLines) => {
  const all = plain(s)
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const kept = all.slice(0, max).map((l) => (l.length > maxLineLength ? `${l.slice(0, maxLineLength)}…` : l));
  if (all.length > max) kept.push(`… (${all.length - max} more lines)`);
  return kept;
};
// Where it failed (the first frame with a file and line) and the test's own line (the outermost
// frame in the test's class), which is not the first when a helper such as a bounded wait failed.
const frames = (stack, testName) => {
  const testClass = testName.replace(/\(.*$/s, '').replace(/\.[^.]*$/, '');
  const all = [];
  for (const l of plain(stack).split(/\r?\n/)) {
    const m = /^\s*at (.+?) in (.+):line (\d+)\s*$/.exec(l);
    if (m) all.push({ method: m[1], text: `at ${m[1].replace(/\(.*\)$/, '()')} in ${m[2].replace(/^.*?\/(tests|src|firmware-sim)\//, '$1/')}:${m[3]}` });
  }
  const own = all.findLast((f) => f.method.startsWith(`${testClass}.`));
  return [...new Set([all[0]?.text, own?.text].filter(Boolean))];
};

// A JavaScript failure: its message, then at most two frames outside node_modules (the test's own lines).
const jsFailure = (text) => {
  const all = plain(text).split(/\r?\n/);
  const firstFrame = all.findIndex((l) => /^\s+at /.test(l));
  const message = firstFrame < 0 ? all : all.slice(0, firstFrame);
  const own = (firstFrame < 0 ? [] : all.slice(firstFrame))
    .filter((l) => /^\s+at /.test(l) && !/node_modules|node:internal|\(<anonymous>\)/.test(l))
    .slice(0, 2)
    .map((l) => l.trim().replace(/(file:\/\/)?\/\S*?\/(dashboards|tests|src|e2e)\//, '$2/'));
  return [...lines(message.join('\n')), ...own];
};

const findFile = (dir, name) => {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return join(entry.parentPath ?? entry.path, entry.name);
  }
  return undefined;
};

function readTrx(file) {
  const xml = readFileSync(file, 'utf8');
  const suite = basename(file, '.trx');
  const named = new Set();
  for (const m of xml.matchAll(/<UnitTestResult\s[^>]*?(?:\/>|>[\s\S]*?<\/UnitTestResult>)/g)) {
    const result = m[0];
    const outcome = attr(result, 'outcome');
    if (outcome === 'Passed' || outcome === 'NotExecuted') continue;
    const name = attr(result, 'testName') ?? '(unnamed test)';
    named.add(name);
    failures.push({
      title: `${name}  [${suite}, ${outcome}]`,
      body: [...lines(element(result, 'Message') ?? '(no message)'), ...frames(element(result, 'StackTrace') ?? '', name)],
    });
  }
  // Run-level errors: a crashed or hung test host, a fixture's cleanup, an aborted run. A test's
  // own "[FAIL]" line repeats what is listed above.
  for (const m of xml.matchAll(/<RunInfo\s[^>]*outcome="(Error|Failed|Aborted|Timeout)"[^>]*>([\s\S]*?)<\/RunInfo>/g)) {
    const text = element(m[2], 'Text') ?? '';
    const fail = /^\[xUnit\.net [^\]]*\]\s+(.+?) \[FAIL\]\s*$/.exec(text.trim());
    if (fail && named.has(fail[1])) continue;
    failures.push({ title: `${suite}: run error`, body: lines(text) });
  }
  // --blame records the tests in order; those not completed were running when the host crashed or hung.
  for (const m of xml.matchAll(/<A href="([^"]*Sequence_[^"]*\.xml)"/g)) {
    const sequence = findFile(dirname(file), basename(m[1]));
    if (!sequence) continue;
    const running = [...readFileSync(sequence, 'utf8').matchAll(/<Test Name="([^"]*)"[^>]*Completed="False"/g)].map((t) => xmlText(t[1]));
    if (running.length > 0) {
      failures.push({ title: `${suite}: running when the test host stopped (blame)`, body: running.slice(0, 5) });
    }
  }
  const summary = /<ResultSummary\s+outcome="([^"]*)"/.exec(xml)?.[1];
  if (summary && /Aborted|Timeout/.test(summary) && !failures.some((f) => f.title.startsWith(suite))) {
    failures.push({ title: `${suite}: the run ended ${summary}`, body: [] });
  }
}

function readVitest(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const testFile of report.testResults ?? []) {
    const where = testFile.name?.replace(/^.*?\/dashboards\//, 'dashboards/') ?? '(unknown file)';
    const failed = (testFile.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) {
      failures.push({
        title: `${where} › ${a.fullName ?? a.title}  [vitest]`,
        body: jsFailure(a.failureMessages?.[0] || '(no message)'),
      });
    }
    // A file that failed as a whole (an import error, a hook) has no failed assertion to name.
    if (failed.length === 0 && testFile.status === 'failed') {
      failures.push({ title: `${where}  [vitest, file failed]`, body: jsFailure(testFile.message || '(no message)') });
    }
  }
}

// Playwright appends the source around the failing line; the location line below says where.
const withoutSnippet = (message) => {
  const all = plain(message).split(/\r?\n/);
  const snippet = all.findIndex((l) => /^\s*>?\s*\d+ \|/.test(l));
  return (snippet < 0 ? all : all.slice(0, snippet)).join('\n');
};

function readPlaywright(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const walk = (suite, titles) => {
    const path = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue;
        const errors = (test.results ?? []).flatMap((r) => r.errors ?? (r.error ? [r.error] : []));
        const where = spec.file ? `${spec.file}:${spec.line ?? ''}` : '';
        failures.push({
          title: `${[...path, spec.title].join(' › ')}  [playwright ${test.projectName ?? ''}, ${test.status}]`,
          body: [...lines(withoutSnippet(errors[0]?.message ?? errors[0]?.value ?? '(no message)')), ...(where ? [`at ${where}`] : [])],
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, path);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  for (const error of report.errors ?? []) {
    failures.push({ title: 'Playwright run error (global setup or teardown)', body: lines(error.message ?? error.value) });
  }
}

if (resultsDir && existsSync(resultsDir)) {
  for (const entry of readdirSync(resultsDir).sort()) {
    const file = join(resultsDir, entry);
    try {
      if (entry.endsWith('.trx')) readTrx(file);
      else if (entry === 'vitest.json') readVitest(file);
      else if (entry === 'playwright.json') readPlaywright(file);
    } catch (error) {
      failures.push({ title: `${entry}: unreadable report`, body: lines(error.message) });
    }
  }
}
for (const name of expected) {
  if (!existsSync(join(resultsDir ?? '.', name))) {
    failures.push({ title: `${name}: no report (the suite crashed or never ran; see its output above)`, body: [] });
  }
}

if (failures.length > 0) {
  console.log(`== failed tests (${failures.length}; reports in ${resultsDir})`);
  for (const f of failures.slice(0, maxFailures)) {
    console.log(`✗ ${f.title}`);
    for (const l of f.body) console.log(`    ${l}`);
  }
  if (failures.length > maxFailures) console.log(`… and ${failures.length - maxFailures} more in the reports`);
}
