import { useEffect, useRef } from 'react';
import type { Frame } from '../../shared/api';
import { useServices } from '../app-services';

/**
 * A running job's live preview on a small canvas. Frames are drawn latest-frame-wins: while one
 * is being decoded or waiting for the next animation frame, a newer frame replaces it, so a slow
 * page never builds a backlog.
 */
export function JobPreview({ jobId }: { jobId: string }) {
  const { client } = useServices();
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let latest: Frame | null = null;
    let scheduled = false;
    let drawing = false;
    let closed = false;

    const draw = async () => {
      scheduled = false;
      const frame = latest;
      const canvas = canvasRef.current;
      if (!frame || !canvas || drawing || closed) return;
      latest = null;
      drawing = true;
      try {
        await drawFrame(canvas, frame);
      } catch {
        // A frame that does not decode is skipped; the next one may.
      } finally {
        drawing = false;
        if (latest && !closed) schedule();
      }
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => void draw());
    };

    const close = client.openStream(jobId, (frame) => {
      latest = frame;
      schedule();
    });
    return () => {
      closed = true;
      close();
    };
  }, [client, jobId]);

  return <canvas ref={canvasRef} className="job__preview" width={1} height={1} aria-label="Live preview" role="img" />;
}

async function drawFrame(canvas: HTMLCanvasElement, frame: Frame): Promise<void> {
  const { width, height, format } = frame.header;
  const context = canvas.getContext('2d');
  if (!context) return;
  if (format === 'rgba') {
    if (frame.data.byteLength !== width * height * 4) return;
    // Copy into a fresh buffer: ImageData needs its own ArrayBuffer-backed array.
    const pixels = new Uint8ClampedArray(frame.data.byteLength);
    pixels.set(frame.data);
    resize(canvas, width, height);
    context.putImageData(new ImageData(pixels, width, height), 0, 0);
    return;
  }
  const bitmap = await createImageBitmap(new Blob([frame.data.slice()], { type: `image/${format}` }));
  try {
    resize(canvas, bitmap.width, bitmap.height);
    context.drawImage(bitmap, 0, 0);
  } finally {
    bitmap.close();
  }
}

function resize(canvas: HTMLCanvasElement, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}
