import type { Asset, Job } from '../../shared/api';
import { useServices } from '../app-services';

interface AssetStripProps {
  assets: Asset[];
  pending: Job[];
  selectedId: string | null;
  onSelect(assetId: string): void;
  onDelete(asset: Asset): void;
}

/** The project's photos as thumbnails, plus a placeholder with progress for each import still running. */
export function AssetStrip({ assets, pending, selectedId, onSelect, onDelete }: AssetStripProps) {
  const { client } = useServices();
  return (
    <ul className="asset-strip" aria-label="Photos in this project">
      {assets.map((asset) => (
        <li key={asset.id} className="asset-tile-wrap">
          <button
            type="button"
            className="asset-tile"
            aria-pressed={asset.id === selectedId}
            aria-label={`${asset.kind === 'video' ? 'Video ' : ''}${asset.originalName}, ${asset.width} by ${asset.height}`}
            onClick={() => onSelect(asset.id)}
          >
            <img
              className="asset-tile__image"
              src={client.mediaUrl(asset.thumbnailSha256)}
              alt=""
              draggable={false}
              data-testid="asset-thumbnail"
            />
            {asset.kind === 'video' && (
              <span className="video-badge" data-testid="video-badge">
                Video
              </span>
            )}
            <span className="asset-tile__name">{asset.originalName}</span>
          </button>
          <button
            type="button"
            className="icon-button asset-tile__delete"
            aria-label={`Remove ${asset.originalName}`}
            title="Remove photo"
            onClick={() => onDelete(asset)}
          >
            ×
          </button>
        </li>
      ))}
      {pending.map((job) => (
        <li key={job.id} className="asset-tile-wrap">
          <div
            className="asset-tile asset-tile--pending"
            aria-label={`${job.title}: ${job.progress.stage}`}
            role="status"
          >
            <span className="asset-tile__spinner" aria-hidden="true" />
            <span className="asset-tile__name">{job.progress.stage || 'Waiting…'}</span>
            <span className="progress progress--thin" aria-hidden="true">
              <span className="progress__bar" style={{ width: `${Math.round(job.progress.fraction * 100)}%` }} />
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
