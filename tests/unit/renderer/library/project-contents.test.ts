import { describe, expect, it } from 'vitest';
import { describeProjectContents } from '../../../../src/renderer/library/project-contents';

describe('describeProjectContents', () => {
  it('counts photos, videos and track files apart', () => {
    expect(describeProjectContents({ photoCount: 4, videoCount: 1, trackFileCount: 0 })).toBe('4 photos, 1 video');
    expect(describeProjectContents({ photoCount: 1, videoCount: 2, trackFileCount: 1 })).toBe(
      '1 photo, 2 videos, 1 track file',
    );
    expect(describeProjectContents({ photoCount: 0, videoCount: 0, trackFileCount: 3 })).toBe('3 track files');
  });

  it('is null for a project with nothing imported', () => {
    expect(describeProjectContents({ photoCount: 0, videoCount: 0, trackFileCount: 0 })).toBeNull();
  });
});
