"use client";
// The go-live form's "Broadcast title" and "Description": what the watch page, the recordings list
// and MUX's metadata call the broadcast (docs/ui.md, "The studio panel"). The title starts as the
// room show's on-screen title, if the studio has one, until the host types their own.
import { useState } from "react";
import { BROADCAST_LIMITS, type BroadcastDetails, broadcastDetailsInput, broadcastDetailsProblems } from "../../contract/client";
import { useStudioState } from "../studio/studio-state";

export type BroadcastDetailsDraft = {
  title: string;
  description: string;
  setTitle: (title: string) => void;
  setDescription: (description: string) => void;
  problems: { title?: string; description?: string };
  /** The go-live body's fields: blank ones left out. */
  input: BroadcastDetails;
};

export function useBroadcastDetails(): BroadcastDetailsDraft {
  const studio = useStudioState();
  const [typed, setTyped] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const title = typed ?? studio?.show.title ?? "";
  const draft = { title, description };
  return { title, description, setTitle: setTyped, setDescription, problems: broadcastDetailsProblems(draft), input: broadcastDetailsInput(draft) };
}

export function BroadcastDetailsFields({ details, disabled }: { details: BroadcastDetailsDraft; disabled: boolean }) {
  const { title, description, problems } = details;
  const describe = (field: "title" | "description") => [problems[field] ? `go-live-${field}-error` : null, `go-live-${field}-hint`].filter(Boolean).join(" ");
  return (
    <fieldset disabled={disabled} className="broadcast-details">
      <legend>About this broadcast</legend>
      <label htmlFor="go-live-title">Broadcast title</label>
      <input
        id="go-live-title"
        type="text"
        value={title}
        autoComplete="off"
        aria-invalid={problems.title ? true : undefined}
        aria-describedby={describe("title")}
        onChange={(e) => details.setTitle(e.target.value)}
      />
      <p className="muted hint" id="go-live-title-hint">
        Shown to viewers on the watch page and in your recordings. Optional, up to {BROADCAST_LIMITS.title} characters.
      </p>
      {problems.title && (
        <p className="field-error" id="go-live-title-error">
          {problems.title}
        </p>
      )}
      <label htmlFor="go-live-description">Description</label>
      <textarea
        id="go-live-description"
        value={description}
        rows={3}
        aria-invalid={problems.description ? true : undefined}
        aria-describedby={describe("description")}
        onChange={(e) => details.setDescription(e.target.value)}
      />
      <p className="muted hint" id="go-live-description-hint">
        What viewers see under the video. Optional, up to {BROADCAST_LIMITS.description} characters.
      </p>
      {problems.description && (
        <p className="field-error" id="go-live-description-error">
          {problems.description}
        </p>
      )}
    </fieldset>
  );
}
