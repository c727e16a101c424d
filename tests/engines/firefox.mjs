// Drives Debian's Firefox ESR over WebDriver BiDi (Puppeteer) for the cross-engine journeys in
// tests/test_engines.py. The journeys themselves are written once, in Python, for every engine:
// this script only carries out one reader action per request. Requests and answers are JSON,
// one per line: {"id", "op", "args"} on stdin, {"id", "ok", "value" | "error"} on stdout.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const executablePath = process.env.FIREFOX || "/usr/bin/firefox-esr";
const WAIT_MS = 15000; // every Puppeteer wait is bounded; the Python side bounds each request too

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true, // Puppeteer gives each launch a new, empty profile
});
let context = null;
let page = null;
let scriptErrors = [];

async function newPage({ width, height }) {
  if (context) await context.close();
  context = await browser.createBrowserContext(); // empty storage, as for a new reader
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  scriptErrors = [];
  page.on("pageerror", (error) => scriptErrors.push(String(error && error.message || error)));
  await page.setViewport({ width, height });
}

const ops = {
  newPage,
  goto: async ({ url }) => { await page.goto(url, { waitUntil: "load" }); },
  reload: async () => { await page.reload({ waitUntil: "load" }); },
  // `source` is a JavaScript function; it runs in the page with `args` spread as arguments.
  run: async ({ source, args }) => page.evaluate(`(${source})(...${JSON.stringify(args)})`),
  click: async ({ selector }) => { await page.click(selector); },
  hover: async ({ selector }) => { await page.hover(selector); },
  type: async ({ selector, text }) => { await page.type(selector, text); },
  press: async ({ key }) => { await page.keyboard.press(key); },
  clear: async ({ selector }) => {
    await page.focus(selector);
    await page.keyboard.down("Control");
    await page.keyboard.press("KeyA");
    await page.keyboard.up("Control");
    await page.keyboard.press("Backspace");
  },
  select: async ({ selector, value }) => { await page.select(selector, value); },
  scriptErrors: async () => scriptErrors.splice(0),
};

function answer(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

answer({ id: 0, ok: true, value: await browser.version() });

// One request at a time, in order: a reader does one thing after another.
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, op, args } = JSON.parse(line);
  if (op === "quit") break;
  try {
    answer({ id, ok: true, value: (await ops[op](args || {})) ?? null });
  } catch (error) {
    answer({ id, ok: false, error: `${op} failed: ${error && error.message || error}` });
  }
}
await browser.close();
