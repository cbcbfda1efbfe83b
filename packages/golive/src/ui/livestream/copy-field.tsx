"use client";
// A read-only value with a Copy button that selects the text when the clipboard is refused
// (docs/ui.md, "Accessibility").
import { useRef, useState } from "react";

export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setNote("Copied.");
    } catch {
      input.current?.select();
      setNote("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input ref={input} id={id} value={value} readOnly onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="secondary small" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </button>
      </div>
      <p className="hint" role="status">
        {note}
      </p>
    </div>
  );
}
