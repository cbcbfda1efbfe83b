import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/components/server/require-user";
import { listLivestreams } from "@/lib/video/livestream";
import { OpenRoomForm } from "./open-room-form";

export const metadata: Metadata = { title: "Rooms · golive" };
export const dynamic = "force-dynamic";

export default async function RoomsPage() {
  const user = await requireUser("/rooms");
  // Rooms you have broadcast from recently, as shortcuts.
  const recent = [...new Set((await listLivestreams(user.id, { limit: 50 })).map((l) => l.roomName))].slice(0, 8);
  return (
    <main className="narrow">
      <h1>Rooms</h1>
      <p className="muted">A room is where you and your guests meet. Open one by name, then go live from it.</p>
      <OpenRoomForm />
      {recent.length > 0 && (
        <section aria-labelledby="recent-heading" className="card">
          <h2 id="recent-heading">Your recent rooms</h2>
          <ul className="link-list">
            {recent.map((room) => (
              <li key={room}>
                <Link href={`/rooms/${encodeURIComponent(room)}`}>{room}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
