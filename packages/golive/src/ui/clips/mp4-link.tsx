"use client";
// An MP4 of a recording or a clip: ask for it, "Preparing MP4…" while MUX makes it, then the
// download (docs/ui.md, "Clips and MP4s").
import type { Mp4View } from "../../contract/client";

export function Mp4Link({ mp4, disabled, onRequest }: { mp4: Mp4View; disabled?: boolean; onRequest: () => void }) {
  if (mp4.state === "ready" && mp4.downloadUrl) {
    return (
      <a className="button-link secondary small" href={mp4.downloadUrl} download>
        Download MP4
      </a>
    );
  }
  if (mp4.state === "preparing" || mp4.state === "ready") {
    return (
      <span className="muted" role="status">
        Preparing MP4…
      </span>
    );
  }
  return (
    <button type="button" className="secondary small" disabled={disabled} onClick={onRequest}>
      {mp4.state === "errored" ? "MP4 failed: try again" : "Download MP4"}
    </button>
  );
}
