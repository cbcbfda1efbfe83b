"use client";
// Saved destinations in the studio panel: picked at go-live and while live by id, managed in a
// small list (rename, delete); only their masked URLs ever reach the page (docs/ui.md, "The
// studio panel"; docs/architecture.md, "Saved destinations").
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { useGoliveActions } from "../actions";
import type { SavedDestination } from "../../contract/client";
import { ConfirmDialog } from "./confirm-dialog";
import { typeLabels } from "./destination-draft";

export type SavedDestinations = {
  /** null until the first answer. */
  list: SavedDestination[] | null;
  error: string | null;
  refresh: () => Promise<void>;
  rename: (id: string, name: string) => Promise<boolean>;
  remove: (id: string) => Promise<boolean>;
  /** Saves a pasted destination: the saved one, or the error's sentence. */
  save: (input: {
    type: SavedDestination["type"];
    name: string;
    streamKey: string;
    customRtmpUrl?: string;
    twitchIngestServer?: string;
  }) => Promise<{ ok: true; destination: SavedDestination } | { ok: false; error: string }>;
};

/** The caller's saved destinations through the host's server actions. */
export function useSavedDestinations(): SavedDestinations {
  const actions = useGoliveActions();
  const [list, setList] = useState<SavedDestination[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const answer = await actions.savedDestinations();
    if (answer.ok) {
      setList(answer.data);
      setError(null);
    } else setError(answer.error);
  }, [actions]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return {
    list,
    error,
    refresh,
    async rename(id, name) {
      const answer = await actions.updateSavedDestination({ id, name });
      setError(answer.ok ? null : answer.error);
      if (answer.ok) await refresh();
      return answer.ok;
    },
    async remove(id) {
      const answer = await actions.deleteSavedDestination({ id });
      setError(answer.ok ? null : answer.error);
      if (answer.ok) await refresh();
      return answer.ok;
    },
    async save(input) {
      const answer = await actions.saveDestination(input);
      if (!answer.ok) return { ok: false, error: answer.error };
      await refresh();
      return { ok: true, destination: answer.data };
    },
  };
}

const describe = (d: SavedDestination) => `${typeLabels[d.type]} · ${d.maskedUrl}`;

/** Checkboxes of the saved destinations to send this broadcast to. */
export function SavedDestinationPicker({
  saved,
  selected,
  disabled,
  full,
  onToggle,
}: {
  saved: SavedDestination[];
  selected: ReadonlySet<string>;
  disabled: boolean;
  /** No room for another destination: only picked ones can be unticked. */
  full: boolean;
  onToggle: (id: string, on: boolean) => void;
}) {
  if (saved.length === 0) return null;
  return (
    <fieldset className="saved-destinations" disabled={disabled}>
      <legend>Saved destinations</legend>
      {saved.map((d) => (
        <label key={d.id} className="choice">
          <input type="checkbox" checked={selected.has(d.id)} disabled={full && !selected.has(d.id)} onChange={(e) => onToggle(d.id, e.target.checked)} />
          <span>
            {d.name} <span className="muted">— {describe(d)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The saved destinations, each renamed or deleted in place. */
export function SavedDestinationManager({ saved }: { saved: SavedDestinations }) {
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<SavedDestination | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const list = saved.list ?? [];

  async function submitRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!renaming) return;
    setBusy(true);
    if (await saved.rename(renaming.id, renaming.name.trim())) setRenaming(null);
    setBusy(false);
  }

  async function confirmDelete() {
    if (!deleting) return;
    setBusy(true);
    await saved.remove(deleting.id);
    setDeleting(null);
    setBusy(false);
  }

  if (list.length === 0 && !saved.error) return null;
  return (
    <details className="saved-manager">
      <summary id={headingId}>Manage saved destinations ({list.length})</summary>
      {saved.error && (
        <p className="field-error" role="alert">
          {saved.error}
        </p>
      )}
      <ul aria-labelledby={headingId}>
        {list.map((d) => (
          <li key={d.id}>
            {renaming?.id === d.id ? (
              <form onSubmit={submitRename} aria-label={`Rename ${d.name}`}>
                <label htmlFor={`rename-${d.id}`}>New name</label>
                <input id={`rename-${d.id}`} value={renaming.name} maxLength={100} required onChange={(e) => setRenaming({ id: d.id, name: e.target.value })} />
                <button type="submit" className="small" disabled={busy || renaming.name.trim() === ""}>
                  Save name
                </button>
                <button type="button" className="secondary small" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <span>
                  <strong>{d.name}</strong> <span className="muted">— {describe(d)}</span>
                </span>{" "}
                <button type="button" className="secondary small" aria-label={`Rename ${d.name}`} disabled={busy} onClick={() => setRenaming({ id: d.id, name: d.name })}>
                  Rename
                </button>{" "}
                <button type="button" className="secondary small" aria-label={`Delete ${d.name}`} disabled={busy} onClick={() => setDeleting(d)}>
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete it and its key"
        cancelLabel="Keep it"
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        <p>Its stream key is erased. A broadcast live now that sends to it goes on; paste the key again to save it again.</p>
      </ConfirmDialog>
    </details>
  );
}

/** While live: one saved destination added to the broadcast by id. */
export function AddSavedWhileLive({ saved, changing, onAdd }: { saved: SavedDestination[]; changing: boolean; onAdd: (id: string) => Promise<boolean> }) {
  const [choice, setChoice] = useState("");
  const selectId = useId();
  if (saved.length === 0) return null;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (choice !== "" && (await onAdd(choice))) setChoice("");
  }
  return (
    <form className="add-saved-destination" onSubmit={submit} aria-label="Add a saved destination">
      <label htmlFor={selectId}>Add a saved destination</label>
      <select id={selectId} value={choice} disabled={changing} onChange={(e) => setChoice(e.target.value)}>
        <option value="">Choose…</option>
        {saved.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} — {describe(d)}
          </option>
        ))}
      </select>
      <button type="submit" className="small" disabled={changing || choice === ""}>
        {changing ? "Adding…" : "Add to the broadcast"}
      </button>
    </form>
  );
}
