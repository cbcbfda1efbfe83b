"use client";
// The composite template with real LiveKit: the egress's browser joins the room with the URL's
// token (EgressHelper), draws the program from the room's metadata and participants, signals
// START_RECORDING once the first frame can be shown, and follows UpdateLayout
// (docs/architecture.md, "The composite template"). Loaded in the browser only (composite-template.tsx).
import EgressHelper from "@livekit/egress-sdk";
import { RoomContext, useParticipants, useRoomInfo, useTracks, VideoTrack } from "@livekit/components-react";
import { Room, RoomEvent, Track } from "livekit-client";
import { useEffect, useRef, useState } from "react";
import { isOnStage, parseShow, type Layout } from "../../contract/client";
import { useNow } from "../hooks/use-now";
import { useStudioState } from "../studio/studio-state";
import { Program, type ProgramParticipant } from "./program";
import { layoutOr, readTemplateParams } from "./template-params";
import { TemplateProblem } from "./template-problem";

/** How long the page waits for on-stage video before it starts anyway: a scene or an empty stage needs none. */
const FIRST_FRAME_WAIT_MS = 5000;

const PARTICIPANT_EVENTS = [
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ParticipantAttributesChanged,
  RoomEvent.ParticipantNameChanged,
  RoomEvent.ActiveSpeakersChanged,
  RoomEvent.ConnectionStateChanged,
];

type Connection = { state: "connecting" } | { state: "connected" } | { state: "error"; problem: string };

export default function LivekitTemplate() {
  const [room] = useState(() => new Room({ adaptiveStream: true, dynacast: true }));
  const [connection, setConnection] = useState<Connection>({ state: "connecting" });
  const [layout, setLayout] = useState<Layout | null>(null);

  useEffect(() => {
    const read = readTemplateParams(window.location.search);
    if (!read.ok) {
      setConnection({ state: "error", problem: read.problem });
      return;
    }
    setLayout(read.params.layout);
    EgressHelper.onLayoutChanged((next) => setLayout(layoutOr(next, read.params.layout)));
    let left = false;
    room
      .connect(read.params.url, read.params.token)
      .then(() => {
        if (left) return;
        EgressHelper.setRoom(room);
        setConnection({ state: "connected" });
      })
      .catch(() => !left && setConnection({ state: "error", problem: "Could not join the room." }));
    return () => {
      left = true;
      void room.disconnect();
    };
  }, [room]);

  if (connection.state === "error") return <TemplateProblem problem={connection.problem} />;
  if (connection.state === "connecting" || !layout) return null;
  return (
    <RoomContext.Provider value={room}>
      <div className="golive program-page">
        <RoomProgram layout={layout} includeLocal={false} onFirstFrame={() => EgressHelper.startRecording()} />
      </div>
    </RoomContext.Provider>
  );
}

/**
 * The program of the room in context: the template's (without its own, hidden participant) and the
 * studio's preview (with the host's own camera). `onFirstFrame` runs once, when every on-stage
 * video shows a frame (or after FIRST_FRAME_WAIT_MS).
 */
export function RoomProgram({ layout, includeLocal, onFirstFrame }: { layout?: Layout; includeLocal: boolean; onFirstFrame?: () => void }) {
  const participants = useParticipants({ updateOnlyOn: PARTICIPANT_EVENTS });
  const { metadata } = useRoomInfo();
  const cameras = useTracks([Track.Source.Camera], { onlySubscribed: !includeLocal });
  const now = new Date(useNow());
  const frame = useRef<HTMLDivElement>(null);
  // In the studio, a control's change is drawn at once; the room's metadata then confirms it.
  const studio = useStudioState();
  const observed = parseShow(metadata);
  const show = studio?.known ? studio.show : observed;

  const program: ProgramParticipant[] = participants
    .filter((p) => includeLocal || !p.isLocal)
    .map((p) => {
      const camera = cameras.find((t) => t.participant.identity === p.identity && t.publication);
      return {
        identity: p.identity,
        name: p.name || p.identity,
        onStage: isOnStage(p.attributes),
        speaking: p.isSpeaking,
        tile: camera ? <VideoTrack trackRef={camera} /> : undefined,
      };
    });

  const observe = studio?.observe;
  const seen = JSON.stringify([metadata ?? "", program.map((p) => [p.identity, p.name, p.onStage])]);
  useEffect(() => {
    observe?.({ show: observed, participants: program });
    // `seen` stands for both: a new render's arrays are new objects with the same contents.
  }, [seen, observe]);

  const started = useRef(false);
  useEffect(() => {
    if (!onFirstFrame || started.current) return;
    const since = Date.now();
    const timer = setInterval(() => {
      const videos = [...(frame.current?.querySelectorAll("video") ?? [])];
      if (videos.every((v) => v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) || Date.now() - since > FIRST_FRAME_WAIT_MS) {
        clearInterval(timer);
        started.current = true;
        onFirstFrame();
      }
    }, 100);
    return () => clearInterval(timer);
  }, [onFirstFrame]);

  return (
    <div ref={frame} className="golive program-frame">
      <Program show={show} layout={layout ?? show.layout} participants={program} now={now} />
    </div>
  );
}
