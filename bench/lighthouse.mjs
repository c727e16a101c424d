// Runs Lighthouse on a list of pages in one Chromium, one page after another, for `make bench`
// (bench/scores.py starts one of these per core). Reads the runs as JSON on stdin:
//   [{"url": "...", "formFactor": "mobile" | "desktop"}, ...]
// and prints one JSON line per run: the four category scores and the audits that lost points.
// Starting Chromium once per worker rather than once per run saves a few seconds a run.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

// What an audit found, in a few words each: enough to tell in the report why it lost points.
function examples(audit) {
  const items = (audit.details && audit.details.items) || [];
  return items.slice(0, 3).map((item) => {
    const node = item.node || (item.subItems && item.subItems.items && item.subItems.items[0] && item.subItems.items[0].node);
    const source = item.source && typeof item.source === 'object' ? item.source.snippet : '';
    const where = item.url || item.sourceLocation?.url || source || (node && (node.snippet || node.selector)) || '';
    return [item.description || item.reason || '', where].filter(Boolean).join(' ').slice(0, 200);
  });
}

// An audit that counts towards a category's score and did not get full marks.
function lostPoints(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => ({ id: audit.id, score: audit.score, title: audit.title, value: audit.displayValue || '', items: examples(audit) }));
}

const runs = await readStdin();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const run of runs) {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
    const config = run.formFactor === 'desktop' ? desktopConfig : undefined;
    const result = await lighthouse(run.url, flags, config);
    const lhr = result.lhr;
    const line = {
      ...run,
      lighthouse: lhr.lighthouseVersion,
      browser: lhr.environment.hostUserAgent,
      error: lhr.runtimeError ? lhr.runtimeError.message : null,
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)])),
      lost: Object.fromEntries(CATEGORIES.map((c) => [c, lostPoints(lhr, c)])),
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
} finally {
  await chrome.kill();
}
