/** Small 14 px glyphs for the timeline's toolbar buttons (currentColor; hidden from screen readers). */
const glyphs = {
  start: <path d="M3 3h1.6v10H3zM13 3v10L5.5 8z" />,
  previous: <path d="M12 3v10L5 8zM3.5 3h1.6v10H3.5z" />,
  play: <path d="M4 2.5v11L13 8z" />,
  pause: <path d="M4 3h3v10H4zM9 3h3v10H9z" />,
  next: <path d="M4 3v10l7-5zM10.9 3h1.6v10h-1.6z" />,
  end: <path d="M3 3v10l7.5-5zM11.4 3H13v10h-1.6z" />,
  magnet: (
    <path
      d="M3 2h3v6a2 2 0 0 0 4 0V2h3v6a5 5 0 0 1-10 0zM3 2v2.5h3V2M10 2v2.5h3V2"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.3"
    />
  ),
  frameAll: (
    <path d="M2 5V2h3M11 2h3v3M14 11v3h-3M5 14H2v-3M6 8h4" fill="none" stroke="currentColor" strokeWidth="1.4" />
  ),
  key: <path d="M8 2.5 13.5 8 8 13.5 2.5 8z" />,
  curve: <path d="M2 13c4 0 4-10 12-10" fill="none" stroke="currentColor" strokeWidth="1.6" />,
  rows: <path d="M2 3.5h12M2 8h12M2 12.5h12" fill="none" stroke="currentColor" strokeWidth="1.6" />,
  ease: <path d="M2 13C7 13 9 3 14 3M2 13l3-3M14 3l-3 3" fill="none" stroke="currentColor" strokeWidth="1.4" />,
  sparkle: <path d="M8 1.5 9.4 6.6 14.5 8 9.4 9.4 8 14.5 6.6 9.4 1.5 8 6.6 6.6z" />,
  motion: (
    <path
      d="M1.5 8h2l1.5-4 2.5 8 2-6 1.5 3h3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinejoin="round"
    />
  ),
  zoomIn: <path d="M7 3v8M3 7h8" fill="none" stroke="currentColor" strokeWidth="1.6" />,
  zoomOut: <path d="M3 7h8" fill="none" stroke="currentColor" strokeWidth="1.6" />,
} as const;

export type GlyphName = keyof typeof glyphs;

export function Glyph({ name }: { name: GlyphName }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" fill="currentColor" aria-hidden="true" focusable="false">
      {glyphs[name]}
    </svg>
  );
}
