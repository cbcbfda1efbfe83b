// A room's page (docs/ui.md, "Pages"): the room's body, room.tsx, under <Suspense>.
import type { Metadata } from "next";
import { Suspense } from "react";
import { type Params, Room, roomFrom } from "./room";

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const room = await roomFrom(params);
  return { title: room ? `${room} · golive` : "Room · golive" };
}

// No segment `dynamic`: the URL's room and the session are read under <Suspense>, as
// `cacheComponents` asks (docs/ui.md, "Pages").
export default function RoomPage({ params }: Params) {
  return (
    <Suspense fallback={<main className="wide"><p className="muted">Opening the room…</p></main>}>
      <Room params={params} />
    </Suspense>
  );
}

