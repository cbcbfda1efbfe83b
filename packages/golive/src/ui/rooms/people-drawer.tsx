"use client";
// The room's people and invite links, in a drawer opened from the page's header, so the studio
// keeps the page (docs/ui.md, "The people drawer").
import { type ReactNode, useEffect, useRef } from "react";

export function PeopleDrawer({ members, children }: { members: number; children: ReactNode }) {
  const drawer = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (!drawer.current) return;
    drawer.current.open = false;
    drawer.current.querySelector("summary")?.focus();
  };
  // A press anywhere else closes it, as a drawer does.
  useEffect(() => {
    const outside = (event: PointerEvent) => {
      const open = drawer.current;
      if (open?.open && event.target instanceof Node && !open.contains(event.target)) open.open = false;
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, []);
  return (
    <details ref={drawer} className="golive people-drawer">
      <summary>
        People and invites <span className="pill">{members}</span>
      </summary>
      <aside className="drawer" aria-label="People and invites" onKeyDown={(e) => e.key === "Escape" && close()}>
        <div className="drawer-head">
          <span className="muted">Members, invite links and removals</span>
          <button type="button" className="secondary small" onClick={close}>
            Close
          </button>
        </div>
        {children}
      </aside>
    </details>
  );
}
