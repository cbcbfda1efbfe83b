// The root layout of every page (docs/ui.md, "Pages").
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { getSessionUser } from "@/lib/auth";
import { sandboxSetting } from "@golive/next/config";
import { GoliveUi } from "../components/golive-ui";
import { SignOutButton } from "./sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: "golive",
  description: "Go live from a LiveKit room to MUX, YouTube, Twitch or any RTMP server.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser(await headers());
  const sandbox = sandboxSetting() === "on";
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            golive
          </Link>
          {sandbox && (
            <span className="pill sandbox-pill" title="MUX and LiveKit are local emulators">
              Sandbox
            </span>
          )}
          <nav aria-label="Main">
            {user && (
              <>
                <Link href="/rooms">Rooms</Link>
                <Link href="/recordings">Recordings</Link>
              </>
            )}
          </nav>
          <div className="account">
            {user ? (
              <>
                <span className="muted user-name">{user.name}</span>
                <SignOutButton />
              </>
            ) : (
              <Link href="/sign-in">Sign in</Link>
            )}
          </div>
        </header>
        <div id="content">
          <GoliveUi>{children}</GoliveUi>
        </div>
      </body>
    </html>
  );
}
