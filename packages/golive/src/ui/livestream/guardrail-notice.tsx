"use client";
// The countdown of a guardrail about to end the broadcast, to everyone who reads its status
// (docs/architecture.md, "Guardrails"; docs/ui.md, "The studio panel").
import { useEffect, useState } from "react";
import type { LivestreamStatusResult } from "../../contract/client";
import { guardrailText, secondsLeft } from "./guardrail-countdown";

export function GuardrailNotice({ livestream, fetchedAt }: { livestream: LivestreamStatusResult; fetchedAt: number }) {
  const guardrail = livestream.guardrail;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!guardrail) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [guardrail]);
  if (!guardrail) return null;
  const text = guardrailText(guardrail, secondsLeft(guardrail, livestream, fetchedAt, now));
  // role="timer": a live region that isn't read out every second; the spoken form says it in words.
  return (
    <p className="notice guardrail-notice" role="timer" data-kind={guardrail.kind}>
      <span aria-hidden="true">{text.shown}</span>
      <span className="visually-hidden">{text.spoken}</span>
    </p>
  );
}
