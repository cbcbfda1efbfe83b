"use server";
// Server actions for clips and MP4s: golive's action bodies for this host (src/lib/golive.ts;
// docs/ui.md, "Embedding: server actions, hook, components").
import { golive } from "../../lib/golive";

type Actions = typeof golive.actions;

/** A broadcast's recorded parts, each with its MP4 and its clips. */
export async function listClips(input: Parameters<Actions["listClips"]>[0]): ReturnType<Actions["listClips"]> {
  return golive.actions.listClips(input);
}

/** Clip the last 30 s / 60 s / 5 min while live, or a range of a recorded part. */
export async function createClip(input: Parameters<Actions["createClip"]>[0]): ReturnType<Actions["createClip"]> {
  return golive.actions.createClip(input);
}

/** Ask MUX for a frame-accurate clip asset of a clip. */
export async function makeClipAsset(input: Parameters<Actions["makeClipAsset"]>[0]): ReturnType<Actions["makeClipAsset"]> {
  return golive.actions.makeClipAsset(input);
}

/** Delete a clip and its MUX asset. */
export async function deleteClip(input: Parameters<Actions["deleteClip"]>[0]): ReturnType<Actions["deleteClip"]> {
  return golive.actions.deleteClip(input);
}

/** Ask for the MP4 of a clip or of a recorded part. */
export async function requestMp4(input: Parameters<Actions["requestMp4"]>[0]): ReturnType<Actions["requestMp4"]> {
  return golive.actions.requestMp4(input);
}
