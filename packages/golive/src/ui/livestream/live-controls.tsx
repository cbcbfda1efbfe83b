"use client";
// What a host changes while live: the layout and an added destination, one PATCH each
// (docs/architecture.md, "Changing a live broadcast"; docs/ui.md, "The studio panel").
import { type FormEvent, useState } from "react";
import type { UseLivestream } from "../hooks/use-livestream";
import type { Layout, LivestreamStatusResult } from "../../contract/client";
import { type DestinationDraft, type DraftField, type DraftType, newDraft, toBodyDestination, typeLabels, validateDraft } from "./destination-draft";
import { DestinationFields } from "./destination-fields";
import { layoutHint, layoutOptions, qualityLabel } from "./look-options";
import { AddSavedWhileLive, useSavedDestinations } from "./saved-destinations";

type Props = { livestream: LivestreamStatusResult; changing: boolean; onChange: UseLivestream["change"] };

const addable: DraftType[] = ["youtube", "twitch", "custom"];
const allFields: ReadonlySet<DraftField> = new Set<DraftField>(["name", "streamKey", "serverUrl", "ingestServer"]);

export function LiveControls({ livestream, changing, onChange }: Props) {
  return (
    <section className="live-controls" aria-labelledby="live-controls-heading">
      <h3 id="live-controls-heading">Picture</h3>
      <label htmlFor="live-layout">Layout</label>
      <select
        id="live-layout"
        value={livestream.layout}
        disabled={changing}
        aria-describedby="live-layout-hint"
        onChange={(e) => void onChange({ layout: e.target.value as Layout })}
      >
        {layoutOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <p className="muted hint" id="live-layout-hint">
        {layoutHint} A change shows to viewers within a few seconds.
      </p>
      <p className="setting">
        <strong>Quality:</strong> {qualityLabel(livestream.quality, livestream.orientation)} ·{" "}
        {livestream.orientation === "portrait" ? "portrait" : "landscape"} <span className="muted">(fixed for this broadcast)</span>
      </p>
      <AddDestination changing={changing} onChange={onChange} />
      <SavedWhileLive changing={changing} onChange={onChange} />
    </section>
  );
}

function AddDestination({ changing, onChange }: Pick<Props, "changing" | "onChange">) {
  const [draft, setDraft] = useState<DestinationDraft | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  const errors = draft ? validateDraft(draft) : {};
  const valid = Object.keys(errors).length === 0;
  const close = () => {
    setDraft(null);
    setTouched(new Set());
    setSubmitted(false);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft) return;
    setSubmitted(true);
    if (!valid) {
      event.currentTarget.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    // The key leaves the page in this one call; on success the draft (and its key) is gone.
    if (await onChange({ addDestinations: [toBodyDestination(draft)] })) close();
  }

  if (!draft) {
    return (
      <div className="add-destination" role="group" aria-label="Add a destination while live">
        {addable.map((type) => (
          <button key={type} type="button" className="secondary small" disabled={changing} onClick={() => setDraft(newDraft(type))}>
            Add {typeLabels[type]}
          </button>
        ))}
      </div>
    );
  }
  return (
    <form className="add-live-destination" onSubmit={submit} noValidate aria-label={`Add a ${typeLabels[draft.type]} destination`}>
      <DestinationFields
        draft={draft}
        index={0}
        errors={errors}
        visible={submitted ? allFields : touched}
        disabled={changing}
        onChange={(patch) => setDraft({ ...draft, ...patch })}
        onBlur={(field) => setTouched(new Set([...touched, field]))}
        onRemove={close}
        removeLabel="Cancel"
      />
      <button type="submit" disabled={changing}>
        {changing ? "Adding…" : `Add ${typeLabels[draft.type]} to the broadcast`}
      </button>
    </form>
  );
}

/** A saved destination added by id: its key stays on the server. */
function SavedWhileLive({ changing, onChange }: Pick<Props, "changing" | "onChange">) {
  const saved = useSavedDestinations();
  return <AddSavedWhileLive saved={saved.list ?? []} changing={changing} onAdd={(id) => onChange({ addDestinations: [{ savedDestinationId: id }] })} />;
}
