// The program: what the composite template draws and what the studio's preview shows, from the
// show document and the room's participants alone, so both render the same picture
// (docs/architecture.md, "The composite template"; tests/unit/program-render.test.tsx).
import type { CSSProperties, ReactNode } from "react";
import type { Layout, Scene, Show } from "../../contract/client";

/** One participant of the room as the program sees them; `tile` is their video (a test pattern when absent). */
export type ProgramParticipant = { identity: string; name: string; onStage: boolean; speaking?: boolean; tile?: ReactNode };

const sceneText: Record<Exclude<Scene, "live">, string> = {
  "starting-soon": "Starting soon",
  "be-right-back": "Be right back",
  ending: "Thanks for watching",
};

/** The time in the frame: hours and minutes, UTC, as the egress's browser runs in UTC. */
export const clockText = (now: Date) => `${now.toISOString().slice(11, 16)} UTC`;

const baseLayout = (layout: Layout) => layout.replace(/-light$/, "") as "grid" | "speaker" | "single-speaker";

/**
 * Whom a layout shows, in order: every on-stage participant for grid; for speaker the one
 * speaking (else the first) then the rest; for single-speaker that one alone.
 */
export function composedParticipants(participants: readonly ProgramParticipant[], layout: Layout): ProgramParticipant[] {
  const onStage = participants.filter((p) => p.onStage);
  const base = baseLayout(layout);
  if (base === "grid") return onStage;
  const lead = onStage.find((p) => p.speaking) ?? onStage[0];
  if (!lead) return [];
  return base === "single-speaker" ? [lead] : [lead, ...onStage.filter((p) => p !== lead)];
}

export function TestPattern({ label }: { label: string }) {
  return (
    // The tile's caption names them; the bars only stand in for their camera.
    <div className="test-pattern" role="img" aria-label={`Test pattern for ${label}`} />
  );
}

function Tile({ participant }: { participant: ProgramParticipant }) {
  return (
    <figure className="program-tile" data-identity={participant.identity}>
      {participant.tile ?? <TestPattern label={participant.name} />}
      <figcaption className="program-name">{participant.name}</figcaption>
    </figure>
  );
}

function Composition({ participants, layout, title }: { participants: readonly ProgramParticipant[]; layout: Layout; title: string }) {
  const shown = composedParticipants(participants, layout);
  if (shown.length === 0) {
    return (
      <div className="program-empty">
        <p className="program-empty-title">{title || "Live"}</p>
        <p className="program-empty-note">Nobody is on stage</p>
      </div>
    );
  }
  const base = baseLayout(layout);
  const [lead, ...rest] = shown;
  if (base === "speaker" && lead) {
    return (
      <div className="program-speaker" data-count={shown.length}>
        <div className="program-lead">
          <Tile participant={lead} />
        </div>
        {rest.length > 0 && (
          <div className="program-strip">
            {rest.map((p) => (
              <Tile key={p.identity} participant={p} />
            ))}
          </div>
        )}
      </div>
    );
  }
  const columns = Math.ceil(Math.sqrt(shown.length));
  return (
    <div className="program-grid" style={{ "--program-columns": columns } as CSSProperties} data-count={shown.length}>
      {shown.map((p) => (
        <Tile key={p.identity} participant={p} />
      ))}
    </div>
  );
}

/**
 * The frame: a full-frame scene (Starting soon, Be right back, Ending: each with the title and a
 * clock), or the on-stage participants in `layout` with the show's title, lower third, logo and
 * banner over them.
 */
export function Program({ show, layout, participants, now }: { show: Show; layout: Layout; participants: readonly ProgramParticipant[]; now: Date }) {
  const light = layout.endsWith("-light");
  const style = { "--program-accent": show.colors.accent, "--program-background": show.colors.background } as CSSProperties;
  return (
    <div className={`golive program${light ? " program-light" : ""}`} style={style} data-scene={show.scene} data-layout={layout}>
      {show.scene === "live" ? (
        <>
          <Composition participants={participants} layout={layout} title={show.title} />
          {show.title && <p className="program-title">{show.title}</p>}
          {show.lowerThird && (
            <div className="program-lower-third">
              <p className="program-lower-name">{show.lowerThird.name}</p>
              {show.lowerThird.line && <p className="program-lower-line">{show.lowerThird.line}</p>}
            </div>
          )}
        </>
      ) : (
        <div className="program-scene">
          <p className="program-scene-name">{sceneText[show.scene]}</p>
          {show.title && <p className="program-scene-title">{show.title}</p>}
          <p className="program-clock">{clockText(now)}</p>
        </div>
      )}
      {show.logo && (
        <img className="program-logo" src={show.logo.url} alt="" />
      )}
      {show.banner && <p className="program-banner">{show.banner}</p>}
    </div>
  );
}
