// An API error as sentences: what happened and what to do, then the server's detail
// (docs/reference/errors.md).
import Link from "next/link";
import type { ReactNode } from "react";
import type { LivestreamRequest } from "../hooks/livestream-state";
import { explainError } from "./explain-error";
import { plainPaths } from "./plain-paths";
import type { RequestError } from "./types";

type Props = { error: RequestError; action: LivestreamRequest; signInNext: string; children?: ReactNode };

export function ErrorNotice({ error, action, signInNext, children }: Props) {
  const { title, detail, signIn } = explainError(error, action);
  return (
    <div className="notice error-notice" role="alert">
      <p>{title}</p>
      {detail && detail !== title && <p className="muted">Details: {plainPaths(detail)}</p>}
      {signIn && <Link href={`/sign-in?next=${encodeURIComponent(signInNext)}`}>Sign in again</Link>}
      {children}
    </div>
  );
}
