// Real-browser test of the built sample report: navigation, search in English and
// Chinese, screenshots, and axe-core accessibility checks. Run by tests/browser/run.sh,
// which builds the site first; SITE_DIR names the built site, SCREENSHOTS where to put
// the pictures.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SITE = path.resolve(process.env.SITE_DIR || "../../book");
const REVIEW = process.env.REVIEW_DIR ? path.resolve(process.env.REVIEW_DIR) : null;
const SHOTS = path.resolve(process.env.SCREENSHOTS || "../../target/screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
};

let server;
let base;
let context;
let profile;

// A minimal static server for the built site (no dependency, no path outside SITE).
function serve() {
  return new Promise((resolve) => {
    server = http.createServer((req, res) => {
      // /review/… serves the review build, everything else the publication.
      let root = SITE;
      if (REVIEW && req.url.startsWith("/review/")) {
        root = REVIEW;
        req.url = req.url.slice("/review".length);
      }
      let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.join(root, path.normalize(rel));
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404, { "content-type": TYPES[".html"] });
        res.end(fs.readFileSync(path.join(root, "404.html")));
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(fs.readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}/`));
  });
}

async function axe(page, name) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`);
  assert.deepEqual(report, [], `axe found serious or critical violations on ${name}`);
  return result.violations.length;
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: false });
}

before(async () => {
  assert.ok(fs.existsSync(path.join(SITE, "index.html")), `no built site in ${SITE}`);
  base = await serve();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "esgbook-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test("cover shows the report and passes axe", async () => {
  const page = await context.newPage();
  await page.goto(base + "index.html");
  assert.match(await page.locator("h1").first().innerText(), /ESG Report/);
  assert.ok(await page.locator("text=statement of use").count() > 0 || await page.locator(".statement").count() > 0);
  await shot(page, "cover.png");
  await axe(page, "the cover");
  await page.close();
});

test("an index link leads to the section it names, which links back", async () => {
  const page = await context.newPage();
  await page.goto(base + "hkex.html");
  await shot(page, "hkex-index.png");
  await axe(page, "the HKEX index");
  const row = page.locator("tr[id^='item-']:has(td.location a)").first();
  const rowId = await row.getAttribute("id");
  const link = row.locator("td.location a").first();
  const href = await link.getAttribute("href");
  await link.click();
  await page.waitForURL((url) => url.pathname.endsWith(href.replace(/^\.?\//, "")));
  const h1 = await page.locator("main h1").first().innerText();
  assert.ok(h1.length > 0);
  // The section's "Disclosures addressed" panel links back to the row.
  const back = page.locator(`.addressed a[href$='#${rowId}']`);
  assert.equal(await back.count(), 1, `the section should list ${rowId}`);
  await page.close();
});

test("a section page has trail, pager and contents, and passes axe", async () => {
  const page = await context.newPage();
  await page.goto(base + "governance/board-statement.html");
  assert.ok(await page.locator("nav.trail li").count() >= 2);
  assert.ok(await page.locator("nav.pager a[rel=next]").count() === 1);
  assert.ok(await page.locator("#toc a[aria-current=page]").count() === 1, "toc.js marks the current page");
  await shot(page, "section.png");
  await axe(page, "a section");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "section-phone.png");
  await page.close();
});

test("the GRI index passes axe", async () => {
  const page = await context.newPage();
  await page.goto(base + "gri.html");
  assert.ok(await page.locator("text=Statement of use").count() > 0);
  await shot(page, "gri-index.png");
  await axe(page, "the GRI index");
  // On a phone the index rows become cards: nothing may overflow the viewport.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + "hkex.html#item-a1");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the HKEX index is ${overflow}px wider than a phone`);
  await shot(page, "hkex-index-phone.png");
  await page.close();
});

test("the publication carries no reviewer material", async () => {
  const page = await context.newPage();
  assert.ok(!fs.existsSync(path.join(SITE, "coverage.html")), "no coverage page is published");
  for (const url of ["index.html", "hkex.html", "gri.html", "governance/board-statement.html"]) {
    await page.goto(base + url);
    assert.equal(await page.locator("a[href$='coverage.html']").count(), 0, `${url} links to the coverage page`);
    assert.equal(await page.locator(".review-banner, ul.counts").count(), 0, `${url} shows review material`);
    assert.equal(await page.locator("text=/hkex-esg-20|gri-20[0-9]{2}/").count(), 0, `${url} shows an edition id`);
    assert.equal(await page.locator(".badge.status-not-addressed").count(), 0, `${url} lists rows nobody addressed`);
  }
  await page.goto(base + "print.html");
  assert.ok(await page.locator("section.chapter").count() > 10);
  await shot(page, "print.png");
  await axe(page, "the print page");
  await page.close();
});

test("the review build adds the coverage page, counts and a banner", { skip: !REVIEW }, async () => {
  const page = await context.newPage();
  await page.goto(base + "review/coverage.html");
  assert.equal(await page.locator(".review-banner").count(), 1);
  await axe(page, "the coverage page");
  await page.goto(base + "review/hkex.html");
  assert.equal(await page.locator("ul.counts li").count(), 4);
  assert.equal(await page.locator("nav.site-nav a[href$='coverage.html']").count(), 1);
  await shot(page, "hkex-index-review.png");
  await page.close();
});

test("the GRI index columns read at phone, laptop and wide widths", async () => {
  const page = await context.newPage();
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(base + "gri.html");
    // Every column of every GRI table is at least 8em of the table's font size.
    const narrow = await page.evaluate(() => {
      const out = [];
      for (const table of document.querySelectorAll("table.gri-table")) {
        const em = parseFloat(getComputedStyle(table).fontSize);
        const cells = [...table.querySelectorAll("tbody tr.kind-disclosure")].at(0)?.children ?? [];
        for (const cell of cells) {
          const w = cell.getBoundingClientRect().width;
          if (w < 8 * em - 0.5) out.push(`${cell.className || cell.tagName} ${w.toFixed(0)}px < ${8 * em}px`);
        }
      }
      return out;
    });
    assert.deepEqual(narrow, [], `at ${width}px`);
    // The page itself never scrolls sideways; a wide table scrolls inside its own region.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the GRI index page is ${overflow}px wider than ${width}px`);
    await shot(page, `gri-index-${width}.png`);
  }
  await page.close();
});

test("search finds English words", async () => {
  const page = await context.newPage();
  await page.goto(base + "index.html");
  await page.fill("#site-search-q", "emissions");
  await page.press("#site-search-q", "Enter");
  await page.waitForSelector("#search-results li");
  assert.ok(await page.locator("#search-results li").count() > 1);
  await shot(page, "search-english.png");
  await axe(page, "the search page");
  await page.close();
});

test("the brand colour and logo from book.toml are applied", async () => {
  const page = await context.newPage();
  await page.goto(base + "index.html");
  // book.toml: brand-color = "#0b5c4b" (AA on white, so used as written).
  const brand = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand").trim());
  assert.equal(brand, "#0b5c4b");
  const border = await page.locator(".masthead").evaluate((el) => getComputedStyle(el).borderTopColor);
  assert.equal(border, "rgb(11, 92, 75)");
  const logo = page.locator("img.brand-logo");
  assert.equal(await logo.count(), 1);
  assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), "the logo loads");
  await page.close();
});

test("search finds a disclosure code as written", async () => {
  const page = await context.newPage();
  await page.goto(base + "search.html?q=" + encodeURIComponent("B6.4"));
  await page.waitForSelector("#search-results li");
  const hrefs = await page.locator("#search-results li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.some((h) => /operations\/product-responsibility\.html$/.test(h)), `no section for B6.4 in ${hrefs}`);
  assert.ok(hrefs.some((h) => /hkex\.html#item-b6-4$/.test(h)), `no index row for B6.4 in ${hrefs}`);
  await shot(page, "search-code.png");
  await page.close();
});

test("search finds Chinese words", async () => {
  const page = await context.newPage();
  await page.goto(base + "search.html?q=" + encodeURIComponent("董事會"));
  await page.waitForSelector("#search-results li");
  const first = await page.locator("#search-results li a").first().getAttribute("href");
  assert.match(first, /board-statement\.html$/);
  assert.ok((await page.locator("#search-results mark").first().innerText()).includes("董事會"));
  await shot(page, "search-chinese.png");
  await page.close();
});

test("the Chinese edition searches its own index, in Chinese", async () => {
  const page = await context.newPage();
  await page.goto(base + "zh-hk/search.html?q=" + encodeURIComponent("董事會"));
  await page.waitForSelector("#search-results li");
  const hrefs = await page.locator("#search-results li a.search-title").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  // The HKEX row whose Chinese title names the board, and the board's statement.
  assert.ok(hrefs.includes("hkex.html#item-mdr-gov"), hrefs.join(" "));
  assert.ok(hrefs.includes("governance/board-statement.html"), hrefs.join(" "));
  assert.match(await page.locator("#search-status").innerText(), /^有 \d+ 個章節符合「董事會」。$/);
  // The switcher leads to the same page of the English edition.
  const english = await page.locator(".nav-language").first().getAttribute("href");
  assert.equal(english, "../search.html");
  await shot(page, "search-chinese-edition.png");
  await page.close();
});

test("every section page passes axe", async () => {
  const index = JSON.parse(fs.readFileSync(path.join(SITE, "search-index.json"), "utf8"));
  const page = await context.newPage();
  // Sections only: the index rows' entries point into the two index pages checked above.
  for (const doc of index.docs.filter((d) => !d.u.includes("#"))) {
    await page.goto(base + doc.u);
    await axe(page, doc.u);
  }
  for (const fixed of ["toc.html", "search.html", "404.html"]) {
    await page.goto(base + fixed);
    await axe(page, fixed);
  }
  await page.close();
});
