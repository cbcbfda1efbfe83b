"use client";
// "Clip last 30 s / 60 s / 5 min" in the studio panel while live: an instant clip at once, played
// right here; the recordings page lists it under its recording (docs/ui.md, "Clips and MP4s").
import { useState } from "react";
import { useGoliveActions } from "../actions";
import { type Clip, liveClipSeconds } from "../../contract/client";
import { ClipView } from "./clip-view";

const labels: Record<(typeof liveClipSeconds)[number], string> = { 30: "30 s", 60: "60 s", 300: "5 min" };

export function LiveClipButtons({ livestreamId }: { livestreamId: string }) {
  const { createClip } = useGoliveActions();
  const [made, setMade] = useState<Clip[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function clip(lastSeconds: (typeof liveClipSeconds)[number]) {
    setPending(true);
    setError(null);
    const result = await createClip({ livestreamId, lastSeconds }).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
    setPending(false);
    if (result.ok) setMade([result.data, ...made].slice(0, 3));
    else setError(result.error);
  }

  return (
    <section className="golive live-clips" aria-labelledby="live-clips-heading">
      <h3 id="live-clips-heading">Clips</h3>
      <div className="clip-buttons" role="group" aria-label="Clip the broadcast">
        {liveClipSeconds.map((seconds) => (
          <button key={seconds} type="button" className="secondary small" disabled={pending} onClick={() => void clip(seconds)}>
            Clip last {labels[seconds]}
          </button>
        ))}
      </div>
      {error && (
        <p className="notice error-notice" role="alert">
          {error}
        </p>
      )}
      {made.length > 0 && (
        <ul className="clips" aria-label="Clips made now">
          {made.map((c, i) => (
            <ClipView key={c.id} clip={c} commands={{}} startOpen={i === 0} />
          ))}
        </ul>
      )}
      <p className="muted hint">A clip plays at once; find it later on the recordings page, with its MP4.</p>
    </section>
  );
}
