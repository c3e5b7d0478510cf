import { describe, expect, it } from 'vitest';
import { chosenSourceLabel, MISSING_SOURCE_LABEL, NO_SOURCE_LABEL } from '../../../../src/renderer/layers/source-label';

describe('the Expression from menu’s chosen label', () => {
  const assets = [
    { id: 'photo-1', kind: 'expression' as const, originalName: 'smile.jpg' },
    { id: 'video-1', kind: 'video' as const, originalName: 'talk.mp4' },
  ];

  it('names no source, a photo or a video by kind and file name', () => {
    expect(chosenSourceLabel(null, assets)).toBe(NO_SOURCE_LABEL);
    expect(chosenSourceLabel({ assetId: 'photo-1' }, assets)).toBe('Photo: smile.jpg');
    expect(chosenSourceLabel({ assetId: 'video-1' }, assets)).toBe('Video: talk.mp4');
  });

  it('says a deleted source is missing, not that the scene has none', () => {
    expect(chosenSourceLabel({ assetId: 'deleted' }, assets)).toBe(MISSING_SOURCE_LABEL);
    expect(MISSING_SOURCE_LABEL).not.toBe(NO_SOURCE_LABEL);
  });
});
