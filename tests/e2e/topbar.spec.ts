import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { appUrl } from './astronaut-project';

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');

/** Left edge of every top-bar button that is not Undo or Redo, in their order (names change: the project's title). */
async function otherControlPositions(banner: Locator): Promise<{ name: string; x: number }[]> {
  const positions: { name: string; x: number }[] = [];
  for (const button of await banner.getByRole('button').all()) {
    const name = ((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim();
    if (/^[↶↷]?\s*(Undo|Redo)/.test(name)) continue;
    const box = await button.boundingBox();
    if (box) positions.push({ name, x: box.x });
  }
  return positions;
}

async function historyButtons(page: Page) {
  const history = page.getByRole('group', { name: 'History' });
  return { undo: history.getByRole('button').first(), redo: history.getByRole('button').nth(1) };
}

test.describe('top bar', () => {
  test('undo and redo labels of any length leave the other top-bar controls where they are (1280x720); the whole label is in the tooltip', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(appUrl());
    const name = `Top bar ${Math.random().toString(36).slice(2, 7)}`;
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Name').press('Enter');
    // Create opens the new project.
    await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('button', { name: 'Style transfer' })).toBeVisible();
    const { undo, redo } = await historyButtons(page);

    // Three states whose labels differ in length: nothing to undo, "Undo rename project", "Redo rename project".
    const states: { label: string; positions: { name: string; x: number }[]; undoWidth: number; redoWidth: number }[] =
      [];
    const record = async () => {
      // Their names as read out (Redo shows only its word; its name is in its label and tooltip).
      const nameOf = async (button: Locator) =>
        ((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim();
      const label = `${await nameOf(undo)} | ${await nameOf(redo)}`;
      states.push({
        label,
        positions: await otherControlPositions(banner),
        undoWidth: (await undo.boundingBox())!.width,
        redoWidth: (await redo.boundingBox())!.width,
      });
    };
    await expect(undo).toBeDisabled();
    await record();

    // The same length as before, so the title on the left keeps its width: only the labels change.
    await banner.getByRole('button', { name: `Rename project ${name}` }).click();
    const field = banner.getByRole('textbox', { name: 'Project name' });
    const renamed = `${name.slice(0, -5)}zzzzz`;
    await field.fill(renamed);
    await field.press('Enter');
    await expect(page.getByRole('button', { name: 'Undo rename project' })).toBeEnabled();
    await record();
    // The whole step and its key are in the tooltip, whatever the button has room to show.
    await expect(undo).toHaveAttribute('title', /^Undo rename project \((Ctrl\+|⌘)Z\)$/);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'topbar-undo-label-1280x720.png') });

    await undo.click();
    await expect(page.getByRole('button', { name: 'Redo rename project' })).toBeEnabled();
    await expect(undo).toBeDisabled();
    await record();
    await expect(redo).toHaveAttribute('title', /^Redo rename project \(/);

    const labels = states.map((state) => state.label);
    expect(new Set(labels).size).toBe(3);
    const [first, ...rest] = states;
    expect(first!.positions.length).toBeGreaterThanOrEqual(8);
    for (const state of rest) {
      expect(state.positions.length).toBe(first!.positions.length);
      first!.positions.forEach(({ name: control, x }, index) => {
        const moved = Math.abs(state.positions[index]!.x - x);
        expect(moved, `${control} moved with "${state.label}"`).toBeLessThan(0.5);
      });
      expect(Math.abs(state.undoWidth - first!.undoWidth)).toBeLessThan(0.5);
      expect(Math.abs(state.redoWidth - first!.redoWidth)).toBeLessThan(0.5);
    }
  });
});
