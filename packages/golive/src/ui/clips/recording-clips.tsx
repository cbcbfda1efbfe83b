"use client";
// The recordings page's clips of one broadcast: each recorded part with its MP4 ("Preparing MP4…",
// then a download) and its clips, a range form to clip it, and each clip's own MP4, asset and
// delete; polled while MUX prepares something (docs/ui.md, "Clips and MP4s").
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useGoliveActions } from "../actions";
import { type Clip, type ListClipsResult, MIN_CLIP_SECONDS, type RecordingClips as Part } from "../../contract/client";
import { ClipView } from "./clip-view";
import { Mp4Link } from "./mp4-link";

/** How often the list is read again while MUX prepares a clip or an MP4. */
export const CLIPS_POLL_MS = 2_000;

type Result<T> = { ok: true; data: T } | { ok: false; error: string };
const unreachable = { ok: false as const, error: "The server could not be reached. Try again." };

const preparing = (list: ListClipsResult) =>
  list.recordings.some((p) => p.mp4.state === "preparing" || p.clips.some((c) => c.state === "preparing" || c.mp4.state === "preparing"));

export function RecordingClips({ initial, roomName }: { initial: ListClipsResult; roomName: string }) {
  const { listClips, createClip, makeClipAsset, deleteClip, requestMp4 } = useGoliveActions();
  const [list, setList] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { livestreamId } = initial;

  const reload = useCallback(async () => {
    const result = await listClips({ livestreamId }).catch(() => null);
    if (result?.ok) setList(result.data);
  }, [listClips, livestreamId]);

  const waiting = preparing(list);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void reload(), CLIPS_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);

  async function run<T>(action: () => Promise<Result<T>>): Promise<boolean> {
    setPending(true);
    setError(null);
    const result = await action().catch((): Result<T> => unreachable);
    if (!result.ok) setError(result.error);
    await reload();
    setPending(false);
    return result.ok;
  }

  const commands = {
    pending,
    makeAsset: (clip: Clip) => void run(() => makeClipAsset({ id: clip.id })),
    requestMp4: (clip: Clip) => void run(() => requestMp4({ clipId: clip.id })),
    remove: (clip: Clip) => void run(() => deleteClip({ id: clip.id })),
  };

  if (list.recordings.length === 0) return null;
  return (
    <section className="golive recording-clips" aria-label={`Clips and downloads of ${roomName}`}>
      {error && (
        <p className="notice error-notice" role="alert">
          {error}
        </p>
      )}
      {list.recordings.map((part, n) => (
        <PartClips
          key={part.muxAssetId}
          part={part}
          label={list.recordings.length > 1 ? `Part ${n + 1}` : "Recording"}
          pending={pending}
          onMp4={() => void run(() => requestMp4({ livestreamId, muxAssetId: part.muxAssetId }))}
          onClip={(range) => run(() => createClip({ livestreamId, muxAssetId: part.muxAssetId, ...range }))}
          commands={commands}
        />
      ))}
    </section>
  );
}

type Range = { startSeconds: number; endSeconds: number; title?: string };

function PartClips({ part, label, pending, onMp4, onClip, commands }: {
  part: Part;
  label: string;
  pending: boolean;
  onMp4: () => void;
  onClip: (range: Range) => Promise<boolean>;
  commands: Parameters<typeof ClipView>[0]["commands"];
}) {
  const id = part.muxAssetId;
  return (
    <div className="part-clips">
      <p className="part-line">
        <strong>{label}</strong> <Mp4Link mp4={part.mp4} disabled={pending} onRequest={onMp4} />
      </p>
      {part.clips.length > 0 && (
        <ul className="clips" aria-label={`Clips of ${label}`}>
          {part.clips.map((clip) => (
            <ClipView key={clip.id} clip={clip} commands={commands} />
          ))}
        </ul>
      )}
      {part.durationSeconds !== null && <RangeForm formId={`clip-${id}`} duration={part.durationSeconds} pending={pending} onClip={onClip} />}
    </div>
  );
}

function RangeForm({ formId, duration, pending, onClip }: { formId: string; duration: number; pending: boolean; onClip: (range: Range) => Promise<boolean> }) {
  const max = Math.floor(duration * 10) / 10;
  const [start, setStart] = useState("0");
  const [end, setEnd] = useState(String(Math.min(max, 30)));
  const [title, setTitle] = useState("");
  const startSeconds = Number(start);
  const endSeconds = Number(end);
  const problem =
    start.trim() === "" || end.trim() === "" || !Number.isFinite(startSeconds) || !Number.isFinite(endSeconds)
      ? "Enter the start and the end in seconds."
      : startSeconds < 0 || endSeconds > duration
        ? `The range must be inside the recording (0 to ${max} s).`
        : endSeconds - startSeconds < MIN_CLIP_SECONDS
          ? `A clip is at least ${MIN_CLIP_SECONDS} s long.`
          : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (problem) return;
    if (await onClip({ startSeconds, endSeconds, ...(title.trim() ? { title: title.trim() } : {}) })) setTitle("");
  }

  return (
    <form className="inline-form range-form" onSubmit={submit} aria-label="Clip a range of the recording" noValidate>
      <label htmlFor={`${formId}-start`}>Clip from</label>
      <input id={`${formId}-start`} type="number" inputMode="decimal" min={0} max={max} step={0.1} value={start} onChange={(e) => setStart(e.target.value)} aria-invalid={problem !== null} aria-describedby={`${formId}-problem`} />
      <label htmlFor={`${formId}-end`}>to</label>
      <input id={`${formId}-end`} type="number" inputMode="decimal" min={0} max={max} step={0.1} value={end} onChange={(e) => setEnd(e.target.value)} aria-invalid={problem !== null} aria-describedby={`${formId}-problem`} />
      <span>s</span>
      <label htmlFor={`${formId}-title`} className="visually-hidden">
        Title (optional)
      </label>
      <input id={`${formId}-title`} type="text" placeholder="Title (optional)" maxLength={100} value={title} onChange={(e) => setTitle(e.target.value)} />
      <button type="submit" className="secondary small" disabled={pending || problem !== null}>
        Clip
      </button>
      <span id={`${formId}-problem`} className="muted hint" aria-live="polite">
        {problem}
      </span>
    </form>
  );
}
