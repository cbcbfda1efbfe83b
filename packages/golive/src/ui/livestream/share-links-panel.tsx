"use client";
// Share links of a private broadcast in the studio panel: make one (shown once), list, revoke
// (docs/architecture.md, "Private broadcasts").
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useGoliveActions } from "../actions";
import type { ShareLink } from "../../contract/client";
import { CopyField } from "./copy-field";
import { DEFAULT_LINK_HOURS, linkLifetimes, utcMinute } from "./link-lifetimes";
import { type PrivateWatchers, privateAudience } from "./private-audience";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };

export function ShareLinksPanel({ livestreamId, privateWatchers }: { livestreamId: string; privateWatchers: PrivateWatchers }) {
  const { createShareLink, revokeShareLink, shareLinksOf } = useGoliveActions();
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [hours, setHours] = useState<number>(DEFAULT_LINK_HOURS);
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const reload = useCallback(async () => {
    const result = await shareLinksOf({ livestreamId }).catch(() => null);
    if (result?.ok) setLinks(result.data);
  }, [livestreamId, shareLinksOf]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function run<T>(action: () => Promise<Result<T>>): Promise<T | null> {
    setPending(true);
    setError(null);
    const result = await action().catch((): Result<T> => ({ ok: false, error: "The server could not be reached. Try again." }));
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    await reload();
    return result.data;
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const created = await run(() => createShareLink({ livestreamId, expiresInHours: hours }));
    if (created) setMade(new URL(created.path, window.location.origin).toString());
  }

  return (
    <section className="golive share-links" aria-labelledby="share-heading">
      <h3 id="share-heading">Share links</h3>
      <p className="muted">
        This broadcast is private: {privateAudience[privateWatchers]} can watch it, and so can anyone you send a share link to.
      </p>
      {error && (
        <p className="notice error-notice" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={create} className="inline-form">
        <label htmlFor="share-lifetime">Link works for</label>
        <select id="share-lifetime" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {linkLifetimes.map((l) => (
            <option key={l.hours} value={l.hours}>
              {l.label}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={pending}>
          {pending ? "Working…" : "Create share link"}
        </button>
      </form>
      {made && <CopyField id="share-link" label="Share link (shown once: copy it now)" value={made} />}
      {links.length > 0 && (
        <ul className="destination-list" aria-label="Share links">
          {links.map((link) => (
            <li key={link.id}>
              <div className="dest-main">
                <strong>Made {utcMinute(link.createdAt)}</strong>
                <span className="masked-url">
                  {link.revokedAt ? `revoked ${utcMinute(link.revokedAt)}` : `${link.state === "active" ? "works until" : "ended"} ${utcMinute(link.expiresAt)}`}
                </span>
              </div>
              {link.state === "active" ? (
                <button type="button" className="secondary small" disabled={pending} onClick={() => void run(() => revokeShareLink({ linkId: link.id }))}>
                  Revoke<span className="visually-hidden"> the link made {utcMinute(link.createdAt)}</span>
                </button>
              ) : (
                <span className="state-chip">{link.state}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
