"use client";
// golive's composite template, the page the egress opens (`customBaseUrl`): against real LiveKit
// it joins the room (loaded in the browser only, so the server never starts a WebRTC client);
// against the sandbox it reads the sandbox's room (docs/ui.md, "The composite template").
import dynamic from "next/dynamic";
import { SandboxTemplate } from "./sandbox-template";

const LivekitTemplate = dynamic(() => import("./livekit-template"), { ssr: false });

/** `sandbox`: the app runs against golive's offline sandbox (`sandboxSetting() === "on"`). */
export function CompositeTemplate({ sandbox }: { sandbox: boolean }) {
  return sandbox ? <SandboxTemplate /> : <LivekitTemplate />;
}
