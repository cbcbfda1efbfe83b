// POST /api/sandbox/presence: sandbox only, puts you in or out of an emulated room (docs/reference/api.md).
import { NextResponse } from "next/server";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth";
import { authConfig } from "@/lib/env";
import "@/lib/golive";
import { sandboxControlUrl } from "@golive/next/config";
import { errorJson, readJson, withSession } from "@golive/next/http";
import { joinStageAttributes, openRoom } from "@golive/next/rooms";
import { roomNameSchema } from "@golive/next/contract";

// The sandbox has no WebRTC server, so opening a room page can't make you a participant the
// way LiveKit would. This route does it instead, through the sandbox's HTTP control API
// (never by importing packages/sandbox): present → joinRoom, not present → leaveRoom, with the
// same identity, name and stage attributes a LiveKit token would carry (the user id; hosts on
// stage, guests backstage unless the room says otherwise), and under the same rule as the token
// route: a room someone else owns in which you have no role is 404.
const bodySchema = z.object({ room: roomNameSchema, present: z.boolean({ error: "present must be true or false." }) });

// The app's own route, checked like golive's: the same session lookup and public URL as the host file.
const session = { getSessionUser, publicUrl: () => authConfig().baseURL };

export const POST = withSession(session, async (request, user) => {
  const controlUrl = sandboxControlUrl();
  if (!controlUrl) return errorJson("not_found", "Not in sandbox mode: join the room with a LiveKit client instead.");
  const { room, present } = await readJson(request, bodySchema);
  const joining = present ? { name: user.name ?? "", attributes: await joinStageAttributes(room, (await openRoom(room, user.id)).role) } : {};
  const method = present ? "joinRoom" : "leaveRoom";
  let response: Response;
  try {
    response = await fetch(`${controlUrl.replace(/\/+$/, "")}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ room, identity: user.id, ...joining }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    return errorJson("upstream_unavailable", "The sandbox could not be reached. Is `npm run dev` (or the test's sandbox) still running?");
  }
  if (!response.ok) return errorJson("upstream_error", `The sandbox refused ${method} (HTTP ${response.status}).`);
  return NextResponse.json({ room, identity: user.id, present });
});
