import { expect, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
/** The face pipeline's reference landmarks of the astronaut, stored as its analysis would store them. */
export const astronautLandmarksFile = resolve(root, 'tests/integration/face/expected/astronaut-landmarks.json');

export function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

/** Creates a project with a fresh name, opens it and imports the astronaut; returns the project's name. */
export async function openAstronautProject(page: Page, title: string): Promise<string> {
  await page.goto(appUrl());
  const name = `${title} ${Math.random().toString(36).slice(2, 7)}`;
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  // Create opens the new project.
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
  await page.getByTestId('import-input').setInputFiles(astronaut);
  await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1, { timeout: 30_000 });
  return name;
}

/**
 * Gives the project's photo a face row as the face pipeline stores one (OR IGNORE: if the pipeline
 * already analysed the import, its own row stays), so the rig has a fit without waiting for analysis.
 */
export function storeAstronautFace(projectName: string): void {
  const dataDir = process.env.MIEN_E2E_DATA_DIR;
  if (!dataDir) throw new Error('MIEN_E2E_DATA_DIR is not set: this test needs the host started by global-setup');
  const { landmarks } = JSON.parse(readFileSync(astronautLandmarksFile, 'utf8')) as { landmarks: number[] };
  const db = new Database(resolve(dataDir, 'mien.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const asset = db
      .prepare('SELECT a.id FROM assets a JOIN projects p ON p.id = a.project_id WHERE p.name = ?')
      .get(projectName) as { id: string };
    db.prepare(
      `INSERT OR IGNORE INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count, created_at)
       VALUES (?, ?, NULL, 0, 'reference', '{}', 1, ?, 478, ?)`,
    ).run(randomUUID(), asset.id, Buffer.from(Float32Array.from(landmarks).buffer), Date.now());
  } finally {
    db.close();
  }
}

/** Drags a range slider's thumb from `fromFraction` to `toFraction` of its width, as a user would. */
export async function dragSlider(page: Page, slider: Locator, fromFraction: number, toFraction: number): Promise<void> {
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error('slider not visible');
  // Chromium's thumb is ~16 px: its centre travels from 8 px in to 8 px before the end.
  const xAt = (fraction: number) => box.x + 8 + fraction * (box.width - 16);
  const y = box.y + box.height / 2;
  await page.mouse.move(xAt(fromFraction), y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) {
    await page.mouse.move(xAt(fromFraction + ((toFraction - fromFraction) * step) / 8), y);
  }
  await page.mouse.up();
}
