"use client";
// Puts the signed-in user into the sandbox's emulated LiveKit room while the room page is open,
// join and leave chained in order (docs/ui.md, "The sandbox (`LIVESTREAM_SANDBOX=1`)").
import { useCallback, useEffect, useRef, useState } from "react";

export type Presence = "joining" | "in-room" | "leaving" | "left" | "error";

/** `presencePath`: the host's route that puts the user in or out of the sandbox's room (the app's `/api/sandbox/presence`). */
export function useSandboxPresence(room: string, presencePath: string) {
  const [presence, setPresence] = useState<Presence>("joining");
  // Chained so join and leave can't overtake each other: React's dev double-mount sends
  // join → leave → join in quick succession.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const wanted = useRef(true);

  const send = useCallback(
    (present: boolean) => {
      wanted.current = present;
      setPresence(present ? "joining" : "leaving");
      chain.current = chain.current.then(async () => {
        const ok = await fetch(presencePath, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ room, present }),
          // Not `keepalive`: an unmount by client-side navigation leaves the page alive, and a
          // closing page is covered by the beacon below.
        })
          // Read the answer to its end: an unread one is never reported finished (Chromium),
          // so the page would never count as idle.
          .then(async (r) => (await r.arrayBuffer(), r.ok))
          .catch(() => false);
        // Only the latest wish is shown; an older answer would flicker.
        if (wanted.current === present) setPresence(ok ? (present ? "in-room" : "left") : "error");
      });
      return chain.current;
    },
    [room, presencePath],
  );

  useEffect(() => {
    void send(true);
    // A closing tab can't await a fetch; a beacon is delivered after the page is gone.
    const onPageHide = () => navigator.sendBeacon(presencePath, new Blob([JSON.stringify({ room, present: false })], { type: "application/json" }));
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      void send(false);
    };
  }, [room, presencePath, send]);

  return { presence, join: () => send(true), leave: () => send(false) };
}
