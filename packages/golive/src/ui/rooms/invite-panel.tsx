"use client";
// The owner's view of who may enter their room: invite links, members, removals and letting back
// in; a new link is shown once (docs/ui.md, "Rooms, roles and the invite panel").
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useGoliveActions } from "../actions";
import { ConfirmDialog } from "../livestream/confirm-dialog";
import { CopyField } from "../livestream/copy-field";
import {
  DEFAULT_LINK_HOURS,
  linkLifetimes as lifetimes,
  utcMinute as when,
} from "../livestream/link-lifetimes";
import { type RoomRole, roomRoles } from "../../contract/client";
import type { RemovalView, InviteView, RoomMemberView } from "../../rooms";
import { roleLabel } from "./role-label";


export function InvitePanel({
  room,
  invites,
  members,
  removals,
}: {
  room: string;
  invites: InviteView[];
  members: RoomMemberView[];
  removals: RemovalView[];
}) {
  const router = useRouter();
  const { createRoomInvite, revokeRoomInvite, removeRoomMember, letRemovedBackIn } = useGoliveActions();
  const [role, setRole] = useState<RoomRole>("guest");
  const [hours, setHours] = useState<number>(DEFAULT_LINK_HOURS);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [removing, setRemoving] = useState<RoomMemberView | null>(null);
  const [revokeTheirLink, setRevokeTheirLink] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);
  // Links made here, listed at once: the server's list arrives with the refresh that follows.
  const [made, setMade] = useState<InviteView[]>([]);
  const listed = [...made.filter((m) => !invites.some((i) => i.id === m.id)), ...invites];

  async function run<T>(action: () => Promise<{ ok: true; data: T } | { ok: false; error: string }>): Promise<T | null> {
    setPending(true);
    setError(null);
    setNotes([]);
    const result = await action();
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    router.refresh();
    return result.data;
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const made = await run(() => createRoomInvite({ room, role, expiresInHours: hours }));
    if (!made) return;
    setMade((earlier) => [made.invite, ...earlier]);
    setLink(new URL(made.path, window.location.origin).toString());
  }

  return (
    <section className="golive card invite-panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">People in this room</h2>
      <p className="muted">This room is yours. Others enter it only with an invite link you send them.</p>
      {error && (
        <p className="notice error-notice" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={create}>
        <fieldset>
          <legend>New invite link</legend>
          {roomRoles.map((r) => (
            <label key={r} className="choice">
              <input type="radio" name="invite-role" value={r} checked={role === r} onChange={() => setRole(r)} />
              <span>
                <strong>{roleLabel[r].name}</strong> <span className="muted">— {roleLabel[r].can}</span>
              </span>
            </label>
          ))}
          <label htmlFor="invite-lifetime">Link works for</label>
          <select id="invite-lifetime" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {lifetimes.map((l) => (
              <option key={l.hours} value={l.hours}>
                {l.label}
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending}>
            {pending ? "Working…" : "Create invite link"}
          </button>
        </fieldset>
      </form>
      {notes.length > 0 && (
        <div className="notice" role="status">
          {notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      {link && <CopyField id="invite-link" label="Invite link (shown once: copy it now)" value={link} />}

      <h3>Invite links</h3>
      {listed.length === 0 ? (
        <p className="muted">No invite links yet.</p>
      ) : (
        <ul className="destination-list" aria-label="Invite links">
          {listed.map((invite) => (
            <li key={invite.id}>
              <div className="dest-main">
                <strong>{roleLabel[invite.role].name}</strong>
                <span className="masked-url">
                  {invite.state === "active" ? `works until ${when(new Date(invite.expiresAt))}` : invite.state === "revoked" ? "revoked" : "expired"}
                </span>
              </div>
              {invite.state === "active" ? (
                <button type="button" className="secondary small" disabled={pending} onClick={() => void run(() => revokeRoomInvite({ inviteId: invite.id }))}>
                  Revoke
                </button>
              ) : (
                <span className="state-chip">{invite.state}</span>
              )}
            </li>
          ))}
        </ul>
      )}

      <h3>Members</h3>
      <ul className="destination-list" aria-label="Members">
        {members.map((m) => (
          <li key={m.userId}>
            <div className="dest-main">
              <strong>{m.name}</strong> {m.liveLivestreamId && <span className="state-chip live">live</span>}
              <span className="masked-url">{m.owner ? "Owner · host" : roleLabel[m.role].name}</span>
            </div>
            {!m.owner && (
              <button
                type="button"
                className="secondary small"
                disabled={pending}
                aria-label={`Remove ${m.name}`}
                onClick={() => {
                  setRevokeTheirLink(false);
                  setRemoving(m);
                }}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {removals.length > 0 && (
        <>
          <h3>Removed</h3>
          <p className="muted">No link made before their removal lets them in. Letting someone back in makes the link they joined with work again, if it still works.</p>
          <ul className="destination-list" aria-label="Removed">
            {removals.map((r) => (
              <li key={r.userId}>
                <div className="dest-main">
                  <strong>{r.name}</strong>
                  <span className="masked-url">removed {when(new Date(r.removedAt))}</span>
                </div>
                <button
                  type="button"
                  className="secondary small"
                  disabled={pending}
                  aria-label={`Let ${r.name} back in`}
                  onClick={() =>
                    void run(() => letRemovedBackIn({ room, userId: r.userId })).then((done) => {
                      if (done) setNotes([`${r.name} can come back with the invite link they joined with, if it still works.`]);
                    })
                  }
                >
                  Let back in
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? "this member"}?`}
        confirmLabel="Remove"
        cancelLabel="Keep"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const member = removing;
          setRemoving(null);
          if (!member) return;
          void run(() => removeRoomMember({ room, userId: member.userId, revokeInvite: revokeTheirLink })).then((done) => {
            if (!done) return;
            const what = done.stoppedLivestreamId ? `${member.name} was removed, and their broadcast has ended.` : `${member.name} was removed.`;
            setNotes([what, ...done.problems]);
          });
        }}
      >
        {removing?.liveLivestreamId && (
          <p className="notice" role="alert">
            {removing.name} is live in this room: removing them ends their broadcast now and takes them out of the room.
          </p>
        )}
        <p>
          They leave the room at once, their share links stop working, and they won&apos;t be able to rejoin with any link made before now — only
          with a new invite link.
        </p>
        {removing?.inviteId && (
          <label className="choice">
            <input type="checkbox" checked={revokeTheirLink} onChange={(e) => setRevokeTheirLink(e.target.checked)} />
            <span>Also revoke the invite link they joined with (nobody else can use it then)</span>
          </label>
        )}
      </ConfirmDialog>
    </section>
  );
}
