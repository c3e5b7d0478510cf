import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');

function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

/** The two HTMLImageElement fields read here (this file compiles without the DOM library). */
interface DecodedImage {
  complete: boolean;
  naturalWidth: number;
}

/** Waits until an <img> has really decoded (not just been inserted) and returns its natural width. */
async function expectImageLoaded(image: Locator): Promise<void> {
  await expect
    .poll(
      () =>
        image.evaluate((element) => {
          // Runs in the page: everything it needs is inside this function.
          const decoded = element as unknown as DecodedImage;
          return decoded.complete ? decoded.naturalWidth : 0;
        }),
      {
        message: 'image decoded with a natural width',
      },
    )
    .toBeGreaterThan(0);
}

/** Names stay unique across retries and repeats, which reuse the same host and data folder. */
const unique = (name: string): string => `${name} ${Math.random().toString(36).slice(2, 7)}`;

/** Creates a project through the library's form; Create opens it at its import prompt. */
async function createProject(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
  await expect(page.getByRole('heading', { name: 'Import a portrait to begin' })).toBeVisible();
  await expect(page).toHaveURL(/#\/projects\/[^/?#]+/);
}

/** Back on the Projects page, the card of the project named `name`. */
async function projectCard(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Projects' }).click();
  const card = page.getByRole('article', { name });
  await expect(card).toBeVisible();
  return card;
}

test.describe('project library', () => {
  test('create a project, import the astronaut, see it again after a reload', async ({ page }) => {
    // CSP violations and script errors show up as console errors: there must be none.
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(appUrl());
    const projectName = unique('Astronaut study');
    await createProject(page, projectName);

    await page.getByTestId('import-input').setInputFiles(astronaut);
    const thumbnail = page.getByTestId('asset-thumbnail');
    await expect(thumbnail).toHaveCount(1, { timeout: 30_000 });
    await expectImageLoaded(thumbnail);
    const viewerImage = page.getByTestId('viewer-image');
    await expectImageLoaded(viewerImage);
    await expect(page.getByRole('button', { name: /^astronaut\.png, \d+ by \d+$/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    // Keyboard zoom: 1 shows 100%, 0 fits again.
    await page.keyboard.press('1');
    await expect(page.getByLabel('Zoom level')).toHaveText('100%');
    await page.keyboard.press('0');
    await expect(page.getByLabel('Zoom level')).not.toHaveText('100%');

    // The finished import is listed in the jobs drawer.
    await page.getByRole('button', { name: /^Jobs/ }).click();
    const drawer = page.getByRole('region', { name: 'Jobs' });
    await expect(drawer.getByText('Done').first()).toBeVisible();
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'editor.png') });
    await page.getByRole('button', { name: 'Close jobs' }).click();

    await page.reload();
    // The hash route reopens the project; its photo is still there.
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1);
    await expectImageLoaded(page.getByTestId('asset-thumbnail'));
    await expectImageLoaded(page.getByTestId('viewer-image'));

    await page.getByRole('button', { name: 'Projects' }).click();
    const reloadedCard = page.getByRole('article', { name: projectName });
    await expect(reloadedCard.getByText('1 photo')).toBeVisible();
    await expectImageLoaded(reloadedCard.getByTestId('project-thumbnail'));
    await page.screenshot({ path: resolve(screenshots, 'library.png') });
    expect(consoleErrors).toEqual([]);
  });

  test('a text file named .jpg is refused with an inline error', async ({ page }, testInfo) => {
    const fake = testInfo.outputPath('holiday.jpg');
    mkdirSync(testInfo.outputDir, { recursive: true });
    writeFileSync(fake, 'These are my holiday notes, not a photo.\n');

    await page.goto(appUrl());
    await createProject(page, unique('Bad file check'));
    await page.getByTestId('import-input').setInputFiles(fake);

    const problems = page.getByRole('list', { name: 'Import problems' });
    await expect(problems.getByRole('alert')).toContainText('holiday.jpg is not an image', { timeout: 30_000 });
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(0);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'import-error.png') });

    await problems.getByRole('button', { name: 'Dismiss the message about holiday.jpg' }).click();
    await expect(problems).toHaveCount(0);
  });

  test('rename, then undo restores the name; redo renames again', async ({ page }) => {
    await page.goto(appUrl());
    const before = unique('Before rename');
    const after = unique('After rename');
    await createProject(page, before);
    const card = await projectCard(page, before);
    await card.getByRole('button', { name: 'Rename', exact: true }).click();
    const field = card.getByRole('textbox', { name: 'Project name' });
    await field.fill(after);
    await field.press('Enter');
    await expect(page.getByRole('article', { name: after })).toBeVisible();

    await page.getByRole('button', { name: 'Undo rename project' }).click();
    await expect(page.getByRole('article', { name: before })).toBeVisible();
    await expect(page.getByRole('article', { name: after })).toHaveCount(0);

    // Keyboard redo (focus is not in a text field).
    await page.getByRole('heading', { name: 'Projects' }).click();
    await page.keyboard.press('Control+Shift+Z');
    await expect(page.getByRole('article', { name: after })).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(page.getByRole('article', { name: before })).toBeVisible();
  });

  test('a project’s name opens it, by click or by keyboard; F2 on it renames', async ({ page }) => {
    await page.goto(appUrl());
    const name = unique('Open by name');
    await createProject(page, name);
    const projectUrl = page.url();

    let card = await projectCard(page, name);
    await card.getByRole('heading', { name }).click();
    await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
    expect(page.url()).toBe(projectUrl);

    card = await projectCard(page, name);
    const nameButton = card.getByRole('heading', { name }).getByRole('button', { name, exact: true });
    await nameButton.focus();
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'library-name-focused.png') });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
    expect(page.url()).toBe(projectUrl);

    // Renaming stays reachable from the name: F2 (the Rename button does the same).
    card = await projectCard(page, name);
    await card.getByRole('heading', { name }).getByRole('button').focus();
    await page.keyboard.press('F2');
    await expect(card.getByRole('textbox', { name: 'Project name' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(card.getByRole('heading', { name })).toBeVisible();
  });

  test('? opens the keyboard shortcuts sheet; Escape closes it', async ({ page }) => {
    await page.goto(appUrl());
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByText('Undo', { exact: true })).toBeVisible();
    // Chromium here runs on Linux: the command modifier is written Ctrl, not ⌘.
    const undoRow = sheet.locator('.shortcuts-sheet__row', { hasText: 'Undo' });
    await expect(undoRow.locator('kbd')).toHaveText(['Ctrl', 'Z']);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'shortcuts.png') });
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);

    // The top bar's button opens the same sheet.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(sheet).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
  });

  test('delete asks for confirmation first', async ({ page }) => {
    await page.goto(appUrl());
    const name = unique('Short lived');
    await createProject(page, name);
    const card = await projectCard(page, name);
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${name}”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(card).toBeVisible();

    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete project' }).click();
    await expect(page.getByRole('article', { name })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await expect(page.getByRole('article', { name })).toHaveCount(0);
  });
});
