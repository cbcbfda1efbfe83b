// Turns an API error into what a person reads, keeping the server's message as the detail where it
// adds something (docs/reference/errors.md).
import type { LivestreamRequest } from "../hooks/livestream-state";
import type { RequestError } from "./types";

/** The generic sentence, for a failure nothing more specific can be said about. */
export const GENERIC_ERROR_TITLE = "Something went wrong on our side. Please try again.";

export type Explanation = { title: string; detail?: string; signIn?: boolean };

export function explainError(error: RequestError, action: LivestreamRequest = "start"): Explanation {
  switch (error.code) {
    case "room_unavailable":
      return {
        title: "Nobody is in this room yet, so there is nothing to broadcast. Join the room (turn your camera on) and press Go live again.",
      };
    case "conflict":
      if (action === "change") return { title: "That change can't be made to the broadcast as it is now.", detail: error.message };
      return action === "start"
        ? {
            title:
              "This room is already live: someone (maybe you, in another tab) is broadcasting here. End that broadcast first, or open another room.",
          }
        : { title: "This broadcast has already ended. Reload the page to see its final state." };
    case "forbidden":
      // Two reasons: not a host of the room (a role only its owner can change), or a host who
      // isn't in the room right now.
      return error.message.startsWith("Only a host")
        ? { title: "Only the room's hosts can take it live. Ask its owner for a host invite link.", detail: error.message }
        : {
            title: "You can only go live from a room you are in. Join the room (turn your camera on) and press Go live again.",
            detail: error.message,
          };
    case "too_many":
      // The server's sentence says which limit and what to do (end a broadcast, wait N s).
      if (action === "change") return { title: "Too many changes to this broadcast in a short time. Wait a moment, then try again.", detail: error.message };
      if (action === "start") return { title: "You can't start another broadcast right now.", detail: error.message };
      return { title: "Too many requests in a short time. Wait a moment, then try again.", detail: error.message };
    case "bad_request":
      return action === "change"
        ? { title: "That change isn't valid.", detail: error.message }
        : { title: "Something in the form isn't valid. Fix the field below and try again.", detail: error.message };
    case "unauthorized":
      return { title: "Your session has ended. Sign in again, then come back to this room.", signIn: true };
    case "not_found":
      return { title: "There is no broadcast of yours here any more. It may have been ended in another tab; reload the page." };
    case "upstream_error":
    case "upstream_unavailable":
      if (action === "change") return { title: "That change didn't go through; the broadcast carries on as it was. Try again in a moment.", detail: error.message };
      if (error.code === "upstream_unavailable") {
        return { title: "The streaming service could not be reached. Nothing was left running. Try again in a minute.", detail: error.message };
      }
      return {
        title: "The streaming service refused the request, and nothing was left running. Wait a moment and try again; if it keeps happening, ask whoever runs this app to check its streaming settings.",
        detail: error.message,
      };
    case "not_configured":
      return { title: "Going live isn't set up on this server yet. Ask whoever runs it to set the missing settings.", detail: error.message };
    case "payload_too_large":
      return { title: "The request was too large for the server. Shorten what you entered (names, URLs, keys) and try again.", detail: error.message };
    case "invalid_signature":
      // Only webhooks answer this; a page seeing it has reached the wrong endpoint.
      return { title: "The server refused the request as unsigned. Reload the page and try again.", detail: error.message };
    case "network":
      return { title: "The server could not be reached. Check your connection and try again." };
    case "internal_error":
      return { title: GENERIC_ERROR_TITLE };
    default: {
      // Every code of the contract has a case above: a new one fails to compile here.
      const unexplained: never = error.code;
      void unexplained;
      return { title: GENERIC_ERROR_TITLE };
    }
  }
}
