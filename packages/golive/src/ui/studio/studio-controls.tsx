"use client";
// The controls beside the program preview: scene, title, lower third, banner, logo, layout and
// who is on stage, each taking effect in the room at once, live or in rehearsal; members who
// aren't hosts see who is on stage (docs/ui.md, "Program preview").
import { type FormEvent, useEffect, useRef, useState } from "react";
import { layouts, type Layout, type Scene, scenes, type Show, showSchema, type StageResult } from "../../contract/client";
import { useGoliveActions } from "../actions";
import { useStudioState } from "./studio-state";

const sceneLabel: Record<Scene, string> = { live: "Live", "starting-soon": "Starting soon", "be-right-back": "Be right back", ending: "Ending" };

type Draft = { title: string; name: string; line: string; banner: string; logo: string; layout: Layout };

const draftOf = (show: Show): Draft => ({
  title: show.title,
  name: show.lowerThird?.name ?? "",
  line: show.lowerThird?.line ?? "",
  banner: show.banner ?? "",
  logo: show.logo?.url ?? "",
  layout: show.layout,
});

const showOf = (base: Show, draft: Draft): Show => ({
  ...base,
  title: draft.title.trim(),
  lowerThird: draft.name.trim() ? { name: draft.name.trim(), line: draft.line.trim() } : null,
  banner: draft.banner.trim() || null,
  logo: draft.logo.trim() ? { url: draft.logo.trim() } : null,
  layout: draft.layout,
});

/** `canControl`: the caller is the room's owner or a host. */
export function StudioControls({ roomName, canControl }: { roomName: string; canControl: boolean }) {
  const studio = useStudioState();
  const show = studio?.show;
  const participants = studio?.participants ?? [];
  return (
    <section className="golive card studio-controls" aria-labelledby="studio-controls-heading">
      <h2 id="studio-controls-heading">{canControl ? "Show and stage" : "On stage"}</h2>
      {canControl && show && studio.known && <ShowControls roomName={roomName} show={show} onShown={studio.setShow} />}
      <StageList roomName={roomName} canControl={canControl} participants={participants} known={studio?.known ?? false} />
    </section>
  );
}

function ShowControls({ roomName, show, onShown }: { roomName: string; show: Show; onShown: (show: Show) => void }) {
  const { setRoomShow } = useGoliveActions();
  const [draft, setDraft] = useState<Draft>(() => draftOf(show));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function send(next: Show) {
    const checked = showSchema.safeParse(next);
    if (!checked.success) {
      setError(checked.error.issues.map((i) => i.message).join(" "));
      return;
    }
    setPending(true);
    setError(null);
    const result = await setRoomShow({ room: roomName, show: checked.data });
    setPending(false);
    if (!result.ok) setError(result.error);
    else onShown(result.data);
  }

  const field = (key: keyof Omit<Draft, "layout">, label: string, hint?: string) => (
    <label>
      {label}
      <input value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} placeholder={hint} />
    </label>
  );

  return (
    <>
      <div className="scene-buttons" role="group" aria-label="Scene">
        {scenes.map((scene) => (
          <button key={scene} type="button" className={show.scene === scene ? "small" : "small secondary"} aria-pressed={show.scene === scene} disabled={pending} onClick={() => void send({ ...showOf(show, draft), scene })}>
            {sceneLabel[scene]}
          </button>
        ))}
      </div>
      <form
        className="show-form"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          void send(showOf(show, draft));
        }}
      >
        {field("title", "Show title")}
        {field("name", "Lower third name")}
        {field("line", "Lower third second line")}
        {field("banner", "Banner text", "A line across the bottom; empty for none")}
        {field("logo", "Logo address", "https://… or /path on this site")}
        <label>
          Program layout
          <select value={draft.layout} onChange={(e) => setDraft({ ...draft, layout: e.target.value as Layout })}>
            {layouts.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={pending}>
          Update the show
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </>
  );
}

function StageList({ roomName, canControl, participants, known }: { roomName: string; canControl: boolean; participants: readonly { identity: string; name: string; onStage: boolean }[]; known: boolean }) {
  const { setOnStage, setGuestsJoinOnStage, roomStage } = useGoliveActions();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [guestsOn, setGuestsOn] = useState<boolean | null>(null);
  // Until the preview's next look at the room, show the answer of the last change.
  const [answered, setAnswered] = useState<StageResult["participants"] | null>(null);
  const seen = useRef(participants);
  if (seen.current !== participants) {
    seen.current = participants;
    if (answered) setAnswered(null);
  }
  const listed = answered ?? participants;

  useEffect(() => {
    if (!canControl) return;
    void roomStage(roomName).then((r) => r.ok && setGuestsOn(r.data.guestsJoinOnStage));
  }, [canControl, roomName, roomStage]);

  async function change(identity: string, onStage: boolean) {
    setPending(identity);
    setError(null);
    const result = await setOnStage({ room: roomName, identity, onStage });
    setPending(null);
    if (!result.ok) setError(result.error);
    else setAnswered(result.data.participants);
  }

  return (
    <div className="stage-list">
      <h3>Stage</h3>
      {!known ? (
        <p className="muted">Looking at the room…</p>
      ) : listed.length === 0 ? (
        <p className="muted">Nobody is in the room.</p>
      ) : (
        <ul>
          {listed.map((p) => (
            <li key={p.identity} className="row">
              <span className="stage-name">{p.name}</span>
              <span className={p.onStage ? "pill on-stage-pill" : "pill"}>{p.onStage ? "On stage" : "Backstage"}</span>
              {canControl && (
                <button type="button" className="small secondary" disabled={pending !== null} onClick={() => void change(p.identity, !p.onStage)}>
                  {p.onStage ? `Send ${p.name} backstage` : `Bring ${p.name} on stage`}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canControl && guestsOn !== null && (
        <label className="stage-setting">
          <input
            type="checkbox"
            checked={guestsOn}
            onChange={async (e) => {
              const on = e.target.checked;
              const result = await setGuestsJoinOnStage({ room: roomName, guestsJoinOnStage: on });
              if (result.ok) setGuestsOn(result.data.guestsJoinOnStage);
              else setError(result.error);
            }}
          />
          Guests join on stage (otherwise backstage, until you bring them on)
        </label>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
