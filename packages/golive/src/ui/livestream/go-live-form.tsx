"use client";
// The set-up half of the studio panel: look, destinations and the one "Go live" button; stream keys
// leave it only in the go-live call (docs/ui.md, "The studio panel").
import { type FormEvent, useMemo, useState } from "react";
import type { GoLiveInput } from "../../http";
import {
  type DestinationDraft,
  type DraftField,
  type DraftType,
  newDraft,
  toBodyDestination,
  typeLabels,
  validateDraft,
  validateForm,
} from "./destination-draft";
import { DestinationFields } from "./destination-fields";
import { BroadcastDetailsFields, useBroadcastDetails } from "./broadcast-details-fields";
import { SavedDestinationManager, SavedDestinationPicker, useSavedDestinations } from "./saved-destinations";
import {
  MAX_DESTINATIONS,
  type CaptionLanguage,
  captionLanguageNames,
  captionLanguages,
  DEFAULT_LAYOUT,
  DEFAULT_ORIENTATION,
  DEFAULT_QUALITY,
  type Layout,
  type Orientation,
  type Quality,
  type Visibility,
} from "../../contract/client";
import { layoutHint, layoutOptions, qualityLabel, qualityOptions } from "./look-options";
import { type PrivateWatchers, privateAudience } from "./private-audience";
import { StudioBar } from "../studio/studio-bar";

type Props = {
  roomName: string;
  starting: boolean;
  onGoLive: (input: Omit<GoLiveInput, "roomName">) => Promise<boolean>;
  privateWatchers: PrivateWatchers;
};

const addable: DraftType[] = ["youtube", "twitch", "custom"];

export function GoLiveForm({ roomName, starting, onGoLive, privateWatchers }: Props) {
  const [latencyMode, setLatencyMode] = useState<"standard" | "low">("standard");
  const [layout, setLayout] = useState<Layout>(DEFAULT_LAYOUT);
  const [quality, setQuality] = useState<Quality>(DEFAULT_QUALITY);
  const [orientation, setOrientation] = useState<Orientation>(DEFAULT_ORIENTATION);
  const [visibility, setVisibility] = useState<Visibility>("public");
  const [captions, setCaptions] = useState<CaptionLanguage | "">("");
  const details = useBroadcastDetails();
  const [drafts, setDrafts] = useState<DestinationDraft[]>([]);
  const [touched, setTouched] = useState<Record<string, ReadonlySet<DraftField>>>({});
  const [submitted, setSubmitted] = useState(false);
  const saved = useSavedDestinations();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [saveNotice, setSaveNotice] = useState<string | null>(null);
  // Picks of destinations deleted since are dropped.
  const pickedIds = [...picked].filter((id) => saved.list?.some((d) => d.id === id));
  const full = drafts.length + pickedIds.length >= MAX_DESTINATIONS;

  const errors = useMemo(() => new Map(drafts.map((d) => [d.id, validateDraft(d)])), [drafts]);
  const fieldsValid = [...errors.values()].every((e) => Object.keys(e).length === 0);
  const formError = fieldsValid ? validateForm(roomName, latencyMode, drafts, captions || undefined) : null;

  const allFields: ReadonlySet<DraftField> = new Set<DraftField>(["name", "streamKey", "serverUrl", "ingestServer"]);
  const visibleFor = (id: string) => (submitted ? allFields : (touched[id] ?? new Set<DraftField>()));

  const update = (id: string, patch: Partial<DestinationDraft>) => setDrafts((all) => all.map((d) => (d.id === id ? { ...d, ...patch } : d)));
  const touch = (id: string, field: DraftField) => setTouched((t) => ({ ...t, [id]: new Set([...(t[id] ?? []), field]) }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!fieldsValid || formError || details.problems.title || details.problems.description) {
      // Put the keyboard where the problem is.
      event.currentTarget.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    // "Save this destination": saved first (its key goes to the server once, there), then it
    // goes live by id like any saved one; a save refused stops here with the server's sentence.
    let pasted = drafts;
    const ids = [...pickedIds];
    for (const draft of drafts.filter((d) => d.save)) {
      const body = toBodyDestination(draft);
      const made = await saved.save(body);
      if (!made.ok) {
        setSaveNotice(`Could not save “${body.name}”: ${made.error} Untick “Save this destination” to go live without saving it.`);
        return;
      }
      pasted = pasted.filter((d) => d.id !== draft.id);
      ids.push(made.destination.id);
      setDrafts((all) => all.filter((d) => d.id !== draft.id));
      setPicked((all) => new Set([...all, made.destination.id]));
    }
    setSaveNotice(null);
    const ok = await onGoLive({
      latencyMode,
      layout,
      quality,
      orientation,
      visibility,
      captions: captions || undefined,
      ...details.input,
      // Saved ones by id: the server unseals their keys; the page never had them.
      additionalDestinations: [...pasted.map(toBodyDestination), ...ids.map((savedDestinationId) => ({ savedDestinationId }))],
    });
    if (ok) {
      // The keys have done their job; keep the rest for the next broadcast.
      setDrafts((all) => all.map((d) => ({ ...d, streamKey: "" })));
      setTouched({});
      setSubmitted(false);
    }
  }

  return (
    <>
      <form className="go-live-form" onSubmit={submit} noValidate aria-label="Go-live settings">
        <BroadcastDetailsFields details={details} disabled={starting} />

        <fieldset disabled={starting}>
          <legend>Latency</legend>
          <label className="choice">
            <input type="radio" name="latency" value="standard" checked={latencyMode === "standard"} onChange={() => setLatencyMode("standard")} />
            <span>
              Standard <span className="muted">— smoothest playback, viewers are ~15–30 s behind</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="latency" value="low" checked={latencyMode === "low"} onChange={() => setLatencyMode("low")} />
            <span>
              Low <span className="muted">— viewers ~5–10 s behind, for Q&amp;A and chat</span>
            </span>
          </label>
        </fieldset>

        <fieldset disabled={starting} className="picture">
          <legend>Picture</legend>
          <label htmlFor="go-live-layout">Layout</label>
          <select id="go-live-layout" value={layout} aria-describedby="go-live-layout-hint" onChange={(e) => setLayout(e.target.value as Layout)}>
            {layoutOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <p className="muted hint" id="go-live-layout-hint">
            {layoutHint} You can switch it while live.
          </p>
          <label htmlFor="go-live-quality">Quality</label>
          <select id="go-live-quality" value={quality} onChange={(e) => setQuality(e.target.value as Quality)} aria-describedby="go-live-quality-hint">
            {qualityOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <p className="muted hint" id="go-live-quality-hint">
            {qualityLabel(quality, orientation)}
          </p>
          <div role="radiogroup" aria-label="Orientation" className="inline-choices">
            <label className="choice">
              <input type="radio" name="orientation" value="landscape" checked={orientation === "landscape"} onChange={() => setOrientation("landscape")} />
              <span>Landscape</span>
            </label>
            <label className="choice">
              <input type="radio" name="orientation" value="portrait" checked={orientation === "portrait"} onChange={() => setOrientation("portrait")} />
              <span>
                Portrait <span className="muted">— for vertical destinations</span>
              </span>
            </label>
          </div>
        </fieldset>

        <fieldset disabled={starting}>
          <legend>Who can watch</legend>
          <label className="choice">
            <input type="radio" name="visibility" value="public" checked={visibility === "public"} onChange={() => setVisibility("public")} />
            <span>
              Public <span className="muted">— anyone with the watch link</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="visibility" value="private" checked={visibility === "private"} onChange={() => setVisibility("private")} />
            <span>
              Private <span className="muted">— {privateAudience[privateWatchers]}, and people you send a share link</span>
            </span>
          </label>
          <label htmlFor="go-live-captions">Live captions</label>
          <select
            id="go-live-captions"
            value={captions}
            aria-describedby="go-live-captions-hint"
            onChange={(e) => setCaptions(captionLanguages.find((c) => c === e.target.value) ?? "")}
          >
            <option value="">None</option>
            {captionLanguages.map((code) => (
              <option key={code} value={code}>
                {captionLanguageNames[code]}
              </option>
            ))}
          </select>
          <p className="muted hint" id="go-live-captions-hint">
            Generated from the speech, in the language spoken; kept with the recording. Not available with low latency.
          </p>
        </fieldset>

        <section aria-labelledby="destinations-heading" className="destinations">
          <h3 id="destinations-heading">Destinations</h3>
          <p className="destination fixed">
            <strong>Watch page</strong> <span className="muted">— always on: your viewers&apos; player and the recording</span>
          </p>
          <SavedDestinationPicker
            saved={saved.list ?? []}
            selected={picked}
            disabled={starting}
            full={full}
            onToggle={(id, on) => setPicked((all) => new Set([...all].filter((x) => x !== id).concat(on ? [id] : [])))}
          />
          {drafts.map((draft, index) => (
            <DestinationFields
              offerSave
              key={draft.id}
              draft={draft}
              index={index}
              errors={errors.get(draft.id) ?? {}}
              visible={visibleFor(draft.id)}
              disabled={starting}
              onChange={(patch) => update(draft.id, patch)}
              onBlur={(field) => touch(draft.id, field)}
              onRemove={() => setDrafts((all) => all.filter((d) => d.id !== draft.id))}
            />
          ))}
          {!full && (
            <div className="add-destination" role="group" aria-label="Add a destination">
              {addable.map((type) => (
                <button key={type} type="button" className="secondary small" disabled={starting} onClick={() => setDrafts((all) => [...all, newDraft(type)])}>
                  Add {typeLabels[type]}
                </button>
              ))}
            </div>
          )}
          {saveNotice && (
            <p className="field-error" role="alert">
              {saveNotice}
            </p>
          )}
        </section>

        {submitted && formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}

        {/* The submit button sits in the studio bar, still inside this form. */}
        <StudioBar status={starting ? "starting" : null} title={details.title.trim() || roomName} elapsed={null} viewers={null}>
          <button type="submit" className="go-live" disabled={starting} aria-describedby={starting ? "go-live-progress" : undefined}>
            {starting ? "Going live…" : "Go live"}
          </button>
          {starting && (
            <span className="progress">
              <progress aria-label="Starting the broadcast" />
            </span>
          )}
        </StudioBar>
        {starting && (
          <p id="go-live-progress" className="muted" role="status">
            Starting the broadcast and connecting your destinations… this takes a few seconds.
          </p>
        )}
      </form>
      {/* Outside the go-live form: its rename is a form of its own, and forms don't nest. */}
      <SavedDestinationManager saved={saved} />
    </>
  );
}
