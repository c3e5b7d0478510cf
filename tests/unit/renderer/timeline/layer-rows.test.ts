import { describe, expect, it } from 'vitest';
import { makeKeyframe, type Track } from '../../../../src/shared/timeline';
import { layerRowOf, layersGroup } from '../../../../src/renderer/timeline/layer-rows';
import { GROUP_ROW_HEIGHT, TRACK_ROW_HEIGHT, visibleRows } from '../../../../src/renderer/timeline/timeline-rows';

const jaw: Track = { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.1, { id: 'j' })] };
const mouth: Track = {
  parameter: 'layer.mouth',
  keyframes: [makeKeyframe(0, 0, { id: 'a' }), makeKeyframe(1, 1, { id: 'b' })],
};
const frame: Track = { parameter: 'source.frame', keyframes: [makeKeyframe(0.5, 12, { id: 'f', type: 'hold' })] };

describe('the dope sheet’s Layers group', () => {
  it('lists the six layer alphas and the source frame, and a row for another keyed layer', () => {
    expect(layersGroup([]).rows.map((row) => [row.parameter, row.label])).toEqual([
      ['layer.head', 'Head pose'],
      ['layer.brows', 'Brows'],
      ['layer.eyes', 'Eyes and gaze'],
      ['layer.nose', 'Nose and cheeks'],
      ['layer.mouth', 'Mouth and jaw'],
      ['layer.wrinkles', 'Expression detail'],
      ['source.frame', 'Source frame'],
    ]);
    const style: Track = { parameter: 'layer.style3', keyframes: [makeKeyframe(0, 1)] };
    expect(layersGroup([style]).rows.at(-1)).toEqual({
      parameter: 'layer.style3',
      label: 'Layer style3',
      control: null,
    });
    expect(layerRowOf('source.frame')?.label).toBe('Source frame');
    expect(layerRowOf('rig.jawOpen')).toBeUndefined();
  });

  it('shows animated layer tracks after the rig groups, with their keys in the summary', () => {
    const { rows, height } = visibleRows([jaw, mouth, frame], new Set(), true);
    const layers = rows.find((row) => row.kind === 'group' && row.group.id === 'layers');
    expect(layers?.kind === 'group' && layers.keyTimes).toEqual([0, 0.5, 1]);
    const tracks = rows.filter((row) => row.kind === 'track');
    expect(tracks.map((row) => row.kind === 'track' && row.row.parameter)).toEqual([
      'rig.jawOpen',
      'layer.mouth',
      'source.frame',
    ]);
    // Two groups (Jaw's and Layers), three tracks.
    expect(height).toBe(2 * GROUP_ROW_HEIGHT + 3 * TRACK_ROW_HEIGHT);
    const last = tracks.at(-1)!;
    expect(last.kind === 'track' && last.track?.keyframes[0]?.value).toBe(12);
  });

  it('folds like the rig groups, and without layer keys it is absent from "animated only"', () => {
    const folded = visibleRows([mouth], new Set(['layers']), true);
    expect(folded.rows.map((row) => row.kind)).toEqual(['group']);
    expect(
      visibleRows([jaw], new Set(), true).rows.some((row) => row.kind === 'group' && row.group.id === 'layers'),
    ).toBe(false);
    // Showing all parameters lists all seven layer rows.
    const all = visibleRows([], new Set(), false).rows.filter((row) => row.kind === 'track' && !row.row.control);
    expect(all).toHaveLength(7);
  });
});
