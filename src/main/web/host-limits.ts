/**
 * Limits shared by every socket of one web host. Per-socket limits alone let a page (or anything
 * else holding the token) multiply them by opening more sockets: four sockets each announcing the
 * largest upload reserved four times its memory, and made-up stream ids were kept without bound.
 */
export class HostLimits {
  private uploadBytesReserved = 0;
  private streamsOpen = 0;

  constructor(
    /** Bytes of byte params being assembled from parts, summed over all sockets. */
    readonly maxUploadBytesInFlight: number,
    /** Preview stream subscriptions, summed over all sockets. */
    readonly maxOpenStreams: number,
  ) {}

  /** Reserves room for an upload of `bytes`; false when the host's budget would be exceeded. */
  reserveUpload(bytes: number): boolean {
    if (this.uploadBytesReserved + bytes > this.maxUploadBytesInFlight) return false;
    this.uploadBytesReserved += bytes;
    return true;
  }

  releaseUpload(bytes: number): void {
    this.uploadBytesReserved = Math.max(0, this.uploadBytesReserved - bytes);
  }

  reserveStream(): boolean {
    if (this.streamsOpen >= this.maxOpenStreams) return false;
    this.streamsOpen += 1;
    return true;
  }

  releaseStream(): void {
    this.streamsOpen = Math.max(0, this.streamsOpen - 1);
  }
}
