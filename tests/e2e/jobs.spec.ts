import { expect, test } from '@playwright/test';
import sharp from 'sharp';

function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

test('a large import shows progress and a live preview in the jobs drawer, and cancel stops it', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // 63 megapixels of noise: big enough that the import runs for seconds on a small machine.
  const width = 9000;
  const height = 7000;
  const noise = Buffer.alloc(width * height * 3);
  for (let index = 0; index < noise.length; index += 1) noise[index] = (index * 2654435761) >>> 24;
  const suffix = Math.random().toString(36).slice(2, 7);
  const big = testInfo.outputPath(`big-noise-${suffix}.jpg`);
  await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toFile(big);

  await page.goto(appUrl());
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  // Unique across retries and repeats, which reuse the same host and data folder.
  const projectName = `Large import ${suffix}`;
  await form.getByLabel('Name').fill(projectName);
  await form.getByLabel('Name').press('Enter');
  // Create opens the new project.
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(projectName);
  await page.getByRole('button', { name: /^Jobs/ }).click();
  const drawer = page.getByRole('region', { name: 'Jobs' });

  await page.getByTestId('import-input').setInputFiles(big);
  const job = drawer.getByRole('listitem', { name: `Import big-noise-${suffix}.jpg` });
  await expect(job.getByRole('progressbar')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: /^Jobs/ })).toContainText('1');
  // The preview stream's frames are drawn on the canvas (it starts 1x1).
  await expect
    .poll(
      () =>
        job
          .getByRole('img', { name: 'Live preview' })
          .evaluate((canvas) => (canvas as unknown as { width: number }).width),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(1);
  await page.screenshot({ path: testInfo.outputPath('running.png') });

  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job.getByText('Cancelled', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(job.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByTestId('asset-thumbnail')).toHaveCount(0);

  // After a reload the drawer is rebuilt from jobs.list (the same call that reattaches running jobs).
  await page.reload();
  await page.getByRole('button', { name: /^Jobs/ }).click();
  await expect(job.getByText('Cancelled', { exact: true })).toBeVisible();
});
