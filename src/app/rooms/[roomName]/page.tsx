import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GoLivePanel } from "@/components/livestream/go-live-panel";
import { RoomStage } from "@/components/room/room-stage";
import { requireUser } from "@/components/server/require-user";
import { sandboxSetting } from "@/lib/env";
import { roomNameSchema } from "@/lib/video/schemas";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ roomName: string }> };

/** The room name from the URL segment; null when it isn't a valid room name. */
async function roomFrom(params: Params["params"]): Promise<string | null> {
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

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const room = await roomFrom(params);
  return { title: room ? `${room} · golive` : "Room · golive" };
}

export default async function RoomPage({ params }: Params) {
  const room = await roomFrom(params);
  if (!room) notFound();
  await requireUser(`/rooms/${encodeURIComponent(room)}`);
  return (
    <main className="wide">
      <p className="breadcrumb">
        <Link href="/rooms">Rooms</Link> / <span aria-current="page">{room}</span>
      </p>
      <h1>
        Room <span className="room-title">{room}</span>
      </h1>
      <div className="studio">
        <RoomStage roomName={room} sandbox={sandboxSetting() === "on"} />
        <GoLivePanel roomName={room} />
      </div>
    </main>
  );
}
