// Screenshots of a running job in the Flink web UI, with headless Chromium through
// playwright-core. Usage: node webui-screenshot.mjs <web-ui-url> <output-folder>
// Writes one PNG per running job: <output-folder>/flink-web-ui-<job name slug>.png
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, out] = process.argv.slice(2);
const jobs = (await (await fetch(`${url}/jobs/overview`)).json()).jobs
  .filter((job) => job.state === 'RUNNING');
if (jobs.length === 0) {
  console.error(`no running job at ${url}`);
  process.exit(1);
}
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  for (const job of jobs) {
    await page.goto(`${url}/#/job/running/${job.jid}/overview`);
    // The job graph is drawn as SVG nodes, one per chained task; wait until they are there
    // and their metrics have been filled in once.
    await page.waitForSelector('flink-dagre svg g.node', { timeout: 60000 });
    await page.waitForTimeout(6000);
    const slug = job.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '');
    const file = join(out, `flink-web-ui-${slug}.png`);
    await page.screenshot({ path: file });
    console.log(file);
  }
} finally {
  await browser.close();
}
