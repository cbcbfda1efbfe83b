// GET /api/health: liveness (docs/reference/api.md).
import { NextResponse } from "next/server";

/** Liveness: answers without touching the database or upstream (also the bench's baseline route). */
export function GET() {
  return NextResponse.json({ ok: true });
}
