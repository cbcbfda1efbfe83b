"use client";
// What the studio's program preview sees of the room (its show and who is in it), shared with the
// controls beside it, so they start from the room's real show and list its real stage
// (docs/ui.md, "Program preview").
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { DEFAULT_SHOW, type Show } from "../../contract/client";
import type { ProgramParticipant } from "../template/program";

export type ObservedRoom = { show: Show; participants: readonly ProgramParticipant[]; known: boolean };

type StudioState = ObservedRoom & { observe: (room: Omit<ObservedRoom, "known">) => void; setShow: (show: Show) => void };

const StudioContext = createContext<StudioState | null>(null);

export function StudioStateProvider({ children }: { children: ReactNode }) {
  const [room, setRoom] = useState<ObservedRoom>({ show: DEFAULT_SHOW, participants: [], known: false });
  const observe = useCallback((next: Omit<ObservedRoom, "known">) => setRoom({ ...next, known: true }), []);
  // A control's change shows at once; the next observation confirms it.
  const setShow = useCallback((show: Show) => setRoom((r) => ({ ...r, show })), []);
  const value = useMemo(() => ({ ...room, observe, setShow }), [room, observe, setShow]);
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}

/** The studio's shared state; null outside a StudioStateProvider (a preview then reports to nobody). */
export function useStudioState(): StudioState | null {
  return useContext(StudioContext);
}
