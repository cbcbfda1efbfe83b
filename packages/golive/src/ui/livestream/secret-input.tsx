"use client";
// A masked stream-key input with a show/hide toggle announced by aria-pressed (docs/ui.md, "Accessibility").
import { type InputHTMLAttributes, useState } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { id: string; toggleLabel: string };

export function SecretInput({ id, toggleLabel, ...input }: Props) {
  const [shown, setShown] = useState(false);
  return (
    <div className="secret-input">
      <input
        {...input}
        id={id}
        type={shown ? "text" : "password"}
        // Keys are not passwords: keep password managers and autocorrect away from them.
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        data-1p-ignore
        data-lpignore="true"
      />
      <button type="button" className="secondary small" aria-pressed={shown} aria-controls={id} aria-label={toggleLabel} onClick={() => setShown(!shown)}>
        {/* Constant text, state in aria-pressed: the visible word stays part of the accessible name. */}
        Show
      </button>
    </div>
  );
}
