// A room's page body: its stage and studio panel for members; claims a free name (docs/ui.md,
// "Pages"; docs/architecture.md, "Rooms and roles"). It reads the URL and the session, so the page
// renders it under <Suspense> (page.tsx); tests/integration/claims-after-sign-out.test.ts calls it.
import Link from "next/link";
import { notFound } from "next/navigation";
import { GoLivePanel, GuestStudio, InvitePanel, PeopleDrawer, roleLabel, RoomStage, StudioControls, StudioStateProvider } from "@golive/next/ui";
import { privateWatchers, sandboxSetting } from "@golive/next/config";
import { LivestreamError, roomNameSchema } from "@golive/next/contract";
import {
  listRemovals,
  listInvites,
  listMembers,
  openRoom,
  type RoomAccess,
  wasRemovedFrom,
} from "@golive/next/rooms";
import { golive } from "../../../lib/golive";

export type Params = { params: Promise<{ roomName: string }> };

/** The room name from the URL segment; null when it isn't a valid room name. */
export async function roomFrom(params: Params["params"]): Promise<string | null> {
  const { roomName: raw } = await params;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const parsed = roomNameSchema.safeParse(decoded);
  return parsed.success ? parsed.data : null;
}

/** Opening the page claims a name nobody owns; null when someone else owns it and you have no role. */
async function access(room: string, userId: string): Promise<RoomAccess | null> {
  try {
    return await openRoom(room, userId);
  } catch (error) {
    if (error instanceof LivestreamError && error.code === "not_found") return null;
    throw error;
  }
}

export async function Room({ params }: Params) {
  const room = await roomFrom(params);
  if (!room) notFound();
  // Opening the page may claim the room: a write, so the session is checked in the database.
  const user = await golive.pageUser(`/rooms/${encodeURIComponent(room)}`, { fresh: true });
  const mine = await access(room, user.id);
  const breadcrumb = (
    <p className="breadcrumb">
      <Link href="/rooms">Rooms</Link> / <span aria-current="page">{room}</span>
    </p>
  );
  if (!mine) {
    const removed = await wasRemovedFrom(room, user.id);
    return (
      <main className="narrow">
        {breadcrumb}
        <h1>
          Room <span className="room-title">{room}</span>
        </h1>
        <p className="notice error-notice" role="alert">
          {removed
            ? "You are no longer in this room: its owner removed you. To come back, ask them for a new invite link."
            : "This room belongs to someone else. To enter it, ask its owner for an invite link — or open a room of your own with another name."}
        </p>
        <p>
          <Link href="/rooms">Your rooms</Link>
        </p>
      </main>
    );
  }
  const [invites, members, removals] = mine.owner
    ? await Promise.all([listInvites(room, user.id), listMembers(room, user.id), listRemovals(room, user.id)])
    : [[], [], []];
  return (
    <main className="wide">
      {breadcrumb}
      <h1>
        Room <span className="room-title">{room}</span>{" "}
        <span className="pill role-pill" title={roleLabel[mine.role].can}>
          {mine.owner ? "owner" : roleLabel[mine.role].name}
        </span>
      </h1>
      {mine.owner && (
        <PeopleDrawer members={members.length}>
          <InvitePanel room={room} invites={invites} members={members} removals={removals} />
        </PeopleDrawer>
      )}
      <StudioStateProvider>
      <div className="studio">
        {/* The program preview and its controls: what the egress composes (docs/ui.md, "Program preview"). */}
        <div className="golive studio-column">
          <RoomStage roomName={room} publish={mine.role !== "viewer"} sandboxPresencePath={sandboxSetting() === "on" ? "/api/sandbox/presence" : undefined} program />
          <StudioControls roomName={room} canControl={mine.role === "host"} />
        </div>
        {mine.role === "host" ? (
          <GoLivePanel
            roomName={room}
            privateWatchers={privateWatchers()}
            startedBy={Object.fromEntries(members.flatMap((m) => (m.liveLivestreamId && m.userId !== user.id ? [[m.liveLivestreamId, m.name]] : [])))}
          />
        ) : (
          <GuestStudio roomName={room} identity={user.id} role={mine.role} />
        )}
      </div>
      </StudioStateProvider>
    </main>
  );
}
