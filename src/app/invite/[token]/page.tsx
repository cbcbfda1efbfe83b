// The invite landing page (docs/ui.md, "Rooms, roles and the invite panel").
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { roleLabel } from "@golive/next/ui";
import { describeInvite, roleIn } from "@golive/next/rooms";
import { golive } from "../../../lib/golive";
import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Invitation · golive", referrer: "no-referrer" };

type Params = { params: Promise<{ token: string }> };

// Opening the link shows what it offers; joining is a button (a POST), so a link fetched
// by a preview bot or an <img> on another site never adds anyone to a room. No segment `dynamic`:
// the token and the session are read under <Suspense>, as `cacheComponents` asks (docs/ui.md, "Pages").
export default function InvitePage({ params }: Params) {
  return (
    <Suspense fallback={<main className="narrow"><p className="muted">Opening the invite…</p></main>}>
      <Invite params={params} />
    </Suspense>
  );
}

async function Invite({ params }: Params) {
  const { token: raw } = await params;
  const token = decodeURIComponent(raw);
  const user = await golive.pageUser(`/invite/${encodeURIComponent(token)}`);
  const invite = await describeInvite(token);
  if (!invite) {
    return (
      <main className="narrow">
        <h1>This invite link doesn&apos;t work</h1>
        <p className="notice error-notice" role="alert">
          It may have expired or been revoked by the room&apos;s owner. Ask them for a new link.
        </p>
        <p>
          <Link href="/rooms">Your rooms</Link>
        </p>
      </main>
    );
  }
  const current = await roleIn(invite.room, user.id);
  const label = roleLabel[invite.role];
  return (
    <main className="narrow">
      <h1>
        Join room <span className="room-title">{invite.room}</span>
      </h1>
      <section className="card">
        <p>
          You are invited as <strong>{label.name}</strong>: {label.can}.
        </p>
        {current && current !== "unowned" && (
          <p className="muted">You are already in this room as {roleLabel[current.role].name.toLowerCase()}; an invite never lowers your role.</p>
        )}
        <p className="hint">The link works until {invite.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.</p>
        <AcceptInviteForm token={token} room={invite.room} />
      </section>
    </main>
  );
}
