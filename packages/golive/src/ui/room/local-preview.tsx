"use client";
// The sandbox's stand-in for the LiveKit room view: your camera, locally, or an animated test
// pattern when there is none (docs/ui.md, "The sandbox (`LIVESTREAM_SANDBOX=1`)").
import { useEffect, useRef, useState } from "react";
import { formatClock } from "../livestream/format";

type Source = "pending" | "camera" | "pattern";

const BARS = ["#c0c0c0", "#c0c000", "#00c0c0", "#00c000", "#c000c0", "#c00000", "#0000c0"];

function drawPattern(canvas: HTMLCanvasElement, label: string): () => void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return () => {};
  let frame = 0;
  const draw = () => {
    const { width, height } = canvas;
    const bar = width / BARS.length;
    BARS.forEach((color, i) => {
      ctx.fillStyle = color;
      ctx.fillRect(i * bar, 0, bar + 1, height * 0.75);
    });
    ctx.fillStyle = "#111";
    ctx.fillRect(0, height * 0.75, width, height * 0.25);
    ctx.fillStyle = "#fff";
    ctx.font = `${Math.round(height / 14)}px system-ui, sans-serif`;
    ctx.fillText(`${label} · ${formatClock(new Date())}`, 16, height * 0.88);
    frame = requestAnimationFrame(draw);
  };
  draw();
  return () => cancelAnimationFrame(frame);
}

export function LocalPreview({ label }: { label: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [source, setSource] = useState<Source>("pending");

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    const media = navigator.mediaDevices;
    const request = media?.getUserMedia ? media.getUserMedia({ video: { width: 1280, height: 720 }, audio: false }) : Promise.reject(new Error("no media devices"));
    request
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (video.current) video.current.srcObject = s;
        setSource("camera");
      })
      .catch(() => !cancelled && setSource("pattern"));
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  useEffect(() => {
    if (source !== "pattern" || !canvas.current) return;
    return drawPattern(canvas.current, label);
  }, [source, label]);

  return (
    <figure className="preview">
      <video ref={video} autoPlay muted playsInline hidden={source !== "camera"} aria-label="Your camera (local preview)" />
      <canvas ref={canvas} width={1280} height={720} hidden={source !== "pattern"} aria-label="Test pattern: no camera available" role="img" />
      {source === "pending" && <div className="preview-placeholder">Starting your camera…</div>}
      <figcaption className="muted">
        {source === "camera" && "Your camera, shown only in this browser."}
        {source === "pattern" && "No camera available: showing a test pattern instead."}
        {source === "pending" && "Asking for camera access…"}
      </figcaption>
    </figure>
  );
}
