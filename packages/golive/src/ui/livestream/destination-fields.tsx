"use client";
// One extra destination's fields, errors tied to their inputs once left (docs/ui.md, "The studio panel").
import { type DestinationDraft, type DraftErrors, type DraftField, typeLabels } from "./destination-draft";
import { SecretInput } from "./secret-input";

type Props = {
  draft: DestinationDraft;
  index: number;
  errors: DraftErrors;
  visible: ReadonlySet<DraftField>;
  disabled: boolean;
  onChange: (patch: Partial<DestinationDraft>) => void;
  onBlur: (field: DraftField) => void;
  onRemove: () => void;
  /** The remove button's text; by default "Remove <type>". */
  removeLabel?: string;
  /** Offer "Save this destination" (draft.save): the go-live form does. */
  offerSave?: boolean;
};

export function DestinationFields({ draft, index, errors, visible, disabled, onChange, onBlur, onRemove, removeLabel, offerSave }: Props) {
  const label = typeLabels[draft.type];
  const id = (field: DraftField) => `${draft.id}-${field}`;
  const error = (field: DraftField) => (visible.has(field) ? errors[field] : undefined);
  const describe = (field: DraftField, hint?: boolean) =>
    [error(field) ? `${id(field)}-error` : null, hint ? `${id(field)}-hint` : null].filter(Boolean).join(" ") || undefined;
  const errorText = (field: DraftField) =>
    error(field) ? (
      <p className="field-error" id={`${id(field)}-error`}>
        {error(field)}
      </p>
    ) : null;

  return (
    <fieldset className="destination" disabled={disabled}>
      <legend>
        {label} <span className="muted">(destination {index + 1})</span>
      </legend>

      <label htmlFor={id("name")}>Name shown to you</label>
      <input
        id={id("name")}
        value={draft.name}
        placeholder={label}
        maxLength={100}
        aria-invalid={error("name") ? true : undefined}
        aria-describedby={describe("name")}
        onChange={(e) => onChange({ name: e.target.value })}
        onBlur={() => onBlur("name")}
      />
      {errorText("name")}

      {draft.type === "custom" && (
        <>
          <label htmlFor={id("serverUrl")}>Server URL</label>
          <input
            id={id("serverUrl")}
            value={draft.serverUrl}
            inputMode="url"
            placeholder="rtmp://live.example.com/app"
            autoComplete="off"
            spellCheck={false}
            required
            aria-invalid={error("serverUrl") ? true : undefined}
            aria-describedby={describe("serverUrl")}
            onChange={(e) => onChange({ serverUrl: e.target.value })}
            onBlur={() => onBlur("serverUrl")}
          />
          {errorText("serverUrl")}
        </>
      )}

      {draft.type === "twitch" && (
        <>
          <label htmlFor={id("ingestServer")}>Ingest server (optional)</label>
          <input
            id={id("ingestServer")}
            value={draft.ingestServer}
            placeholder="live.twitch.tv"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error("ingestServer") ? true : undefined}
            aria-describedby={describe("ingestServer")}
            onChange={(e) => onChange({ ingestServer: e.target.value })}
            onBlur={() => onBlur("ingestServer")}
          />
          {errorText("ingestServer")}
        </>
      )}

      <label htmlFor={id("streamKey")}>Stream key</label>
      <SecretInput
        id={id("streamKey")}
        toggleLabel={`Show ${label} stream key`}
        value={draft.streamKey}
        required
        aria-invalid={error("streamKey") ? true : undefined}
        aria-describedby={describe("streamKey", true)}
        onChange={(e) => onChange({ streamKey: e.target.value })}
        onBlur={() => onBlur("streamKey")}
      />
      <p className="hint" id={`${id("streamKey")}-hint`}>
        Sent once to the server, then cleared from this page. It is never shown again.
      </p>
      {errorText("streamKey")}

      {offerSave && (
        <label className="choice">
          <input type="checkbox" checked={draft.save ?? false} aria-describedby={`${draft.id}-save-hint`} onChange={(e) => onChange({ save: e.target.checked })} />
          <span>
            Save this destination <span className="muted" id={`${draft.id}-save-hint`}>— kept with its key sealed, to pick next time without pasting the key</span>
          </span>
        </label>
      )}

      <button type="button" className="secondary small" aria-label={removeLabel ?? `Remove ${label} destination ${index + 1}`} onClick={onRemove}>
        {removeLabel ?? `Remove ${label}`}
      </button>
    </fieldset>
  );
}
