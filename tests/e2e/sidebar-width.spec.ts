import { expect, test, type Locator, type Page } from '@playwright/test';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openAstronautProject } from './astronaut-project';
import { jawCaptureCsv } from './jaw-capture';

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');

/** The parts of Element used here (tests compile without the DOM library). */
interface Measurable {
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { left: number; right: number };
}

interface Sizable {
  offsetWidth: number;
  style: { cssText: string };
  cloneNode(deep: boolean): unknown;
  remove(): void;
  ownerDocument: { body: { append(node: unknown): void } };
}

test.use({ viewport: { width: 1280, height: 720 } });

const sidebarWidth = async (sidebar: Locator) => (await sidebar.boundingBox())?.width ?? 0;

/** Drags the sidebar's edge to its minimum (200 px), short of where it would collapse; returns the sidebar. */
async function dragSidebarToMinimum(page: Page): Promise<Locator> {
  const edge = page.getByRole('separator', { name: 'Resize the photos panel' });
  const edgeBox = (await edge.boundingBox())!;
  const y = edgeBox.y + edgeBox.height / 2;
  await page.mouse.move(edgeBox.x + edgeBox.width / 2, y);
  await page.mouse.down();
  for (const x of [230, 215, 203, 196]) await page.mouse.move(x, y);
  await page.mouse.up();
  const sidebar = page.locator('#editor-sidebar');
  await expect.poll(() => sidebarWidth(sidebar)).toBeLessThan(202);
  return sidebar;
}

/** A 12-frame Live Link Face capture whose file name is longer than the sidebar. */
function writeCapture(dir: string): string {
  const file = join(dir, 'smile-grimace-capture.csv');
  writeFileSync(
    file,
    jawCaptureCsv(12, 60, (f) => 0.05 * f),
  );
  return file;
}

test('P twice gives the sidebar back its width, and a reload keeps it', async ({ page }) => {
  await openAstronautProject(page, 'Sidebar width');
  const sidebar = page.locator('#editor-sidebar');
  await expect(sidebar).toBeVisible();
  // A width of the user's own, between the minimum and the default.
  const edge = page.getByRole('separator', { name: 'Resize the photos panel' });
  await edge.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => sidebarWidth(sidebar)).toBeGreaterThan(240);
  const chosen = await sidebarWidth(sidebar);

  await page.locator('body').click({ position: { x: 700, y: 300 } });
  await page.keyboard.press('p');
  await expect(page.getByRole('complementary', { name: 'Photos' })).toHaveCount(0);
  await page.keyboard.press('p');
  await expect(page.getByRole('complementary', { name: 'Photos' })).toBeVisible();
  await expect.poll(() => sidebarWidth(sidebar)).toBeCloseTo(chosen, 0);

  await page.reload();
  await expect(page.getByRole('complementary', { name: 'Photos' })).toBeVisible();
  await expect.poll(() => sidebarWidth(sidebar)).toBeCloseTo(chosen, 0);

  // Closed across a reload, it still reopens at that width (not at its minimum).
  await page.locator('body').click({ position: { x: 700, y: 300 } });
  await page.keyboard.press('p');
  await expect(page.getByRole('complementary', { name: 'Photos' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Location' })).toBeVisible();
  await page.locator('body').click({ position: { x: 700, y: 300 } });
  await page.keyboard.press('p');
  await expect(page.getByRole('complementary', { name: 'Photos' })).toBeVisible();
  await expect.poll(() => sidebarWidth(sidebar)).toBeCloseTo(chosen, 0);
});

test('at the sidebar’s minimum width the apply-frame controls show whole', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-sidebar-'));
  try {
    await openAstronautProject(page, 'Sidebar minimum');
    const panel = page.getByTestId('tracks-panel');
    await panel.getByTestId('tracks-import-input').setInputFiles(writeCapture(dir));
    await expect(panel.getByRole('listitem').filter({ hasText: 'smile-grimace-capture' })).toBeVisible({
      timeout: 30_000,
    });
    const sidebar = await dragSidebarToMinimum(page);
    await page.screenshot({ path: resolve(screenshots, 'sidebar-minimum-apply-frame.png') });

    const apply = panel.getByRole('button', { name: 'Apply frame 0 to astronaut.png' });
    const mode = panel.getByRole('combobox', { name: 'Mode' });
    const sidebarBox = await sidebar.evaluate((element: Measurable) => element.getBoundingClientRect());
    for (const control of [apply, mode]) {
      const box = await control.evaluate((element: Measurable) => element.getBoundingClientRect());
      expect(box.right, 'inside the sidebar').toBeLessThanOrEqual(sidebarBox.right);
      // Nothing cut off inside it: its text fits its box.
      const overflow = await control.evaluate((element: Measurable) => element.scrollWidth - element.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    // The track set's name wraps rather than being cut ("smile-gri…").
    const name = panel.locator('.track-item__name').first();
    await expect(name).toHaveText('smile-grimace-capture');
    expect(
      await name.evaluate(
        (element: Sizable & { scrollHeight: number; clientHeight: number }) =>
          element.scrollHeight - element.clientHeight,
      ),
    ).toBeLessThanOrEqual(0);
    // The whole sentence stays in the tooltip.
    await expect(apply).toHaveAttribute('title', 'Apply frame 0 to astronaut.png');
    // The Mode dropdown is at least as wide as it would be unconstrained: "Relative to rest" shows whole.
    const widths = await mode.evaluate((element: Sizable) => {
      const free = element.cloneNode(true) as Sizable;
      free.style.cssText = 'position: absolute; visibility: hidden; width: auto; min-width: 0; max-width: none;';
      element.ownerDocument.body.append(free);
      const natural = free.offsetWidth;
      free.remove();
      return { natural, shown: element.offsetWidth };
    });
    expect(widths.shown).toBeGreaterThanOrEqual(widths.natural);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The parts of a select used here. */
interface Menu extends Sizable {
  options: ArrayLike<{ selected: boolean; remove(): void }>;
  parentElement: { append(node: unknown): void };
}

test('at the sidebar’s minimum width the Expression from menu shows its choice whole, or ellipsized with a tooltip', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-sidebar-'));
  try {
    // A second photo whose file name is longer than the sidebar, to pick as the expression source.
    const longName = 'expression-from-the-long-afternoon-shoot.png';
    copyFileSync(resolve(root, 'tests/fixtures/astronaut.png'), join(dir, longName));
    await openAstronautProject(page, 'Sidebar layers');
    await page.getByTestId('import-input').setInputFiles(join(dir, longName));
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
    await page.getByTestId('asset-thumbnail').first().click();
    const sidebar = await dragSidebarToMinimum(page);
    const layers = page.getByRole('region', { name: 'Layers' });
    const menu = layers.getByRole('combobox', { name: 'Expression source' });
    await menu.scrollIntoViewIfNeeded();
    await expect(menu).toHaveValue('');
    await page.screenshot({ path: resolve(screenshots, 'sidebar-minimum-expression-from.png') });

    const sidebarBox = await sidebar.evaluate((element: Measurable) => element.getBoundingClientRect());
    const panelBox = await layers.evaluate((element: Measurable) => element.getBoundingClientRect());
    const box = await menu.evaluate((element: Measurable) => element.getBoundingClientRect());
    expect(box.right, 'inside the panel').toBeLessThanOrEqual(Math.min(panelBox.right, sidebarBox.right));
    // The width the chosen option needs (a copy holding only it, sized by its content, styled as the
    // original in the same place) fits the menu: "None (the portrait's own)" is not cut off.
    const needed = () =>
      menu.evaluate((element: Menu) => {
        const alone = element.cloneNode(true) as Menu;
        for (const option of Array.from(alone.options).filter((candidate) => !candidate.selected)) option.remove();
        alone.style.cssText = 'position: absolute; visibility: hidden; width: auto; min-width: 0; max-width: none;';
        element.parentElement.append(alone);
        const natural = alone.offsetWidth;
        alone.remove();
        return { natural, shown: element.offsetWidth };
      });
    const none = await needed();
    expect(none.natural, "None (the portrait's own) needs no more than the menu's width").toBeLessThanOrEqual(
      none.shown,
    );
    await expect(menu).toHaveAttribute('title', "None (the portrait's own)");

    // A name longer than the sidebar ends in an ellipsis inside the panel; the tooltip has it whole.
    await menu.selectOption({ label: `Photo: ${longName}` });
    await expect(menu).toHaveAttribute('title', `Photo: ${longName}`);
    await expect(menu).toHaveCSS('text-overflow', 'ellipsis');
    const picked = await menu.evaluate((element: Measurable) => element.getBoundingClientRect());
    expect(picked.right, 'still inside the panel').toBeLessThanOrEqual(Math.min(panelBox.right, sidebarBox.right));
    await page.screenshot({ path: resolve(screenshots, 'sidebar-minimum-expression-from-long.png') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
